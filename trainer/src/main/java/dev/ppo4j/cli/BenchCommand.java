package dev.ppo4j.cli;

import picocli.CommandLine.Command;

/** {@code ./ppo4j bench ...}: benchmarks that print their figures. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print their figures (add --json for one JSON line).",
        subcommands = {BenchEnvCommand.class, BenchUpdateCommand.class, BenchTrainCommand.class, BenchReverseCommand.class})
final class BenchCommand {
}
