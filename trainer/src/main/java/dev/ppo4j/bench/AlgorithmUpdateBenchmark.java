package dev.ppo4j.bench;

import dev.ppo4j.compare.Statistics;
import dev.ppo4j.config.ConfigFiles;
import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.engine.Minibatch;
import dev.ppo4j.engine.NaturalGradient;
import dev.ppo4j.engine.PolicyRunner;
import dev.ppo4j.env.random.SplitMix64;
import dev.ppo4j.model.ActionHead;
import dev.ppo4j.model.DiagonalGaussian;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import dev.ppo4j.train.Algorithm;
import dev.ppo4j.train.RolloutBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Times whole updates of a 2048-sample batch for the Hopper-v5 model: PPO's (the {@code mujoco}
 * preset: 10 epochs × 32 minibatches of 64) next to TRPO's (the {@code trpo-mujoco} preset:
 * surrogate gradient, 25 conjugate-gradient iterations of Fisher-vector products, line search,
 * then the critic fit of 20 epochs × 16 minibatches of 128), each the algorithm's own
 * {@link Algorithm#update} on a rollout sampled from the policy, in alternating rounds. Also
 * times one Fisher-vector product on the whole batch.
 */
public final class AlgorithmUpdateBenchmark {
    private static final int ROLLOUT_STEPS = 1024;
    private static final int ENVS = 2;

    private AlgorithmUpdateBenchmark() {}

    /**
     * The figures, medians over rounds.
     *
     * @param ppoMillis one PPO update
     * @param trpoMillis one TRPO update
     * @param fisherProductMicros one Fisher-vector product on 2048 samples
     * @param batch samples in the batch
     */
    public record Result(double ppoMillis, double trpoMillis, double fisherProductMicros, int batch) {
        /** How many times longer TRPO's update takes. */
        public double ratio() {
            return trpoMillis / ppoMillis;
        }
    }

    /**
     * Runs the benchmark: one warm-up update of each, then the timed rounds.
     *
     * @param rounds timed updates of each algorithm (at least 1)
     * @return the figures
     * @throws IllegalArgumentException if rounds is below 1
     */
    public static Result run(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("At least one round is needed, got " + rounds + ".");
        }
        ModelSpec spec = ModelSpec.standard(UpdateBenchmark.OBSERVATION_DIM, new ActionHead.Gaussian(UpdateBenchmark.ACTION_DIM));
        TrainConfig ppo = config("mujoco");
        TrainConfig trpo = config("trpo-mujoco");
        double[] ppoMillis = new double[rounds];
        double[] trpoMillis = new double[rounds];
        double[] fisherMicros = new double[rounds];
        Parameters initial = Parameters.initialise(spec, 1);
        try (Engine ppoEngine = Engine.open(initial); Engine trpoEngine = Engine.open(initial)) {
            Algorithm ppoUpdate = Algorithm.create(ppo, spec, ppoEngine);
            Algorithm trpoUpdate = Algorithm.create(trpo, spec, trpoEngine);
            RolloutBuffer rollout = sampledRollout(spec, ppoEngine.policy());
            NaturalGradient natural = trpoEngine.openNaturalGradient(ROLLOUT_STEPS * ENVS, ROLLOUT_STEPS * ENVS);
            Minibatch batch = wholeBatch(spec, rollout);
            natural.load(batch, batch);
            Algorithm.Iteration iteration = new Algorithm.Iteration(1, 0, 0.0);
            ppoUpdate.update(rollout, iteration);
            trpoUpdate.update(rollout, iteration);
            for (int r = 0; r < rounds; r++) {
                ppoMillis[r] = millis(() -> ppoUpdate.update(rollout, iteration));
                trpoMillis[r] = millis(() -> trpoUpdate.update(rollout, iteration));
                fisherMicros[r] = fisherProductMicros(natural, 0.1);
            }
        }
        return new Result(Statistics.median(ppoMillis), Statistics.median(trpoMillis), Statistics.median(fisherMicros),
                ROLLOUT_STEPS * ENVS);
    }

    private static TrainConfig config(String preset) {
        return ConfigFiles.resolve(ConfigFiles.preset(preset), ConfigFiles.overrides(List.of(
                "rollout_steps=" + ROLLOUT_STEPS, "num_envs=" + ENVS)));
    }

    private static double millis(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    /** The mean time of ten Fisher-vector products on the whole batch (loaded before the clock starts). */
    private static double fisherProductMicros(NaturalGradient natural, double component) {
        double[] v = new double[natural.dimension()];
        double[] out = new double[natural.dimension()];
        Arrays.fill(v, component);
        int products = 10;
        long start = System.nanoTime();
        for (int i = 0; i < products; i++) {
            natural.fisherVectorProduct(v, out);
        }
        return (System.nanoTime() - start) / 1e3 / products;
    }

    /** Every row of the rollout, in order, with the collecting policy's distribution (Gaussian head). */
    private static Minibatch wholeBatch(ModelSpec spec, RolloutBuffer rollout) {
        int n = rollout.size();
        int width = spec.actionWidth();
        Minibatch batch = new Minibatch(n, new float[n * spec.observationDim()], new float[n * width], new float[n],
                new float[n], new float[n], new float[n], new float[n * width], new float[n * width]);
        rollout.gather(IntStream.range(0, n).toArray(), 0, batch);
        return batch;
    }

    /** A rollout of unit-Gaussian observations and rewards, actions sampled from the initial policy, GAE computed. */
    private static RolloutBuffer sampledRollout(ModelSpec spec, PolicyRunner policy) {
        int obsDim = spec.observationDim();
        int actDim = spec.actionWidth();
        RolloutBuffer rollout = new RolloutBuffer(ROLLOUT_STEPS, ENVS, obsDim, actDim, actDim, actDim);
        DiagonalGaussian gaussian = DiagonalGaussian.unbounded(actDim);
        SplitMix64 random = SplitMix64.forStream(1, 9);
        float[] obs = new float[ENVS * obsDim];
        float[] means = new float[ENVS * actDim];
        float[] values = new float[ENVS];
        float[] logStd = new float[actDim];
        float[] logProbs = new float[ENVS];
        float[] actions = new float[ENVS * actDim];
        float[] envActions = new float[ENVS * actDim];
        policy.logStd(logStd);
        for (int t = 0; t < ROLLOUT_STEPS; t++) {
            for (int i = 0; i < obs.length; i++) {
                obs[i] = (float) random.nextGaussian();
            }
            policy.forward(obs, ENVS, means, values);
            for (int e = 0; e < ENVS; e++) {
                logProbs[e] = gaussian.sample(means, logStd, e, random, actions, envActions);
            }
            rollout.addPolicyStep(t, 0, ENVS, obs, actions, logProbs, values, means);
            for (int e = 0; e < ENVS; e++) {
                rollout.addTransition(t * ENVS + e, (float) random.nextGaussian(), random.nextDouble() < 1e-3, false);
            }
        }
        policy.values(obs, ENVS, values);
        rollout.finish(obs, values, logStd);
        rollout.computeAdvantages(0.99, 0.95);
        return rollout;
    }
}
