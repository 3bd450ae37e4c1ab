package io.github.seer4j.distributed;

import io.github.seer4j.cli.CommandPlugin;
import java.util.List;
import picocli.CommandLine;

/** Adds {@code seer4j launch} and {@code seer4j bench-allreduce} to the command line when this module is on the class path. */
public final class DistributedPlugin implements CommandPlugin {

    @Override
    public List<Object> commands() {
        // everything after the sub-command's name belongs to it, not to launch
        return List.of(new CommandLine(new LaunchCommand()).setStopAtPositional(true), new BenchAllreduceCommand());
    }
}
