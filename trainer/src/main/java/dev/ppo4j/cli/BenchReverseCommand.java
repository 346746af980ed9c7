package dev.ppo4j.cli;

import dev.ppo4j.bridge.PythonRuntime;
import dev.ppo4j.env.local.JavaEnvs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./ppo4j bench reverse}: a Java env stepped as a Gymnasium vector env from Python, next to
 * Gymnasium's own env in a {@code SyncVectorEnv}. The measurement is Python's
 * ({@code python -m ppo4j.bench_reverse}); this command runs it with the project's Python.
 */
@Command(name = "reverse", mixinStandardHelpOptions = true,
        description = {"Compare Java envs stepped from Python with Gymnasium's own envs.",
            "Steps gymnasium.make_vec(\"ppo4j/<env>\") (Java envs, one doorbell per step) and Gymnasium's own env in a"
                    + " SyncVectorEnv of the same N from Python, same seeds and random actions, alternating rounds, and prints"
                    + " both steps/s (medians) and their ratio."})
final class BenchReverseCommand implements Callable<Integer> {
    @Option(names = "--env", defaultValue = "CartPole-v1", description = "CartPole-v1 or Pendulum-v1 (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--envs", defaultValue = "16", description = "Number of envs N (default: ${DEFAULT-VALUE}).")
    int envs;

    @Option(names = "--steps", defaultValue = "100000", description = "Env steps per round, over all N envs (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--rounds", defaultValue = "5", description = "Rounds of each kind (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of envs and random actions (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--autoreset", defaultValue = "NextStep",
            description = "Gymnasium's autoreset mode for both, NextStep or SameStep (default: ${DEFAULT-VALUE}).")
    String autoreset;

    @Option(names = "--json", description = "Print one JSON line (java_sps, gymnasium_sps, ratio, ...) instead of text.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!JavaEnvs.builtInIds().contains(env)) {
            System.err.println("ppo4j bench reverse: --env " + env + " is not one of ppo4j's Java ports of a Gymnasium env; use one of "
                    + String.join(", ", JavaEnvs.builtInIds()) + ".");
            return 1;
        }
        List<String> args = new ArrayList<>(List.of("--env", env, "--envs", Integer.toString(envs), "--steps",
                Integer.toString(steps), "--rounds", Integer.toString(rounds), "--seed", Long.toString(seed), "--autoreset", autoreset));
        if (json) {
            args.add("--json");
        }
        Process python = PythonRuntime.locate().module("ppo4j.bench_reverse", args.toArray(String[]::new)).inheritIO().start();
        return python.waitFor();
    }
}
