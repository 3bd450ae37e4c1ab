package io.github.seer4j.cli;

import io.github.seer4j.data.ImagePreparer;
import io.github.seer4j.data.SkipLog;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seer4j prepare DIR --size S --out CACHE}: a reduced JPEG copy of a photo folder, decoded once. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Write a reduced copy of a photo folder (short side --size px, JPEG quality 90, same tree) so that"
                + " pretraining decodes small files; bad files are named in CACHE/skipped.tsv.")
final class PrepareCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "a folder of photos, or a text file listing image paths")
    Path data;

    @Option(names = "--size", defaultValue = "430", description = "short side of the copies in pixels (default "
            + "${DEFAULT-VALUE}: what 2x160+4x96 crops need; 599 for 2x224+6x96)")
    int size;

    @Option(names = "--out", required = true, description = "the folder to write")
    Path out;

    @Option(names = "--workers", defaultValue = "2", description = "decoding threads")
    int workers;

    @Override
    public Integer call() throws Exception {
        ImagePreparer.Result r;
        try (SkipLog log = SkipLog.to(out.resolve(SkipLog.FILE))) {
            r = ImagePreparer.prepare(data, out, size, workers, log);
            System.err.printf("%d files skipped (reasons in %s)%n", log.count(), log.file());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("listed", r.listed());
        m.put("written", r.written());
        m.put("skipped", r.skipped());
        m.put("bytes_written", r.bytesWritten());
        m.put("seconds", PretrainCommand.finite(r.seconds(), 2));
        m.put("images_per_s", PretrainCommand.finite(r.written() / r.seconds(), 2));
        m.put("out", out.toString());
        Output.json(System.out, m);
        return 0;
    }
}
