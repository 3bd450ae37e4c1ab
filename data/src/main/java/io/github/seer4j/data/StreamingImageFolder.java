package io.github.seer4j.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Any number of images under a folder (recursively, symbolic links followed, in sorted path order) or named in a list
 * file (one path a line, relative to the list's folder; blank lines and {@code #} comments ignored), decoded on demand
 * by the calling thread and never held: only the paths stay in memory, compactly ({@link PathList}). Images are
 * decoded subsampled near {@code shortSide} pixels on the short side ({@link ImageDecoder}).
 *
 * <p>Bad entries never stop a run: the listing logs unreadable folders, symbolic link loops, broken links, empty files
 * and names that are not images; a file that fails to decode is logged with its reason the first time it is asked for,
 * and {@link #image} returns the next usable file in path order instead (so an epoch keeps its size and order, and a
 * resumed run sees the same images). Only when no file decodes does {@link #image} throw.
 */
public final class StreamingImageFolder implements ImageSource {

    /** File name endings (lower case) that are listed as images. */
    public static final List<String> IMAGE_SUFFIXES = List.of(".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif",
            ".tiff");

    private final Path source;
    private final PathList paths;
    private final int shortSide;
    private final SkipLog log;
    private final BitSet bad = new BitSet();

    private StreamingImageFolder(Path source, PathList paths, int shortSide, SkipLog log) {
        this.source = source;
        this.paths = paths;
        this.shortSide = shortSide;
        this.log = log;
    }

    /**
     * Lists the images of {@code folderOrList} (a folder, or a text file of paths), logging what is skipped while
     * listing to {@code log}; {@code shortSide} is the decode size (0 = full size).
     *
     * @throws IOException when the folder or list does not exist, or lists no candidate image at all
     */
    public static StreamingImageFolder open(Path folderOrList, int shortSide, SkipLog log) throws IOException {
        PathList list;
        if (Files.isDirectory(folderOrList)) {
            list = walk(folderOrList, log);
        } else if (Files.isRegularFile(folderOrList)) {
            list = readList(folderOrList, log);
        } else {
            throw new IOException("image data " + folderOrList + " does not exist; give a folder of images or a text"
                    + " file listing image paths");
        }
        if (list.size() == 0) {
            throw new IOException("no image files under " + folderOrList + " (" + log.count()
                    + " entries skipped" + (log.file() == null ? "" : ", see " + log.file())
                    + "); images are files ending in " + String.join(", ", IMAGE_SUFFIXES));
        }
        return new StreamingImageFolder(folderOrList, list, shortSide, log);
    }

    static boolean isImageName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (String s : IMAGE_SUFFIXES) {
            if (n.endsWith(s)) {
                return true;
            }
        }
        return false;
    }

    private static PathList walk(Path root, SkipLog log) throws IOException {
        PathList list = new PathList(root);
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        consider(file, attrs, list, log);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        log.skip(file, listingFailure(e));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                        if (e != null) {
                            log.skip(dir, "folder listing stopped: " + listingFailure(e));
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        list.sort();
        return list;
    }

    private static void consider(Path file, BasicFileAttributes attrs, PathList list, SkipLog log) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (attrs.isSymbolicLink()) {
            log.skip(file, "broken symbolic link (its target does not exist)");
        } else if (!attrs.isRegularFile()) {
            log.skip(file, "not a regular file");
        } else if (!isImageName(name)) {
            int dot = name.lastIndexOf('.');
            log.skip(file, "not an image name (" + (dot < 0 ? "no extension" : name.substring(dot)) + "); images end in "
                    + String.join(", ", IMAGE_SUFFIXES));
        } else if (attrs.size() == 0) {
            log.skip(file, "empty file (0 bytes)");
        } else {
            list.add(file);
        }
    }

    private static String listingFailure(IOException e) {
        if (e instanceof FileSystemLoopException) {
            return "symbolic link loop (links back to a folder above it; not followed)";
        }
        if (e instanceof AccessDeniedException) {
            return "unreadable: permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "broken symbolic link or vanished file";
        }
        return "unreadable: " + e.getClass().getSimpleName() + " " + ImageDecoder.oneLine(String.valueOf(e.getMessage()));
    }

    private static PathList readList(Path listFile, SkipLog log) throws IOException {
        Path base = listFile.toAbsolutePath().getParent();
        PathList list = new PathList(base);
        try (var lines = Files.lines(listFile, StandardCharsets.UTF_8)) {
            for (var it = lines.iterator(); it.hasNext();) {
                String line = it.next().strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Path p = base.resolve(line);
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (IOException e) {
                    log.skip(p, listingFailure(e));
                    continue;
                }
                consider(p, attrs, list, log);
            }
        }
        return list;
    }

    /** The folder or list file the images come from. */
    public Path source() {
        return source;
    }

    /** Short side the images are decoded near (0 = full size). */
    public int shortSide() {
        return shortSide;
    }

    public SkipLog skipLog() {
        return log;
    }

    /** The file of entry {@code index}. */
    public Path path(int index) {
        return paths.get(index);
    }

    /** Entries listed (including files that turn out not to decode). */
    @Override
    public int size() {
        return paths.size();
    }

    /**
     * Entry {@code index} decoded, or, when it does not decode (logged once), the next entry in path order that does.
     *
     * @throws IllegalStateException when no entry decodes
     */
    @Override
    public Image image(int index) {
        int n = paths.size();
        for (int k = 0; k < n; k++) {
            int j = (index + k) % n;
            synchronized (bad) {
                if (bad.get(j)) {
                    continue;
                }
            }
            Path p = paths.get(j);
            try {
                return ImageDecoder.decode(p, shortSide);
            } catch (ImageDecoder.UnusableImageException e) {
                synchronized (bad) {
                    bad.set(j);
                }
                log.skip(p, e.getMessage());
            }
        }
        throw new IllegalStateException("no usable image in " + source + ": all " + n + " listed files were skipped"
                + (log.file() == null ? "" : " (reasons in " + log.file() + ")")
                + "; give a folder of JPEG/PNG photos");
    }

    /** Entries found not to decode so far. */
    public int unusable() {
        synchronized (bad) {
            return bad.cardinality();
        }
    }

    /** Bytes the path list holds (for the memory benchmark). */
    public long pathBytes() {
        return paths.compactBytes();
    }
}
