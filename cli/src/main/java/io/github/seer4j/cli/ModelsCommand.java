package io.github.seer4j.cli;

import io.github.seer4j.designspace.Complexity;
import io.github.seer4j.designspace.Preset;
import io.github.seer4j.designspace.Presets;
import io.github.seer4j.designspace.Units;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code models [--json]}: every preset with its flops and params at 224 px, 1000 classes. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List every named model (pycls, torchvision, ClassyVision, VISSL/SEER) with flops and params at 224 px.")
final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Preset p : Presets.all()) {
            Complexity c = p.spec().complexity(224);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", p.name());
            row.put("source", p.source());
            row.put("rounding", p.params().rounding().name().toLowerCase(Locale.ROOT));
            row.put("flops", c.flops());
            row.put("params", c.params());
            row.put("acts", c.acts());
            row.put("widths", p.spec().widths());
            row.put("depths", p.spec().depths());
            row.put("note", p.note());
            rows.add(row);
        }
        if (json) {
            Output.json(System.out, rows);
            return 0;
        }
        System.out.printf(Locale.ROOT, "%-28s %-13s %10s %14s  %s%n", "name", "source", "flops", "params", "widths");
        for (Map<String, Object> r : rows) {
            System.out.printf(Locale.ROOT, "%-28s %-13s %10s %,14d  %s%n", r.get("name"), r.get("source"),
                    Units.flops((Long) r.get("flops")), (Long) r.get("params"), r.get("widths"));
        }
        System.out.println("Note: the widths (528, 1056, 2904, 7392) often quoted for RegNetY-256GF belong to the 128GF"
                + " generator; VISSL's SEER-256GF is (27, 640, 230.83, 2.53, 373).");
        return 0;
    }
}
