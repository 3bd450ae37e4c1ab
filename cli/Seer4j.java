package cli;

import designspace.InvalidDesignException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code java -jar target/seer4j.jar}. */
@Command(name = "seer4j", mixinStandardHelpOptions = true, version = "seer4j 0.1.0",
        description = "RegNet design spaces, SwAV pretraining and evaluation on DL4J/ND4J.",
        subcommands = {
            // sub-commands: one class each in this package, listed here
            DescribeCommand.class,
            ModelsCommand.class,
            SampleCommand.class,
            FitCommand.class,
            ProbeCommand.class,
            CatalogCommand.class,
            SearchCommand.class,
            EdfCommand.class,
            BenchStepCommand.class,
            PretrainCommand.class,
            QuickstartCommand.class,
            StoryCommand.class,
        })
public final class Seer4j implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (2 for bad arguments, 1 for failures). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Seer4j());
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
            err.println("seer4j: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static InvalidDesignException bad(String message) {
        return new InvalidDesignException(message);
    }
}
