package io.github.seer4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledImageFolderTest {

    private static void png(Path file, int w, int h, int rgb) throws IOException {
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                b.setRGB(x, y, rgb);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(b, "png", file.toFile());
    }

    @Test
    void classFoldersSplitBySeededFraction(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 5; i++) {
            png(dir.resolve("red/r" + i + ".png"), 40, 30, 0xff0000);
            png(dir.resolve("blue/deep/b" + i + ".png"), 30, 50, 0x0000ff);
        }
        Files.writeString(dir.resolve("red/broken.jpg"), "not a jpeg");
        SkipLog log = SkipLog.inMemory();
        LabeledImageFolder.Split s = LabeledImageFolder.open(dir, 0.4, 3, 16, log);
        assertEquals(List.of("blue", "red"), s.classes()); // sorted: blue = 0, red = 1
        assertEquals(6, s.train().size()); // 3 of each class
        assertEquals(4, s.val().size());   // round(0.4 * 5) = 2 of each
        assertTrue(log.contains(dir.resolve("red/broken.jpg")));
        for (LabeledImageFolder f : List.of(s.train(), s.val())) {
            for (int i = 0; i < f.size(); i++) {
                Image img = f.image(i);
                assertEquals(List.of(3, 16, 16), List.of(img.channels(), img.height(), img.width()));
                boolean red = f.label(i) == 1;
                assertEquals(f.path(i).toString().contains("/red/"), red);
                assertEquals(red ? 1f : 0f, img.at(0, 8, 8), 1e-6);
                assertEquals(red ? 0f : 1f, img.at(2, 8, 8), 1e-6);
            }
        }
        // the same seed gives the same split
        assertEquals(s.val().path(0), LabeledImageFolder.open(dir, 0.4, 3, 16, SkipLog.inMemory()).val().path(0));
    }

    @Test
    void trainAndValFoldersAndGrayImages(@TempDir Path dir) throws Exception {
        png(dir.resolve("train/cat/a.png"), 20, 20, 0x00ff00);
        png(dir.resolve("train/dog/b.png"), 20, 20, 0x000000);
        BufferedImage gray = new BufferedImage(24, 20, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 24; x++) {
                gray.getRaster().setSample(x, y, 0, 51);
            }
        }
        Files.createDirectories(dir.resolve("val/dog"));
        ImageIO.write(gray, "png", dir.resolve("val/dog/g.png").toFile());
        LabeledImageFolder.Split s = LabeledImageFolder.open(dir, 0, 1, 8, SkipLog.inMemory());
        assertEquals(2, s.train().size());
        assertEquals(1, s.val().size());
        assertEquals(1, s.val().label(0));
        Image g = s.val().image(0);
        for (int c = 0; c < 3; c++) {
            assertEquals(0.2f, g.at(c, 4, 4), 1e-6); // 51 / 255 in every channel
        }
        png(dir.resolve("val/bird/c.png"), 20, 20, 0);
        IOException e = assertThrows(IOException.class, () -> LabeledImageFolder.open(dir, 0, 1, 8, SkipLog.inMemory()));
        assertTrue(e.getMessage().contains("val/ must use the class names of train/"), e.getMessage());
    }
}
