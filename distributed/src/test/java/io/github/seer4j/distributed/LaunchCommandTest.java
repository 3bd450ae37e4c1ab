package io.github.seer4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.seer4j.cli.Seer4j;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seer4j launch --nproc 2 pretrain ...} end to end: two JVMs, torchrun's variables, one run folder. */
class LaunchCommandTest {

    @Test
    void launchRunsTwoRanksOfPretrainAsOneRun(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        for (int i = 0; i < 16; i++) {
            BufferedImage im = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    im.setRGB(x, y, ((x * 16 + i * 7) & 255) << 16 | ((y * 16) & 255) << 8 | ((x * y + i) & 255));
                }
            }
            ImageIO.write(im, "png", images.resolve("im" + i + ".png").toFile());
        }
        Path out = dir.resolve("run");
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        int code;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        try {
            code = Seer4j.run("launch", "--nproc", "2", "pretrain", "--data", images.toString(), "--flops",
                    "20.5e6", "--steps", "1", "--batch", "8", "--crops", "2x16", "--prototypes", "10",
                    "--head", "16,8", "--workers", "1", "--checkpoint-every", "0", "--sync-bn", "--comm-timeout",
                    "60", "--out", out.toString());
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        String log = capturedErr.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + log);
        assertTrue(text.contains("[rank 0] {\"iterations\":1") && text.contains("[rank 1] {\"iterations\":1"), text);
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertEquals(1, lines.size());
        JsonNode m = new ObjectMapper().readTree(lines.get(0));
        long params = Long.parseLong(log.replaceAll("(?s).*?\\[rank 0\\] RegNetNetwork\\[[^\\n]*? (\\d+) params.*",
                "$1"));
        assertTrue(m.get("comm_bytes").asLong() > 4 * params, "the gradients' bytes are counted: " + m);
        assertTrue(Files.exists(out.resolve("checkpoint.bin")) && Files.exists(out.resolve("metrics.rank1.jsonl")));
    }
}
