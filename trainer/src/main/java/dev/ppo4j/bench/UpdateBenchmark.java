package dev.ppo4j.bench;

import ai.onnxruntime.OrtException;
import dev.ppo4j.compare.Statistics;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.engine.HyperParameters;
import dev.ppo4j.engine.LossConfig;
import dev.ppo4j.engine.Minibatch;
import dev.ppo4j.engine.PpoGraphs;
import dev.ppo4j.engine.TrainStep;
import dev.ppo4j.model.ActionHead;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Times the train step for the default MuJoCo model (Hopper-v5 sizes: obs {@value #OBSERVATION_DIM},
 * {@value #ACTION_DIM} Gaussian actions, 64-64 tanh, clip objective with value clipping) on one
 * thread, side by side with the same graph run the naive way ({@link NaiveTrainStep}), in
 * alternating rounds so that load from other processes hits both alike.
 */
public final class UpdateBenchmark {
    /** Observation size of the benchmarked model (Hopper-v5). */
    public static final int OBSERVATION_DIM = 11;
    /** Action size of the benchmarked model (Hopper-v5). */
    public static final int ACTION_DIM = 3;
    /** Minibatch steps of one update of the default preset: 10 epochs × 32 minibatches. */
    public static final int UPDATE_MINIBATCHES = 10 * 32;

    private UpdateBenchmark() {}

    /**
     * What to time.
     *
     * @param steps timed minibatch steps per variant, split evenly over the rounds
     * @param rounds alternating rounds
     * @param minibatchSize the minibatch size
     */
    public record Settings(int steps, int rounds, int minibatchSize) {
        /**
         * Checks the sizes.
         *
         * @throws IllegalArgumentException if rounds or the minibatch size is below 1, or steps below rounds
         */
        public Settings {
            if (steps < rounds || rounds < 1 || minibatchSize < 1) {
                throw new IllegalArgumentException("rounds and minibatch size must be at least 1 and steps at least rounds.");
            }
        }
    }

    /**
     * The figures.
     *
     * @param usPerStep median over rounds of the engine's µs per minibatch step
     * @param usPerStepBest the engine's best round
     * @param usPerStepUnpinned median over rounds of the naive run's µs per step
     * @param nodes nodes of the train-step graph
     * @param parameters parameters of the model
     */
    public record Result(double usPerStep, double usPerStepBest, double usPerStepUnpinned, int nodes, int parameters) {
        /** The engine's minibatch steps per second. */
        public double stepsPerSecond() {
            return 1e6 / usPerStep;
        }

        /** Milliseconds of one update of {@value UpdateBenchmark#UPDATE_MINIBATCHES} minibatch steps. */
        public double updateMillis() {
            return usPerStep * UPDATE_MINIBATCHES / 1e3;
        }
    }

    /** Runs the benchmark: a warm-up round of each kind, then the timed rounds. */
    public static Result run(Settings settings) throws OrtException {
        ModelSpec spec = ModelSpec.standard(OBSERVATION_DIM, new ActionHead.Gaussian(ACTION_DIM));
        LossConfig loss = LossConfig.defaults();
        byte[] graph = PpoGraphs.trainStep(spec, loss).toByteArray();
        int nodes = PpoGraphs.trainStep(spec, loss).getGraph().getNodeCount();
        Minibatch minibatch = randomMinibatch(settings.minibatchSize(), new SplittableRandom(1));
        HyperParameters hp = HyperParameters.defaults();
        int perRound = settings.steps() / settings.rounds();
        double[] pinned = new double[settings.rounds()];
        double[] naive = new double[settings.rounds()];
        Parameters initial = Parameters.initialise(spec, 1);
        try (Engine engine = Engine.open(initial);
                NaiveTrainStep baseline = new NaiveTrainStep(graph, initial, minibatch, OBSERVATION_DIM, ACTION_DIM, hp)) {
            TrainStep trainStep = engine.openTrainStep(loss);
            for (int i = 0; i < perRound; i++) {
                trainStep.step(minibatch, hp);
                baseline.step();
            }
            for (int r = 0; r < settings.rounds(); r++) {
                long start = System.nanoTime();
                for (int i = 0; i < perRound; i++) {
                    trainStep.step(minibatch, hp);
                }
                pinned[r] = (System.nanoTime() - start) / 1e3 / perRound;
                start = System.nanoTime();
                for (int i = 0; i < perRound; i++) {
                    baseline.step();
                }
                naive[r] = (System.nanoTime() - start) / 1e3 / perRound;
            }
        }
        return new Result(Statistics.median(pinned), Arrays.stream(pinned).min().orElseThrow(), Statistics.median(naive), nodes,
                spec.parameterCount());
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
