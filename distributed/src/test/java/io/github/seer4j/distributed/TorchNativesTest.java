package io.github.seer4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch's natives load in a JVM whose JavaCPP cache is empty (a fresh machine, a new user), also where the system
 * has a PyTorch of its own (Debian's python3-torch puts libtorch_cpu.so on the loader's path): a separate JVM, since
 * this one has loaded them already.
 */
class TorchNativesTest {

    /** Loads the natives, then makes a tensor with them, and prints its sum. */
    public static void main(String[] args) {
        TorchNatives.load();
        org.bytedeco.pytorch.Tensor t = org.bytedeco.pytorch.global.torch.ones(2, 3);
        System.out.println("sum " + t.sum().item_float());
    }

    @Test
    void loadIntoAnEmptyCache(@TempDir Path dir) throws Exception {
        Path cache = Files.createDirectory(dir.resolve("cache"));
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir=" + cache, "-cp", System.getProperty("java.class.path"),
                TorchNativesTest.class.getName()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the JVM loading PyTorch did not finish in 120 s");
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), printed);
        assertTrue(printed.contains("sum 6.0"), printed);
    }
}
