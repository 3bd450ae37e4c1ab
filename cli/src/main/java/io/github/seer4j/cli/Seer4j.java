package io.github.seer4j.cli;

import io.github.seer4j.designspace.InvalidDesignException;
import java.io.PrintWriter;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code seer4j} command. */
@Command(name = "seer4j", mixinStandardHelpOptions = true, version = "seer4j 0.1.0",
        description = "RegNet design spaces, SwAV pretraining and evaluation on DL4J/ND4J.",
        subcommands = {
            // sub-commands: one class each in this package, listed here
            DescribeCommand.class,
            ModelsCommand.class,
            SampleCommand.class,
            FitCommand.class,
            ProbeCommand.class,
            PrepareCommand.class,
            CatalogCommand.class,
            SearchCommand.class,
            EdfCommand.class,
            BenchStepCommand.class,
            PretrainCommand.class,
            QuickstartCommand.class,
            StoryCommand.class,
            ExportCommand.class,
        })
public final class Seer4j implements Runnable {

    /**
     * Off-heap ceiling used when {@code -Dorg.bytedeco.javacpp.maxbytes} is not given: ND4J frees off-heap arrays only
     * when their Java wrappers are collected, and JavaCPP's default ceiling equals the maximum heap, so a long
     * {@code pretrain} grew to 12 GB resident (6 GB heap + 6 GB off-heap) on a 24 GB machine. At this ceiling JavaCPP
     * runs the garbage collector instead of growing; pass the property to raise it for large models.
     */
    static final String DEFAULT_MAX_OFF_HEAP = "4g";

    public static void main(String[] args) {
        if (System.getProperty("org.bytedeco.javacpp.maxbytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxbytes", DEFAULT_MAX_OFF_HEAP);
        }
        // With a physical-memory ceiling JavaCPP reads the process's resident size at every native allocation, and ND4J
        // allocates one per array (its shape information): measured 24 us per array in a workspace, 4 us without the
        // check. The maxbytes ceiling above still bounds what ND4J allocates.
        if (System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null
                && System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxphysicalbytes", "0");
        }
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (2 for bad arguments, 1 for failures). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Seer4j());
        for (CommandPlugin plugin : ServiceLoader.load(CommandPlugin.class)) {
            plugin.commands().forEach(cl::addSubcommand);
        }
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("seer4j: " + ex.getMessage().lines().findFirst().orElse("bad arguments")
                    + " (see 'seer4j " + ex.getCommandLine().getCommandName() + " --help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            if (ex instanceof IllegalArgumentException) { // includes InvalidDesignException: bad input
                err.println("seer4j: " + ex.getMessage());
                return 2;
            }
            if (ex instanceof io.github.seer4j.catalog.CatalogWriteException // names the path, problem and fix
                    || ex instanceof io.github.seer4j.train.RunFolder.BusyException) {
                err.println("seer4j: " + ex.getMessage());
                return 1;
            }
            err.println("seer4j: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            return 1;
        });
        try {
            return cl.execute(args);
        } catch (ExceptionInInitializerError e) { // a bad -Dseer4j.* setting read when its class loads
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            cl.getErr().println("seer4j: " + cause.getMessage());
            return cause instanceof IllegalArgumentException ? 2 : 1;
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static InvalidDesignException bad(String message) {
        return new InvalidDesignException(message);
    }
}
