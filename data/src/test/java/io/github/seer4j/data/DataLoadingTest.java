package io.github.seer4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoadingTest {

    private static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bos.toByteArray();
    }

    private static void gz(Path p, byte[] bytes) throws IOException {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
            o.write(bytes);
        }
    }

    @Test
    void readsTinyIdxFilesRawAndGzipped(@TempDir Path dir) throws IOException {
        // two 2x3 images: pixel values chosen by hand; 255 -> 1.0, 51 -> 0.2
        byte[] px = {0, (byte) 255, 51, 0, 0, 0, /* second */ (byte) 255, (byte) 255, (byte) 255, 0, 51, 0};
        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(0x803, new int[] {2, 2, 3}, px));
        gz(dir.resolve("train-labels-idx1-ubyte.gz"), idx(0x801, new int[] {2}, new byte[] {7, 9}));
        LabeledImages set = FashionMnist.load(dir, FashionMnist.Split.TRAIN);
        assertEquals(2, set.size());
        assertEquals(7, set.label(0));
        assertEquals(9, set.label(1));
        Image a = set.image(0);
        assertEquals(1, a.channels());
        assertEquals(2, a.height());
        assertEquals(3, a.width());
        assertEquals(1.0f, a.at(0, 0, 1), 1e-7);
        assertEquals(0.2f, a.at(0, 0, 2), 1e-7);
        assertEquals(0.2f, set.image(1).at(0, 1, 1), 1e-7);
    }

    @Test
    void missingFilesNameTheInstallCommand(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir, FashionMnist.Split.TEST));
        assertTrue(e.getMessage().contains("apt-get install -y dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte"), e.getMessage());
    }

    @Test
    void rejectsTruncatedAndForeignFiles(@TempDir Path dir) throws IOException {
        Path trunc = dir.resolve("t");
        Files.write(trunc, idx(0x803, new int[] {2, 2, 2}, new byte[5]));
        assertTrue(assertThrows(IOException.class, () -> IdxFile.read(trunc)).getMessage().contains("truncated"));
        Path floats = dir.resolve("f");
        Files.write(floats, idx(0xD03, new int[] {1, 1, 1}, new byte[4]));
        assertTrue(assertThrows(IOException.class, () -> IdxFile.read(floats)).getMessage().contains("unsigned-byte"));
    }

    @Test
    void imageFolderSkipsAndCountsCorruptFiles(@TempDir Path dir) throws IOException {
        Path sub = Files.createDirectories(dir.resolve("cats/deeper"));
        BufferedImage rgb = new BufferedImage(10, 8, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(1, 2, 0xff3366);
        ImageIO.write(rgb, "png", sub.resolve("a.PNG").toFile());
        BufferedImage gray = new BufferedImage(9, 14, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(2, 6, 0, 255);
        ImageIO.write(gray, "png", dir.resolve("b.png").toFile());
        Files.writeString(dir.resolve("broken.jpg"), "this is not a jpeg");
        Files.write(dir.resolve("empty.png"), new byte[0]);
        Files.writeString(dir.resolve("notes.txt"), "ignored: not an image name");

        Path logFile = Files.createDirectories(dir.resolve("../log")).resolve("skipped.tsv");
        StreamingImageFolder folder = StreamingImageFolder.open(dir, 8, SkipLog.to(logFile));
        // listed in sorted order: b.png, broken.jpg, cats/deeper/a.PNG (empty.png and notes.txt are skipped when listed)
        Image g = folder.image(0);
        assertEquals(1, g.channels());
        assertEquals(14, g.height());
        assertEquals(1.0f, g.at(0, 6, 2), 1e-6);
        Image c = folder.image(2);
        assertEquals(3, c.channels());
        assertEquals(8, c.height());
        assertEquals(10, c.width());
        assertEquals(0xff / 255f, c.at(0, 2, 1), 1e-6);
        assertEquals(0x33 / 255f, c.at(1, 2, 1), 1e-6);
        assertEquals(0x66 / 255f, c.at(2, 2, 1), 1e-6);
        for (int i = 0; i < folder.size(); i++) {
            folder.image(i);
        }
        folder.skipLog().close();
        assertEquals(3, folder.skipLog().count(), Files.readString(logFile));
        assertTrue(folder.skipLog().contains(dir.resolve("broken.jpg")));
        assertTrue(folder.skipLog().contains(dir.resolve("empty.png")));
        assertTrue(folder.skipLog().contains(dir.resolve("notes.txt"))); // named too: not an image name
    }
}
