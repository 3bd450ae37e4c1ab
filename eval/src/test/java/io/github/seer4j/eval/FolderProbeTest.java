package io.github.seer4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.data.SkipLog;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probing on a folder of labelled photos the test draws itself. */
class FolderProbeTest {

    private static final NetworkSpec TINY = RegNet.y().depth(2).w0(8).wa(8.0).wm(2.0).groupWidth(8).se(0.25)
            .build();

    /** Three classes of solid colours (every image of a class identical), 6 images each, different sizes. */
    private static Path colours(Path dir) throws Exception {
        int[] rgb = {0xd02020, 0x20d020, 0x2020d0};
        String[] names = {"red", "green", "blue"};
        for (int c = 0; c < 3; c++) {
            Files.createDirectories(dir.resolve(names[c]));
            for (int i = 0; i < 6; i++) {
                BufferedImage b = new BufferedImage(40 + 4 * i, 30 + 2 * i, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < b.getHeight(); y++) {
                    for (int x = 0; x < b.getWidth(); x++) {
                        b.setRGB(x, y, rgb[c]);
                    }
                }
                ImageIO.write(b, "png", dir.resolve(names[c]).resolve("img" + i + ".png").toFile());
            }
        }
        return dir;
    }

    @Test
    void knnAndLinearProbeOnAFolderOfClasses(@TempDir Path dir) throws Exception {
        Path photos = colours(dir.resolve("photos"));
        ProbeData data = ProbeData.folder(photos, 1.0 / 3, 5, 16, SkipLog.inMemory());
        assertEquals(List.of("blue", "green", "red"), data.classNames());
        assertEquals(3, data.channels());
        assertEquals(12, data.train().size()); // 4 of 6 per class train, round(6 / 3) = 2 test
        assertEquals(6, data.test().size());
        // identical images per class give identical features: each test image's neighbours are its own class
        ProbeReport knn = ProbeRunner.run(new ProbeRequest("random", null, "knn", 1.0, 1, 0.01,
                ProbeFeatures.LAST_STAGE, 1, dir.resolve("cache")), TINY, 1, data);
        assertEquals(1.0, knn.top1());
        assertEquals(12, knn.labelledImages());
        assertEquals(6, knn.testImages());
        // the low-shot subset: 1 image per class (round(0.25 * 12 / 3) = 1)
        ProbeReport lowShot = ProbeRunner.run(new ProbeRequest("random", null, "knn", 0.25, 1, 0.01,
                ProbeFeatures.LAST_STAGE, 1, dir.resolve("cache")), TINY, 1, data);
        assertEquals(3, lowShot.labelledImages());
        assertEquals(1.0, lowShot.top1());
        ProbeReport linear = ProbeRunner.run(new ProbeRequest("random", null, "linear", 1.0, 1, 0.01,
                ProbeFeatures.LAST_STAGE, 1, dir.resolve("cache")), TINY, 1, data);
        assertTrue(linear.featuresFromCache(), "the same features come from the cache");
        assertEquals(6, linear.testImages());
    }

    @Test
    void aGrayTrunkIsRefusedOnRgbPhotos(@TempDir Path dir) throws Exception {
        Path photos = colours(dir.resolve("photos"));
        ProbeData data = ProbeData.folder(photos, 0.5, 5, 16, SkipLog.inMemory());
        io.github.seer4j.regnet.RegNetNetwork gray = io.github.seer4j.regnet.RegNetNetwork.build(TINY,
                io.github.seer4j.regnet.RegNetOptions.defaults().withInputChannels(1).withoutHead());
        Path trunk = dir.resolve("trunk.bin");
        gray.save(trunk);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProbeRunner.run(
                new ProbeRequest(trunk.toString(), null, "knn", 1.0, 1, 0.01, ProbeFeatures.LAST_STAGE, 1,
                        dir.resolve("cache")), null, 1, data));
        assertTrue(e.getMessage().contains("takes 1 input channel(s) but " + photos + " has 3"), e.getMessage());
    }
}
