package dev.ppo4j.train;

import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.model.ModelSpec;
import java.util.Map;

/**
 * An update rule on the shared on-policy core: what one iteration learns from the experience the
 * {@link Collector} gathers. The outer loop ({@link Trainer}) owns schedules of progress,
 * logging, checkpoints and export; an algorithm owns only its update and the state only it
 * needs (kept in checkpoints through {@link #save} and {@link #restore}).
 *
 * <p>Gradient methods (PPO, TRPO, vanilla policy gradient, A2C) take the default
 * {@link #collect}: one rollout of T steps × N envs with GAE. A method that scores whole episodes
 * instead (the cross-entropy method) overrides it, steps the collector's envs through
 * {@link Collector#collectEpisodes} and returns no rollout.
 */
public interface Algorithm {

    /**
     * The algorithm the config's {@code algorithm} key names, over the engine's parameters.
     *
     * @param config the run's config
     * @param spec the model
     * @param engine the engine whose parameters the algorithm updates
     * @return the algorithm
     */
    static Algorithm create(TrainConfig config, ModelSpec spec, Engine engine) {
        return switch (config.algorithm()) {
            case PPO -> new PpoAlgorithm(config, spec, engine);
            case TRPO -> new TrpoAlgorithm(config, spec, engine);
            case VPG_ADAPTIVE -> new VpgAdaptiveAlgorithm(config, spec, engine);
            case A2C -> new A2cAlgorithm(config, spec, engine);
            case A2C_TRUST_REGION -> new A2cTrustRegionAlgorithm(config, spec, engine);
            case CEM -> new CemAlgorithm(config, spec, engine);
        };
    }

    /**
     * Where the run stands when an iteration starts.
     *
     * @param update the 1-based update index
     * @param globalStep environment steps taken so far
     * @param progress fraction of the run done before this update, in [0, 1)
     */
    record Iteration(int update, long globalStep, double progress) {}

    /**
     * Gathers this iteration's experience.
     *
     * @param collector the shared collector
     * @return the rollout to learn from, or null when the algorithm learns from whole episodes as
     *     they end (the cross-entropy method, which steps the envs through
     *     {@link Collector#collectEpisodes}); {@link #update} then receives null
     */
    default RolloutBuffer collect(Collector collector) {
        return collector.collectRollout();
    }

    /**
     * Updates the parameters from one rollout.
     *
     * @param rollout the collected experience, advantages computed; null after a {@link #collect} that returned null
     * @param iteration where the run stands
     * @return the update's scalars, in logging order, with Stable-Baselines3/CleanRL key names
     * @throws TrainingDivergedException if the loss stops being finite
     */
    Map<String, Double> update(RolloutBuffer rollout, Iteration iteration);

    /**
     * Writes the state only this algorithm keeps (optimiser schedules, adaptive coefficients, its
     * random streams) into a checkpoint.
     *
     * @param checkpoint the checkpoint being assembled
     */
    void save(Checkpoint checkpoint);

    /**
     * Reads back what {@link #save} wrote.
     *
     * @param checkpoint the checkpoint to resume from
     */
    void restore(Checkpoint checkpoint);
}
