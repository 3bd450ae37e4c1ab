package io.github.seer4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingImageFolderTest {

    private static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                b.setRGB(x, y, rgb);
            }
        }
        return b;
    }

    private static void jpeg(BufferedImage b, Path file) throws IOException {
        assertTrue(ImageIO.write(b, "jpg", file.toFile()));
    }

    /** A two-frame GIF: red first, blue second. */
    private static void animatedGif(Path file) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            w.setOutput(out);
            w.prepareWriteSequence(null);
            w.writeToSequence(new IIOImage(solid(16, 12, 0xff0000), null, null), null);
            w.writeToSequence(new IIOImage(solid(16, 12, 0x0000ff), null, null), null);
            w.endWriteSequence();
        }
        w.dispose();
    }

    /**
     * An Adobe CMYK JPEG of one orange colour: stored inverted (255 = no ink), C 0, M 50%, Y 100%, K 0, i.e. the
     * samples (255, 127, 0, 255), with the APP14 "Adobe" marker (transform 0) that says they are CMYK.
     */
    private static void cmykJpeg(Path file) throws IOException {
        WritableRaster r = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                r.setPixel(x, y, new int[] {255, 127, 0, 255});
            }
        }
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            w.setOutput(out);
            w.write(null, new IIOImage(r, null, null), null);
        }
        w.dispose();
        byte[] d = bytes.toByteArray();
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] o = new byte[d.length + adobe.length];
        System.arraycopy(d, 0, o, 0, 2); // after SOI
        System.arraycopy(adobe, 0, o, 2, adobe.length);
        System.arraycopy(d, 2, o, 2 + adobe.length, d.length - 2);
        Files.write(file, o);
    }

    private static Map<String, String> readLog(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        assertEquals("path\treason", lines.get(0));
        Map<String, String> m = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            assertEquals(2, f.length, line);
            m.put(Path.of(f[0]).getFileName().toString(), f[1]);
        }
        return m;
    }

    @Test
    void mixedFolderTrainsTheGoodFilesAndNamesEveryBadOne(@TempDir Path dir) throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        Path sub = Files.createDirectories(photos.resolve("sub"));
        jpeg(solid(40, 30, 0x808080), photos.resolve("good.jpg"));
        BufferedImage gray16 = new BufferedImage(20, 10, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(3, 4, 0, 65535);
        ImageIO.write(gray16, "png", photos.resolve("gray16.png").toFile());
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {0, (byte) 255}, new byte[] {0, 0},
                new byte[] {0, 0});
        BufferedImage indexed = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setSample(5, 6, 0, 1);
        ImageIO.write(indexed, "png", sub.resolve("palette.png").toFile());
        BufferedImage argb = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(2, 3, 0x4000ff00); // a quarter opaque green: the colour stays, the alpha goes
        ImageIO.write(argb, "png", sub.resolve("alpha.png").toFile());
        animatedGif(photos.resolve("anim.gif"));
        ImageIO.write(solid(1, 1, 0xffffff), "png", photos.resolve("tiny.png").toFile());
        cmykJpeg(photos.resolve("cmyk.jpg"));
        BufferedImage noise = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                noise.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        Path whole = dir.resolve("whole.jpg");
        jpeg(noise, whole);
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(photos.resolve("truncated.jpg"), Arrays.copyOf(bytes, bytes.length / 2));
        Files.writeString(photos.resolve("fake.jpg"), "this is a text file, not a JPEG");
        Files.write(photos.resolve("empty.jpg"), new byte[0]);
        Files.writeString(photos.resolve("notes.txt"), "not an image name");
        Files.createSymbolicLink(sub.resolve("loop"), photos);
        Files.createSymbolicLink(photos.resolve("dangling.jpg"), dir.resolve("nowhere.jpg"));
        Path locked = Files.createDirectories(photos.resolve("locked"));
        jpeg(solid(20, 20, 0x101010), locked.resolve("inside.jpg"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        boolean root = Files.isReadable(locked); // root reads it anyway: then it trains
        // a name that is not valid UTF-8 (byte 0xE9, Latin-1 e-acute): Java cannot spell it, the shell can
        Process p = new ProcessBuilder("sh", "-c", "cp good.jpg \"$(printf 'caf\\351.jpg')\"")
                .directory(photos.toFile()).inheritIO().start();
        assertEquals(0, p.waitFor());

        Path tsv = dir.resolve("run/skipped.tsv");
        int good = 7 + (root ? 1 : 0); // good, gray16, palette, alpha, anim, cmyk, café (+ locked/inside)
        try (SkipLog log = SkipLog.to(tsv)) {
            StreamingImageFolder f = StreamingImageFolder.open(photos, 16, log);
            // listed: the 12 image names that are non-empty regular files (inside.jpg only when readable)
            assertEquals(good + 3, f.size());
            int cafe = -1;
            for (int i = 0; i < f.size(); i++) {
                Image img = f.image(i);
                assertTrue(img.height() >= ImageDecoder.MIN_SIDE);
                if (f.path(i).toString().contains("caf\uFFFD")) {
                    cafe = i;
                }
            }
            assertTrue(cafe >= 0, "the non-UTF-8 name is listed");
            Image c = f.image(cafe);
            assertEquals(List.of(3, 30, 40), List.of(c.channels(), c.height(), c.width()));
            assertEquals(0x80 / 255f, c.at(1, 15, 20), 2 / 255f);
            assertEquals(3, f.unusable(), Files.readString(tsv));
        }
        Map<String, String> skipped = readLog(tsv);
        assertTrue(skipped.get("tiny.png").startsWith("too small: 1x1"), skipped.toString());
        assertTrue(skipped.get("truncated.jpg").startsWith("truncated"), skipped.toString());
        assertTrue(skipped.get("fake.jpg").startsWith("not an image"), skipped.toString());
        assertEquals("empty file (0 bytes)", skipped.get("empty.jpg"));
        assertTrue(skipped.get("notes.txt").startsWith("not an image name (.txt)"), skipped.toString());
        assertTrue(skipped.get("loop").startsWith("symbolic link loop"), skipped.toString());
        assertTrue(skipped.get("dangling.jpg").startsWith("broken symbolic link"), skipped.toString());
        if (!root) {
            assertEquals("unreadable: permission denied", skipped.get("locked"));
        }
        assertEquals(root ? 7 : 8, skipped.size(), skipped.toString());
        assertFalse(skipped.keySet().stream().anyMatch(k -> k.startsWith("caf")), "the non-UTF-8 name trains");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void decodesEachKindAsStored(@TempDir Path dir) throws Exception {
        BufferedImage gray16 = new BufferedImage(20, 10, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(3, 4, 0, 65535);
        gray16.getRaster().setSample(4, 4, 0, 32768);
        ImageIO.write(gray16, "png", dir.resolve("g.png").toFile());
        Image g = ImageDecoder.decode(dir.resolve("g.png"), 0);
        assertEquals(1, g.channels());
        assertEquals(1f, g.at(0, 4, 3), 1e-6);
        assertEquals(32768 / 65535f, g.at(0, 4, 4), 1e-6);
        assertEquals(0f, g.at(0, 0, 0), 1e-6);

        BufferedImage argb = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(2, 3, 0x4000ff00);
        ImageIO.write(argb, "png", dir.resolve("a.png").toFile());
        Image a = ImageDecoder.decode(dir.resolve("a.png"), 0);
        assertEquals(List.of(0f, 1f, 0f), List.of(a.at(0, 3, 2), a.at(1, 3, 2), a.at(2, 3, 2)));

        cmykJpeg(dir.resolve("cmyk.jpg"));
        Image orange = ImageDecoder.decode(dir.resolve("cmyk.jpg"), 0);
        assertEquals(3, orange.channels());
        assertTrue(orange.at(0, 8, 8) > 0.9f && orange.at(2, 8, 8) < 0.1f, "CMYK converts: full red, no blue");
        assertTrue(orange.at(1, 8, 8) > 0.3f && orange.at(1, 8, 8) < 0.8f, "... and some green: orange");

        animatedGif(dir.resolve("anim.gif"));
        Image first = ImageDecoder.decode(dir.resolve("anim.gif"), 0);
        assertEquals(List.of(1f, 0f, 0f), List.of(first.at(0, 5, 5), first.at(1, 5, 5), first.at(2, 5, 5)),
                "an animated GIF trains on its first (red) frame");
    }

    @Test
    void largeImagesDecodeSubsampledNearTheNeededSize(@TempDir Path dir) throws Exception {
        // 3000x2000 gray, column x holding (x / 1000) * 100: subsampling by 20 keeps every 20th column from 0
        BufferedImage big = new BufferedImage(3000, 2000, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = big.getRaster();
        int[] row = new int[3000];
        for (int x = 0; x < 3000; x++) {
            row[x] = (x / 1000) * 100;
        }
        for (int y = 0; y < 2000; y++) {
            r.setSamples(0, y, 3000, 1, 0, row);
        }
        ImageIO.write(big, "png", dir.resolve("big.png").toFile());
        Image img = ImageDecoder.decode(dir.resolve("big.png"), 100); // factor 2000 / 100 = 20
        assertEquals(List.of(1, 100, 150), List.of(img.channels(), img.height(), img.width()));
        assertEquals(0f, img.at(0, 50, 49), 1e-6);   // source column 980
        assertEquals(100 / 255f, img.at(0, 50, 50), 1e-6); // source column 1000
        assertEquals(200 / 255f, img.at(0, 99, 149), 1e-6);
        Image near = ImageDecoder.decode(dir.resolve("big.png"), 700); // factor 2: 1000 rows, never below 700
        assertEquals(List.of(1000, 1500), List.of(near.height(), near.width()));
    }

    @Test
    void emptyOrAllBadDataIsAClearError(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> StreamingImageFolder.open(empty, 0, SkipLog.inMemory()));
        assertTrue(e.getMessage().startsWith("no image files under " + empty), e.getMessage());
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("a.jpg"), "text");
        Files.writeString(bad.resolve("b.png"), "text");
        StreamingImageFolder f = StreamingImageFolder.open(bad, 0, SkipLog.inMemory());
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> f.image(1));
        assertTrue(s.getMessage().startsWith("no usable image in " + bad + ": all 2 listed files were skipped"),
                s.getMessage());
    }

    @Test
    void listFileNamesImagesRelativeToItsFolder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("x"));
        ImageIO.write(solid(9, 8, 0xff0000), "png", dir.resolve("x/red.png").toFile());
        ImageIO.write(solid(9, 8, 0x0000ff), "png", dir.resolve("blue.png").toFile());
        Path list = dir.resolve("list.txt");
        Files.writeString(list, "# my photos\nx/red.png\n\n" + dir.resolve("blue.png") + "\nmissing.jpg\n");
        SkipLog log = SkipLog.inMemory();
        StreamingImageFolder f = StreamingImageFolder.open(list, 0, log);
        assertEquals(2, f.size());
        assertEquals(1f, f.image(0).at(0, 0, 0)); // list order is kept: red first
        assertEquals(1f, f.image(1).at(2, 0, 0));
        assertTrue(log.contains(dir.resolve("missing.jpg")));
    }
}
