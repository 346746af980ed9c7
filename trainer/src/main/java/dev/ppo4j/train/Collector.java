package dev.ppo4j.train;

import dev.ppo4j.config.TrainConfig;
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
import java.util.function.Consumer;

/**
 * Steps the vector env with the current policy and fills a {@link RolloutBuffer}: normalises
 * observations, samples actions, scales rewards, tracks episodes and bootstraps truncated
 * episodes from V(final observation); every algorithm collects through it (as
 * Stable-Baselines3's {@code OnPolicyAlgorithm.collect_rollouts}). It owns the collection state
 * a checkpoint keeps: the normalisation statistics, the episode window, the sampling stream and
 * the global step.
 */
public final class Collector {
    private static final long SAMPLING_STREAM = 2;

    private final TrainConfig config;
    private final VectorEnv envs;
    private final PolicyRunner policy;
    private final int numEnvs;
    private final int obsDim;
    private final ObservationNormalizer obsNorm;
    private final RewardScaler rewardScaler;
    private final EpisodeTracker episodes;
    private final SplitMix64 sampling;
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
    private final float[] finalObs;
    private final float[] finalValues;
    private final int[] truncatedEnvs;
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
        this.obsDim = envs.observationDim();
        int distDim = spec.actionWidth();
        this.distribution = distribution(envs.singleActionSpace(), distDim, config.temperature());
        int actDim = distribution.actionDim();
        this.obsNorm = new ObservationNormalizer(obsDim, config.normalizeObservations(), config.observationClip());
        this.rewardScaler = new RewardScaler(numEnvs, config.normalizeRewards(), config.gamma(), config.rewardClip());
        this.episodes = new EpisodeTracker(numEnvs);
        this.sampling = SplitMix64.forStream(config.seed(), SAMPLING_STREAM);
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
        this.finalObs = new float[numEnvs * obsDim];
        this.finalValues = new float[numEnvs];
        this.truncatedEnvs = new int[numEnvs];
    }

    /** The distribution sampled in the env's action space: Box actions clipped to its bounds, Discrete ones offset by its start. */
    private static ActionDistribution distribution(Space actionSpace, int width, double temperature) {
        return actionSpace instanceof Box box ? new DiagonalGaussian(box.low(), box.high(), temperature)
                : new Categorical(width, ((Discrete) actionSpace).start(), temperature);
    }

    /**
     * Resets every env from {@code seed} and starts the observation statistics with the first observations.
     *
     * @param seed the vector env's seed
     */
    public void reset(long seed) {
        envs.reset(seed, rawObs);
        obsNorm.update(rawObs, numEnvs);
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
        for (int t = 0; t < config.rolloutSteps(); t++) {
            actAndStep(t);
        }
        obsNorm.normalize(rawObs, 0, numEnvs, normObs, 0);
        policy.values(normObs, numEnvs, values);
        buffer.finish(normObs, values, logStd);
        buffer.computeAdvantages(config.gamma(), config.gaeLambda());
        return buffer;
    }

    /** One step of all envs: policy, sampling, env step, episode bookkeeping, truncation bootstrap. */
    private void actAndStep(int t) {
        obsNorm.normalize(rawObs, 0, numEnvs, normObs, 0);
        policy.forward(normObs, numEnvs, dist, values);
        for (int i = 0; i < numEnvs; i++) {
            logProbs[i] = distribution.sample(dist, logStd, i, sampling, sampled, envActions);
        }
        buffer.addPolicyStep(t, normObs, sampled, logProbs, values, dist);
        envs.step(envActions, step);
        globalStep += numEnvs;

        int truncatedCount = 0;
        for (int i = 0; i < numEnvs; i++) {
            int row = t * numEnvs + i;
            boolean ended = step.episodeEnded(i);
            boolean truncated = step.truncated[i] && !step.terminated[i];
            buffer.addTransition(row, rewardScaler.scale(i, step.rewards[i], ended), step.terminated[i], truncated);
            EpisodeTracker.Episode finished = episodes.record(i, step.rewards[i], ended, globalStep);
            if (finished != null) {
                onEpisode.accept(finished);
            }
            if (truncated) {
                System.arraycopy(step.finalObservations, i * obsDim, finalObs, truncatedCount * obsDim, obsDim);
                truncatedEnvs[truncatedCount++] = i;
            }
        }
        if (truncatedCount > 0) {
            // Bootstrap the truncated episodes from V(final observation), not V(next episode's start).
            obsNorm.normalize(finalObs, 0, truncatedCount, finalObs, 0);
            policy.values(finalObs, truncatedCount, finalValues);
            for (int k = 0; k < truncatedCount; k++) {
                buffer.addTruncationBootstrap(t * numEnvs + truncatedEnvs[k], finalObs, k * obsDim, finalValues[k]);
            }
        }
        System.arraycopy(step.observations, 0, rawObs, 0, numEnvs * obsDim);
        obsNorm.update(rawObs, numEnvs);
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

    SplitMix64 samplingStream() {
        return sampling;
    }

    void restoreGlobalStep(long step) {
        globalStep = step;
    }
}
