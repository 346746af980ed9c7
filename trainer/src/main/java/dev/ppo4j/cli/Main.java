package dev.ppo4j.cli;

import dev.ppo4j.config.ConfigException;
import dev.ppo4j.env.EnvException;
import dev.ppo4j.train.PolicyFileException;
import dev.ppo4j.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point of {@code ./ppo4j}; dispatches to the subcommands. */
@Command(name = "ppo4j", mixinStandardHelpOptions = true, version = "ppo4j 0.1.0",
        description = "PPO for Gymnasium environments, trained inside ONNX Runtime.",
        subcommands = {TrainCommand.class, EvalCommand.class, CompareCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    private Main() {}

    /** Runs the command line, diagnostics logged one line each, and exits with its status. */
    public static void main(String[] args) {
        ConsoleLogging.install();
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, set up so that the errors a user can fix (bad config, unknown env,
     * diverged training, a file that is not a policy) print their message alone, without a stack trace, and exit with 1.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((error, failed, parsed) -> {
            if (error instanceof ConfigException || error instanceof EnvException || error instanceof TrainingDivergedException
                    || error instanceof PolicyFileException) {
                failed.getErr().println("ppo4j: " + error.getMessage());
                return 1;
            }
            throw error;
        });
        return commandLine;
    }
}
