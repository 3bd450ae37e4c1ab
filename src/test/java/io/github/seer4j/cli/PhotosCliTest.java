package io.github.seer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pretraining on a folder of photos (with bad files among them), resuming, and probing on labelled photos. */
class PhotosCliTest {

    private static void photo(Path file, int w, int h, int rgb, long seed) throws Exception {
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int n = r.nextInt(32);
                b.setRGB(x, y, rgb + (n << 16) + (n << 8) + n);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(b, "jpg", file.toFile());
    }

    @Test
    void pretrainOnPhotosSkipsBadFilesResumesAndProbes(@TempDir Path dir) throws Exception {
        Path photos = dir.resolve("photos");
        for (int i = 0; i < 10; i++) {
            photo(photos.resolve("day" + (i % 3) + "/p" + i + ".jpg"), 60 + i, 44, 0x404040, i);
        }
        Files.writeString(photos.resolve("day0/bad.jpg"), "not a jpeg");
        Files.write(photos.resolve("day1/empty.png"), new byte[0]);
        Path out = dir.resolve("run");
        String[] common = {"pretrain", "--data", photos.toString(), "--flops", "20.5e6", "--batch", "4", "--crops",
                "2x32+2x16", "--head", "32,16", "--prototypes", "8", "--workers", "2", "--checkpoint-every", "1",
                "--out", out.toString()};
        CliTest.Run first = CliTest.run(concat(common, "--steps", "2"));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.err().contains("11 image files listed in " + photos), first.err());
        assertTrue(first.err().contains("files skipped in all"), first.err());
        List<String> log = Files.readAllLines(out.resolve("skipped.tsv"));
        assertEquals("path\treason", log.get(0));
        assertTrue(log.contains(photos.resolve("day1/empty.png") + "\tempty file (0 bytes)"), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith(photos.resolve("day0/bad.jpg") + "\tnot an image")),
                log.toString());
        assertEquals(2, first.json().get("iterations").asInt());
        CliTest.Run resumed = CliTest.run(concat(common, "--steps", "3", "--epochs", "2", "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(3, resumed.json().get("iterations").asInt()); // one more step, in the second epoch
        assertTrue(Files.isRegularFile(out.resolve("trunk.bin")));

        // labelled photos: bright and dark classes, train/ and val/
        Path labelled = dir.resolve("labelled");
        for (int i = 0; i < 4; i++) {
            photo(labelled.resolve("train/bright/b" + i + ".jpg"), 50, 40, 0xc0c0c0, 100 + i);
            photo(labelled.resolve("train/dark/d" + i + ".jpg"), 50, 40, 0x101010, 200 + i);
        }
        for (int i = 0; i < 2; i++) {
            photo(labelled.resolve("val/bright/b" + i + ".jpg"), 40, 50, 0xc0c0c0, 300 + i);
            photo(labelled.resolve("val/dark/d" + i + ".jpg"), 40, 50, 0x101010, 400 + i);
        }
        CliTest.Run probe = CliTest.run("probe", "--checkpoint", out.toString(), "--data", labelled.toString(),
                "--method", "knn", "--resolution", "32", "--baseline", "--cache", dir.resolve("cache").toString(),
                "--json");
        assertEquals(0, probe.code(), probe.err());
        JsonNode j = probe.json();
        assertEquals(8, j.get("probe").get("labelledImages").asInt());
        assertEquals(4, j.get("probe").get("testImages").asInt());
        assertEquals("random", j.get("random_init").get("checkpoint").asText());
        assertEquals(4, j.get("random_init").get("testImages").asInt());

        Path empty = Files.createDirectories(dir.resolve("nothing"));
        CliTest.Run none = CliTest.run("pretrain", "--data", empty.toString(), "--out", dir.resolve("r2").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().startsWith("seer4j: no image files under " + empty), none.err());
        Path allBad = Files.createDirectories(dir.resolve("allbad"));
        Files.writeString(allBad.resolve("a.jpg"), "text");
        CliTest.Run bad = CliTest.run("pretrain", "--data", allBad.toString(), "--out", dir.resolve("r3").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("seer4j: no usable image in " + allBad + ": all 1 listed files were skipped"),
                bad.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
