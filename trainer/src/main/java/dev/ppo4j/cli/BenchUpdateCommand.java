package dev.ppo4j.cli;

import dev.ppo4j.engine.Engine;
import dev.ppo4j.engine.HyperParameters;
import dev.ppo4j.engine.LossConfig;
import dev.ppo4j.engine.Minibatch;
import dev.ppo4j.engine.PpoGraphs;
import dev.ppo4j.engine.TrainStep;
import dev.ppo4j.model.ActionHead;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ppo4j bench update}: times the train step for the default MuJoCo model. */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Time the PPO train step (Hopper-v5 sizes: obs 11, 3 Gaussian actions, 64-64 tanh,"
                + " minibatch 64, clip objective with value clipping) on one thread.")
final class BenchUpdateCommand implements Callable<Integer> {
    private static final int OBSERVATION_DIM = 11;
    private static final int ACTION_DIM = 3;
    private static final int UPDATE_MINIBATCHES = 10 * 32;

    @Option(names = "--json", description = "Print one JSON line instead of text.")
    boolean json;

    @Option(names = "--steps", defaultValue = "3000", description = "Timed minibatch steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "500", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--minibatch", defaultValue = "64", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int minibatchSize;

    @Override
    public Integer call() {
        if (steps < 1 || warmup < 0 || minibatchSize < 1) {
            System.err.println("ppo4j: --steps and --minibatch must be at least 1 and --warmup at least 0.");
            return 2;
        }
        ModelSpec spec = ModelSpec.standard(OBSERVATION_DIM, new ActionHead.Gaussian(ACTION_DIM));
        LossConfig loss = LossConfig.defaults();
        int nodes = PpoGraphs.trainStep(spec, loss).getGraph().getNodeCount();
        Minibatch minibatch = randomMinibatch(minibatchSize, new SplittableRandom(1));
        HyperParameters hp = HyperParameters.defaults();
        long elapsed;
        try (Engine engine = Engine.open(Parameters.initialise(spec, 1), loss)) {
            TrainStep trainStep = engine.trainStep();
            for (int i = 0; i < warmup; i++) {
                trainStep.step(minibatch, hp);
            }
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                trainStep.step(minibatch, hp);
            }
            elapsed = System.nanoTime() - start;
        }
        double usPerStep = elapsed / 1e3 / steps;
        double stepsPerSecond = 1e6 / usPerStep;
        double updateMs = usPerStep * UPDATE_MINIBATCHES / 1e3;
        if (json) {
            System.out.printf(Locale.ROOT, "{\"us_per_step\": %.2f, \"steps_per_second\": %.1f, \"update_ms\": %.2f,"
                    + " \"nodes\": %d, \"minibatch\": %d, \"parameters\": %d}%n", usPerStep, stepsPerSecond, updateMs,
                    nodes, minibatchSize, spec.parameterCount());
        } else {
            System.out.printf(Locale.ROOT, "train step (Hopper-v5 sizes, %d parameters, minibatch %d, %d graph nodes):%n"
                    + "  %.1f µs per minibatch step, %.0f steps/s; a 10 × 32-minibatch update takes %.1f ms%n",
                    spec.parameterCount(), minibatchSize, nodes, usPerStep, stepsPerSecond, updateMs);
        }
        return 0;
    }

    /** Plausible inputs: unit-scale observations, actions near the initial mean, ratios near 1. */
    private static Minibatch randomMinibatch(int size, SplittableRandom random) {
        float[] obs = gaussian(size * OBSERVATION_DIM, 1.0, 0.0, random);
        float[] actions = gaussian(size * ACTION_DIM, 1.0, 0.0, random);
        float[] oldLogProbs = gaussian(size, 0.5, -0.5 * ACTION_DIM * (1 + Math.log(2 * Math.PI)), random);
        float[] advantages = gaussian(size, 1.0, 0.0, random);
        float[] returns = gaussian(size, 1.0, 0.0, random);
        float[] oldValues = gaussian(size, 0.1, 0.0, random);
        return new Minibatch(size, obs, actions, oldLogProbs, advantages, returns, oldValues, null, null);
    }

    private static float[] gaussian(int n, double scale, double mean, SplittableRandom random) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (mean + scale * random.nextGaussian());
        }
        return out;
    }
}
