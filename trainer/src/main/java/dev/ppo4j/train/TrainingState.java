package dev.ppo4j.train;

import dev.ppo4j.config.ConfigFiles;
import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.engine.ParameterState;
import dev.ppo4j.metrics.EpisodeTracker;

/**
 * Everything a checkpoint holds, saved and restored in this one place: the config, the
 * counters, the parameters with their optimiser moments, the collection state (normalisation
 * statistics, episode window, sampling stream) and, through {@link Algorithm#save}, the state
 * only the algorithm keeps.
 */
final class TrainingState {
    /** Env i's sampling stream is saved under this prefix followed by i. */
    private static final String SAMPLING_KEY = "rng_sampling_";

    private final TrainConfig config;
    private final ParameterState parameters;
    private final Collector collector;
    private final Algorithm algorithm;

    TrainingState(TrainConfig config, ParameterState parameters, Collector collector, Algorithm algorithm) {
        this.config = config;
        this.parameters = parameters;
        this.collector = collector;
        this.algorithm = algorithm;
    }

    /** A checkpoint of the state after {@code update}. */
    Checkpoint save(int update) {
        ObservationNormalizer obsNorm = collector.observationNormalizer();
        RewardScaler rewardScaler = collector.rewardScaler();
        EpisodeTracker episodes = collector.episodes();
        Checkpoint c = new Checkpoint()
                .put("config", ConfigFiles.write(config))
                .put("update", update)
                .put("global_step", collector.globalStep())
                .put("params", parameters.parameterValues())
                .put("adam_m", parameters.firstMoments())
                .put("adam_v", parameters.secondMoments())
                .put("adam_t", parameters.stepCount())
                .put("obs_mean", obsNorm.stats().mean())
                .put("obs_var", obsNorm.stats().var())
                .put("obs_count", obsNorm.stats().count())
                .put("ret_mean", rewardScaler.stats().mean())
                .put("ret_var", rewardScaler.stats().var())
                .put("ret_count", rewardScaler.stats().count())
                .put("recent_returns", episodes.recentReturns())
                .put("recent_lengths", episodes.recentLengths())
                .put("episodes", episodes.finishedEpisodes());
        for (int i = 0; i < collector.numEnvs(); i++) {
            c.put(SAMPLING_KEY + i, collector.samplingStream(i).state());
        }
        algorithm.save(c);
        return c;
    }

    /**
     * Restores everything {@link #save} wrote.
     *
     * @return the update the checkpoint was taken after
     */
    int restore(Checkpoint c) {
        parameters.setParameters(c.floats("params"));
        parameters.setFirstMoments(c.floats("adam_m"));
        parameters.setSecondMoments(c.floats("adam_v"));
        parameters.setStepCount(c.longValue("adam_t"));
        ObservationNormalizer obsNorm = collector.observationNormalizer();
        obsNorm.stats().restore(c.doubles("obs_mean"), c.doubles("obs_var"), c.scalar("obs_count"));
        obsNorm.refresh();
        collector.rewardScaler().stats().restore(c.doubles("ret_mean"), c.doubles("ret_var"), c.scalar("ret_count"));
        collector.episodes().restore(c.doubles("recent_returns"), c.doubles("recent_lengths"), c.longValue("episodes"));
        for (int i = 0; i < collector.numEnvs(); i++) {
            collector.samplingStream(i).setState(c.longValue(SAMPLING_KEY + i));
        }
        collector.restoreGlobalStep(c.longValue("global_step"));
        algorithm.restore(c);
        return (int) c.longValue("update");
    }
}
