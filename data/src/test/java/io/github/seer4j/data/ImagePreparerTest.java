package io.github.seer4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePreparerTest {

    @Test
    void writesReducedCopiesInTheSameTreeAndNamesBadFiles(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in/a"));
        BufferedImage b = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 400; x++) {
                b.setRGB(x, y, x < 200 ? 0xff0000 : 0x0000ff); // left half red, right half blue
            }
        }
        ImageIO.write(b, "png", in.resolve("wide.png").toFile());
        BufferedImage small = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(small, "png", dir.resolve("in/small.png").toFile());
        Files.writeString(dir.resolve("in/bad.jpg"), "text");
        Path out = dir.resolve("out");
        SkipLog log = SkipLog.inMemory();
        ImagePreparer.Result r = ImagePreparer.prepare(dir.resolve("in"), out, 50, 2, log);
        assertEquals(List.of(3, 2, 1), List.of(r.listed(), r.written(), r.skipped()));
        assertTrue(log.contains(dir.resolve("in/bad.jpg")));
        Image wide = ImageDecoder.decode(out.resolve("a/wide.jpg"), 0);
        assertEquals(List.of(3, 50, 100), List.of(wide.channels(), wide.height(), wide.width()));
        // JPEG is lossy: well inside each half the colour is within a few levels of pure red / pure blue
        assertEquals(1f, wide.at(0, 25, 20), 0.05f);
        assertEquals(0f, wide.at(2, 25, 20), 0.05f);
        assertEquals(0f, wide.at(0, 25, 80), 0.05f);
        assertEquals(1f, wide.at(2, 25, 80), 0.05f);
        Image kept = ImageDecoder.decode(out.resolve("small.jpg"), 0); // never enlarged
        assertEquals(List.of(20, 30), List.of(kept.height(), kept.width()));
    }
}
