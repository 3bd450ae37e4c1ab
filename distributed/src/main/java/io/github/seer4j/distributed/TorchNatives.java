package io.github.seer4j.distributed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bytedeco.javacpp.Loader;

/**
 * Loads PyTorch's natives (org.bytedeco:pytorch) once per JVM: every file of the platform's native folder is unpacked
 * into JavaCPP's cache before the first library is opened, once per cache (a marker file records it), holding a file
 * lock there so that JVMs started together (the ranks of {@code launch}) never open a half-written file. Unpacked one at a time instead, {@code libtorch.so} is
 * opened before {@code libtorch_cpu.so} is there, and the dynamic loader resolves it to a system copy (Debian's
 * python3-torch installs {@code /lib/x86_64-linux-gnu/libtorch_cpu.so}): two PyTorch versions in one process, a crash.
 */
final class TorchNatives {

    private static boolean loaded;

    private TorchNatives() {
    }

    /** Unpacks (on first use of the cache) and loads PyTorch's natives; later calls return at once. */
    static synchronized void load() {
        if (loaded) {
            return;
        }
        String folder = "/org/bytedeco/pytorch/" + Loader.getPlatform() + "/";
        try {
            Path lock = Loader.getCacheDir().toPath().resolve(".seer4j-pytorch.lock");
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                // unpacked once per cache, later JVMs only open the files (a rank of launch once crashed in the dynamic
                // loader right after the other rank had re-checked the unpacked files and loaded them)
                Path done = Loader.getCacheDir().toPath().resolve(".seer4j-pytorch-" + version(folder) + ".unpacked");
                if (!unpacked(done)) {
                    java.io.File[] dirs = Loader.cacheResources(folder);
                    if (dirs.length == 0) {
                        throw new IllegalStateException("PyTorch's natives for " + Loader.getPlatform() + " are not "
                                + "on the class path (" + folder + "); add org.bytedeco:pytorch with the classifier "
                                + Loader.getPlatform());
                    }
                    Files.writeString(done, dirs[0].getAbsolutePath());
                }
                Loader.load(org.bytedeco.pytorch.global.torch.class);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack PyTorch's natives into JavaCPP's cache (" + e.getMessage()
                    + "); free disk space there or point -Dorg.bytedeco.javacpp.cachedir at a writable folder", e);
        }
        loaded = true;
    }

    /** Whether the marker names an unpacked folder that still holds PyTorch's main library. */
    private static boolean unpacked(Path marker) throws IOException {
        if (!Files.isRegularFile(marker)) {
            return false;
        }
        Path dir = Path.of(Files.readString(marker).trim());
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("libtorch_cpu"));
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** The jar holding the natives (its name carries the version), so that another version unpacks again. */
    private static String version(String folder) {
        java.net.URL url = TorchNatives.class.getResource(folder);
        String u = url == null ? "none" : url.toString();
        int bang = u.indexOf("!/");
        String jar = bang < 0 ? Integer.toHexString(u.hashCode()) : u.substring(u.lastIndexOf('/', bang) + 1, bang);
        return jar.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
