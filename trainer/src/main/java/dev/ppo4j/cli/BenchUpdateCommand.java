package dev.ppo4j.cli;

import ai.onnxruntime.OrtException;
import dev.ppo4j.bench.UpdateBenchmark;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./ppo4j bench update}: times the train step for the default MuJoCo model, side by side
 * with the same graph run the naive way (see {@link UpdateBenchmark}), and prints the figures.
 */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = {"Time the PPO train step on one thread.",
            "Hopper-v5 sizes: obs 11, 3 Gaussian actions, 64-64 tanh, minibatch 64, clip objective with value clipping;"
                    + " timed next to the same graph run without pinned buffers."})
final class BenchUpdateCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print one JSON line instead of text.")
    boolean json;

    @Option(names = "--steps", defaultValue = "3000", description = "Timed minibatch steps per variant (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--rounds", defaultValue = "6", description = "Alternating rounds the steps are split into (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--minibatch", defaultValue = "64", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int minibatchSize;

    @Override
    public Integer call() throws OrtException {
        UpdateBenchmark.Settings settings;
        try {
            settings = new UpdateBenchmark.Settings(steps, rounds, minibatchSize);
        } catch (IllegalArgumentException e) {
            System.err.println("ppo4j: --rounds and --minibatch must be at least 1 and --steps at least --rounds.");
            return 2;
        }
        UpdateBenchmark.Result result = UpdateBenchmark.run(settings);
        if (json) {
            System.out.printf(Locale.ROOT, "{\"us_per_step\": %.2f, \"us_per_step_best\": %.2f, \"steps_per_second\": %.1f,"
                    + " \"update_ms\": %.2f, \"nodes\": %d, \"us_per_step_unpinned\": %.2f, \"minibatch\": %d,"
                    + " \"parameters\": %d}%n", result.usPerStep(), result.usPerStepBest(), result.stepsPerSecond(),
                    result.updateMillis(), result.nodes(), result.usPerStepUnpinned(), minibatchSize, result.parameters());
        } else {
            System.out.printf(Locale.ROOT, "train step (Hopper-v5 sizes, %d parameters, minibatch %d, %d graph nodes),"
                    + " median of %d rounds:%n"
                    + "  %.1f µs per minibatch step (best round %.1f), %.0f steps/s;"
                    + " a 10 × 32-minibatch update takes %.1f ms%n"
                    + "  same graph without pinned buffers: %.1f µs per step (%.2f× slower)%n",
                    result.parameters(), minibatchSize, result.nodes(), rounds, result.usPerStep(), result.usPerStepBest(),
                    result.stepsPerSecond(), result.updateMillis(), result.usPerStepUnpinned(),
                    result.usPerStepUnpinned() / result.usPerStep());
        }
        return 0;
    }
}
