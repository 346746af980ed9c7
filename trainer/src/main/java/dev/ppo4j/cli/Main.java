package dev.ppo4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./ppo4j}; dispatches to the subcommands. */
@Command(name = "ppo4j", mixinStandardHelpOptions = true, version = "ppo4j 0.1.0",
        description = "PPO for Gymnasium environments, trained inside ONNX Runtime.",
        subcommands = {TrainCommand.class, EvalCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    private Main() {}

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
