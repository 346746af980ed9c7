package dev.ppo4j.train;

import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.engine.CandidateParameters;
import dev.ppo4j.engine.PolicyRunner;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.env.VectorStep;
import dev.ppo4j.env.random.SplitMix64;
import dev.ppo4j.env.spaces.Box;
import dev.ppo4j.env.spaces.Discrete;
import dev.ppo4j.env.spaces.Space;
import dev.ppo4j.metrics.EpisodeTracker;
import dev.ppo4j.model.ActionDistribution;
import dev.ppo4j.model.Categorical;
import dev.ppo4j.model.DiagonalGaussian;
import dev.ppo4j.model.ModelSpec;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Steps the vector env with the current policy and fills a {@link RolloutBuffer}: normalises
 * observations, samples actions, scales rewards, tracks episodes and bootstraps truncated
 * episodes from V(final observation); every algorithm collects through it (as
 * Stable-Baselines3's {@code OnPolicyAlgorithm.collect_rollouts}). It owns the collection state
 * a checkpoint keeps: the normalisation statistics, the episode window, the sampling streams and
 * the global step. Methods that score whole episodes (the cross-entropy method) step the same
 * envs through {@link #collectEpisodes}, each env with parameters of its own.
 *
 * <p><b>Pipelining.</b> The envs step in the vector env's G groups: while one group steps
 * ({@link VectorEnv#stepAsync}), the collector records the previous step of the next group and
 * computes its actions. The results do not depend on G or on the number of workers:
 * <ul>
 *   <li>each env samples from its own random stream;</li>
 *   <li>every forward pass runs over all N observation rows, the group's own rows fresh, so an
 *       env's row is computed in the same batch position whatever the layout (ONNX Runtime's
 *       results for a row depend on the batch's size);</li>
 *   <li>the observation statistics take in a step's observations when every group has them, at
 *       the start of the next step: observation o_t is normalised with the statistics of
 *       o_0 … o_{t−1};</li>
 *   <li>a truncated episode's bootstrap value is computed for its env alone.</li>
 * </ul>
 */
public final class Collector {
    /** Sub-streams {@code SAMPLING_STREAMS + i} of the master seed: env i's sampling stream. */
    private static final long SAMPLING_STREAMS = 2L << 32;

    private final TrainConfig config;
    private final VectorEnv envs;
    private final PolicyRunner policy;
    private final int numEnvs;
    private final int numGroups;
    private final int groupSize;
    private final int obsDim;
    private final int actDim;
    private final int distDim;
    private final ObservationNormalizer obsNorm;
    private final RewardScaler rewardScaler;
    private final EpisodeTracker episodes;
    private final SplitMix64[] sampling;
    private final ActionDistribution distribution;
    private final Consumer<EpisodeTracker.Episode> onEpisode;
    private final RolloutBuffer buffer;

    private final VectorStep step;
    private final float[] rawObs;
    private final float[] normObs;
    private final float[] dist;
    private final float[] values;
    private final float[] logStd;
    private final float[] logProbs;
    private final float[] sampled;
    private final float[] envActions;
    private final float[][] groupActions;
    private final float[] finalObs;
    private final float[] finalValue;
    private final float[] rowObs;
    private final float[] rowDist;
    private final float[] rowValue;
    private long globalStep;

    /**
     * A collector of rollouts of {@code config.rolloutSteps()} steps on {@code envs}.
     *
     * @param onEpisode told of every finished episode as it ends
     */
    public Collector(TrainConfig config, VectorEnv envs, PolicyRunner policy, ModelSpec spec,
            Consumer<EpisodeTracker.Episode> onEpisode) {
        this.config = config;
        this.envs = envs;
        this.policy = policy;
        this.onEpisode = onEpisode;
        this.numEnvs = envs.numEnvs();
        this.numGroups = envs.numGroups();
        this.groupSize = numEnvs / numGroups;
        this.obsDim = envs.observationDim();
        this.distDim = spec.actionWidth();
        this.distribution = distribution(envs.singleActionSpace(), distDim, config.temperature());
        this.actDim = distribution.actionDim();
        this.obsNorm = new ObservationNormalizer(obsDim, config.normalizeObservations(), config.observationClip());
        this.rewardScaler = new RewardScaler(numEnvs, config.normalizeRewards(), config.gamma(), config.rewardClip());
        this.episodes = new EpisodeTracker(numEnvs);
        this.sampling = new SplitMix64[numEnvs];
        for (int i = 0; i < numEnvs; i++) {
            sampling[i] = SplitMix64.forStream(config.seed(), SAMPLING_STREAMS + i);
        }
        this.buffer = new RolloutBuffer(config.rolloutSteps(), numEnvs, obsDim, actDim, distDim, spec.isGaussian() ? distDim : 0);
        this.step = new VectorStep(numEnvs, obsDim);
        this.rawObs = new float[numEnvs * obsDim];
        this.normObs = new float[numEnvs * obsDim];
        this.dist = new float[numEnvs * distDim];
        this.values = new float[numEnvs];
        this.logStd = new float[spec.isGaussian() ? distDim : 0];
        this.logProbs = new float[numEnvs];
        this.sampled = new float[numEnvs * actDim];
        this.envActions = new float[numEnvs * actDim];
        this.groupActions = new float[numGroups][groupSize * actDim];
        this.finalObs = new float[obsDim];
        this.finalValue = new float[1];
        this.rowObs = new float[obsDim];
        this.rowDist = new float[distDim];
        this.rowValue = new float[1];
    }

    /** The distribution sampled in the env's action space: Box actions clipped to its bounds, Discrete ones offset by its start. */
    private static ActionDistribution distribution(Space actionSpace, int width, double temperature) {
        return actionSpace instanceof Box box ? new DiagonalGaussian(box.low(), box.high(), temperature)
                : new Categorical(width, ((Discrete) actionSpace).start(), temperature);
    }

    /**
     * Resets every env from {@code seed}; the first observations join the statistics when the
     * second step's actions are computed.
     *
     * @param seed the vector env's seed
     */
    public void reset(long seed) {
        envs.reset(seed, rawObs);
    }

    /**
     * Collects T steps of every env with the current parameters, then computes GAE(γ, λ) over
     * them bootstrapped from V(s_T).
     *
     * @return the filled buffer (reused by the next call)
     */
    public RolloutBuffer collectRollout() {
        if (logStd.length > 0) {
            policy.logStd(logStd);
        }
        long rolloutStart = globalStep;
        stepGroups(this::act, (t, g) -> finishStep(t, g, rolloutStart));
        obsNorm.normalize(rawObs, 0, numEnvs, normObs, 0);
        policy.values(normObs, numEnvs, values);
        buffer.finish(normObs, values, logStd);
        buffer.computeAdvantages(config.gamma(), config.gaeLambda());
        return buffer;
    }

    /** What happens to group {@code g} at step {@code t} of a collection. */
    private interface GroupStep {
        void run(int t, int g);
    }

    /**
     * Steps every env T times, pipelined over the groups: group g's step t is finished (recorded)
     * just before its step t + 1 is acted, and the observation statistics take in a step's
     * observations when every group has them. Advances the global step by T × N.
     */
    private void stepGroups(GroupStep act, GroupStep finish) {
        int steps = config.rolloutSteps();
        for (int t = 0; t < steps; t++) {
            if (t > 0) {
                obsNorm.update(rawObs, numEnvs);
            }
            for (int g = 0; g < numGroups; g++) {
                if (t > 0) {
                    finish.run(t - 1, g);
                }
                act.run(t, g);
            }
        }
        obsNorm.update(rawObs, numEnvs);
        for (int g = 0; g < numGroups; g++) {
            finish.run(steps - 1, g);
        }
        globalStep += (long) steps * numEnvs;
    }

    /**
     * Which parameters each env acts with, for methods that score whole episodes (the
     * cross-entropy method): told when an env's episode ends, before that env acts again.
     */
    public interface EpisodePolicies {
        /**
         * The parameters env {@code env} takes its next action with.
         *
         * @param env the env's index
         * @return its parameters
         */
        CandidateParameters parametersOf(int env);

        /**
         * Env {@code env}'s episode ended (its raw return, as the episode tracker recorded it).
         *
         * @param env the env's index
         * @param episode the finished episode
         */
        void episodeEnded(int env, EpisodeTracker.Episode episode);
    }

    /**
     * Steps every env T times, each with the parameters {@code policies} gives it and the
     * deterministic action of its output ({@link ActionDistribution#mode}); episodes are recorded
     * as {@link #collectRollout} records them, but no rollout is kept, rewards are not scaled and
     * the observation statistics are updated the same way. Each env runs its own forward pass of
     * one row, so its actions do not depend on how the envs are grouped. The Gaussian policy's
     * std reads 0 afterwards: no action is sampled.
     *
     * @param policies the parameters per env, told of every finished episode
     */
    public void collectEpisodes(EpisodePolicies policies) {
        Arrays.fill(logStd, Float.NEGATIVE_INFINITY);
        long start = globalStep;
        stepGroups((t, g) -> actDeterministically(g, policies), (t, g) -> finishEpisodeStep(t, g, start, policies));
    }

    /** Group {@code g}'s next step with every env's own parameters and deterministic actions. */
    private void actDeterministically(int g, EpisodePolicies policies) {
        int first = g * groupSize;
        obsNorm.normalize(rawObs, first * obsDim, groupSize, normObs, first * obsDim);
        for (int i = first; i < first + groupSize; i++) {
            System.arraycopy(normObs, i * obsDim, rowObs, 0, obsDim);
            policy.forward(policies.parametersOf(i), rowObs, 1, rowDist, rowValue);
            System.arraycopy(rowDist, 0, dist, i * distDim, distDim);
            distribution.mode(dist, i, envActions);
        }
        System.arraycopy(envActions, first * actDim, groupActions[g], 0, groupSize * actDim);
        envs.stepAsync(g, groupActions[g]);
    }

    /** Waits for group {@code g}'s step {@code t} and records its episodes; no rollout, no bootstrap. */
    private void finishEpisodeStep(int t, int g, long start, EpisodePolicies policies) {
        envs.stepWait(g, step);
        long stepsDone = start + (long) (t + 1) * numEnvs;
        int first = g * groupSize;
        for (int i = first; i < first + groupSize; i++) {
            EpisodeTracker.Episode finished = episodes.record(i, step.rewards[i], step.episodeEnded(i), stepsDone);
            if (finished != null) {
                onEpisode.accept(finished);
                policies.episodeEnded(i, finished);
            }
        }
        System.arraycopy(step.observations, first * obsDim, rawObs, first * obsDim, groupSize * obsDim);
    }

    /** Group {@code g}'s step {@code t}: normalise its observations, run the policy, sample, hand the actions over. */
    private void act(int t, int g) {
        int first = g * groupSize;
        obsNorm.normalize(rawObs, first * obsDim, groupSize, normObs, first * obsDim);
        policy.forward(normObs, numEnvs, dist, values);
        for (int i = first; i < first + groupSize; i++) {
            logProbs[i] = distribution.sample(dist, logStd, i, sampling[i], sampled, envActions);
        }
        buffer.addPolicyStep(t, first, groupSize, normObs, sampled, logProbs, values, dist);
        System.arraycopy(envActions, first * actDim, groupActions[g], 0, groupSize * actDim);
        envs.stepAsync(g, groupActions[g]);
    }

    /** Waits for group {@code g}'s step {@code t} and records it: rewards, episode ends, truncation bootstraps, new observations. */
    private void finishStep(int t, int g, long rolloutStart) {
        envs.stepWait(g, step);
        long stepsDone = rolloutStart + (long) (t + 1) * numEnvs;
        int first = g * groupSize;
        for (int i = first; i < first + groupSize; i++) {
            int row = t * numEnvs + i;
            boolean ended = step.episodeEnded(i);
            boolean truncated = step.truncated[i] && !step.terminated[i];
            buffer.addTransition(row, rewardScaler.scale(i, step.rewards[i], ended), step.terminated[i], truncated);
            EpisodeTracker.Episode finished = episodes.record(i, step.rewards[i], ended, stepsDone);
            if (finished != null) {
                onEpisode.accept(finished);
            }
            if (truncated) {
                // Bootstrap the truncated episode from V(final observation), not V(next episode's start).
                obsNorm.normalize(step.finalObservations, i * obsDim, 1, finalObs, 0);
                policy.values(finalObs, 1, finalValue);
                buffer.addTruncationBootstrap(row, finalObs, 0, finalValue[0]);
            }
        }
        System.arraycopy(step.observations, first * obsDim, rawObs, first * obsDim, groupSize * obsDim);
    }

    /** Environment steps taken so far, summed over envs (restored on resume). */
    public long globalStep() {
        return globalStep;
    }

    /** The mean of the Gaussian policy's standard deviation during the last rollout, or NaN for a categorical policy. */
    public double meanPolicyStd() {
        if (logStd.length == 0) {
            return Double.NaN;
        }
        double stdSum = 0;
        for (float l : logStd) {
            stdSum += Math.exp(l);
        }
        return stdSum / logStd.length;
    }

    /** The episode statistics. */
    public EpisodeTracker episodes() {
        return episodes;
    }

    ObservationNormalizer observationNormalizer() {
        return obsNorm;
    }

    RewardScaler rewardScaler() {
        return rewardScaler;
    }

    /** Env {@code i}'s sampling stream. */
    SplitMix64 samplingStream(int i) {
        return sampling[i];
    }

    /** The number of envs, each with its own sampling stream. */
    int numEnvs() {
        return numEnvs;
    }

    void restoreGlobalStep(long step) {
        globalStep = step;
    }
}
