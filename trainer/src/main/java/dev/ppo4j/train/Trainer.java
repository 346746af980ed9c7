package dev.ppo4j.train;

import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.env.UnsupportedSpaceException;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.env.random.SplitMix64;
import dev.ppo4j.env.spaces.Box;
import dev.ppo4j.env.spaces.Discrete;
import dev.ppo4j.env.spaces.Space;
import dev.ppo4j.metrics.EpisodeTracker;
import dev.ppo4j.metrics.MetricKeys;
import dev.ppo4j.model.ActionHead;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The on-policy training loop, top to bottom as the algorithm reads (CleanRL's
 * {@code ppo_continuous_action.py} is the model): collect a rollout with GAE ({@link Collector})
 * → the configured algorithm's update ({@link Algorithm}, PPO's epochs × minibatches of train
 * steps by default) → logging → checkpoints ({@link TrainingState}). Returns a
 * {@link TrainedPolicy}; the trainer itself holds no trained state.
 */
public final class Trainer {
    private static final long INIT_STREAM = 1;
    private static final long ENV_SEED_STREAM = 4;

    private final TrainConfig config;

    /** A trainer for one configuration. */
    public Trainer(TrainConfig config) {
        this.config = config;
    }

    /** Receives what the loop produces, once per update and per finished episode. */
    public interface Listener {
        /** After every log_interval-th update and the last: the global step and the scalar diagnostics (SB3/CleanRL key names). */
        void onUpdate(int update, long globalStep, Map<String, Double> scalars, EpisodeTracker episodes);

        /** Whenever an episode ends. */
        void onEpisode(EpisodeTracker.Episode episode);

        /** Whenever the loop wants a checkpoint written (every checkpoint_interval updates, at the end, and when stopped early). */
        void onCheckpoint(int update, long globalStep, Checkpoint checkpoint) throws IOException;

        /**
         * Asked after every update: true ends training early, after a checkpoint of that update
         * (e.g. on Ctrl-C), so the run can be resumed from there. The returned policy then has
         * trained fewer steps than the config asks for.
         */
        default boolean stopRequested() {
            return false;
        }
    }

    /** The model a config builds for the given spaces. */
    public ModelSpec modelSpec(Space observationSpace, Space actionSpace) {
        ActionHead head;
        if (actionSpace instanceof Box box) {
            head = new ActionHead.Gaussian(box.flatDim());
        } else if (actionSpace instanceof Discrete discrete) {
            head = new ActionHead.Categorical(discrete.n());
        } else {
            throw new UnsupportedSpaceException("PPO in ppo4j supports Box and Discrete action spaces; this env's action space is "
                    + actionSpace + ". Wrap the env in Python to flatten its action space.");
        }
        return new ModelSpec(observationSpace.flatDim(), head, config.hiddenSizes(), config.activation());
    }

    /**
     * Trains on {@code envs} for the configured number of updates, or until the listener asks to stop.
     *
     * @param resumeFrom a checkpoint to continue from, or null to start afresh
     */
    public TrainedPolicy train(VectorEnv envs, Listener listener, Checkpoint resumeFrom) throws IOException {
        ModelSpec spec = modelSpec(envs.singleObservationSpace(), envs.singleActionSpace());
        try (Engine engine = Engine.open(initialParameters(spec))) {
            Collector collector = new Collector(config, envs, engine.policy(), spec, listener::onEpisode);
            Algorithm algorithm = Algorithm.create(config, spec, engine);
            TrainingState state = new TrainingState(config, engine.state(), collector, algorithm);
            int firstUpdate = resumeFrom == null ? 1 : state.restore(resumeFrom) + 1;
            // Env streams: seeded once from the master seed; a resumed run cannot restore the
            // simulators' own state, so it reseeds them from (seed, resumed step).
            collector.reset(resumeFrom == null ? config.seed()
                    : SplitMix64.forStream(config.seed() + collector.globalStep(), ENV_SEED_STREAM).nextLong() >>> 1);

            // Timings summed over the updates since the last metrics row (A2C logs every 100th).
            long unloggedCollectNanos = 0;
            long unloggedUpdateNanos = 0;
            int unloggedUpdates = 0;
            for (int update = firstUpdate; update <= config.numUpdates(); update++) {
                // 1. Collect a rollout of T steps × N envs, with GAE advantages.
                long collectStart = System.nanoTime();
                RolloutBuffer rollout = algorithm.collect(collector);
                // 2. Update the parameters from it.
                long updateStart = System.nanoTime();
                Map<String, Double> updateScalars = algorithm.update(rollout,
                        new Algorithm.Iteration(update, collector.globalStep(), (update - 1.0) / config.numUpdates()));
                long updateEnd = System.nanoTime();
                unloggedCollectNanos += updateStart - collectStart;
                unloggedUpdateNanos += updateEnd - updateStart;
                unloggedUpdates++;
                // 3. Log (every log_interval-th update and the last: A2C's updates are a few steps each).
                if (update % config.logInterval() == 0 || update == config.numUpdates()) {
                    listener.onUpdate(update, collector.globalStep(),
                            scalars(collector, updateScalars, unloggedCollectNanos, unloggedUpdateNanos, unloggedUpdates),
                            collector.episodes());
                    unloggedCollectNanos = 0;
                    unloggedUpdateNanos = 0;
                    unloggedUpdates = 0;
                }
                // 4. Checkpoint; stop early if asked to.
                boolean stopping = update < config.numUpdates() && listener.stopRequested();
                if (stopping || update == config.numUpdates()
                        || (config.checkpointInterval() > 0 && update % config.checkpointInterval() == 0)) {
                    listener.onCheckpoint(update, collector.globalStep(), state.save(update));
                }
                if (stopping) {
                    break;
                }
            }
            return TrainedPolicy.of(engine.state().parameters(), collector.observationNormalizer(),
                    envs.singleObservationSpace(), envs.singleActionSpace(), config, collector.globalStep());
        }
    }

    private Parameters initialParameters(ModelSpec spec) {
        long initSeed = SplitMix64.forStream(config.seed(), INIT_STREAM).nextLong();
        return config.orthogonalInit() ? Parameters.initialise(spec, initSeed) : Parameters.initialiseUniform(spec, initSeed);
    }

    /**
     * One metrics row's scalars in logging order: episodes, the algorithm's, the policy's spread,
     * and the timings of the {@code updates} updates since the previous row.
     */
    private Map<String, Double> scalars(Collector collector, Map<String, Double> updateScalars, long collectNanos, long updateNanos,
                                        int updates) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put(MetricKeys.EP_REW_MEAN, collector.episodes().meanReturn());
        scalars.put(MetricKeys.EP_LEN_MEAN, collector.episodes().meanLength());
        scalars.putAll(updateScalars);
        double policyStd = collector.meanPolicyStd();
        if (!Double.isNaN(policyStd)) {
            scalars.put(MetricKeys.POLICY_STD, policyStd);
        }
        double collectSeconds = collectNanos / 1e9;
        double updateSeconds = updateNanos / 1e9;
        scalars.put(MetricKeys.COLLECT_SECONDS, collectSeconds);
        scalars.put(MetricKeys.UPDATE_SECONDS, updateSeconds);
        scalars.put(MetricKeys.FPS, (double) updates * config.batchSize() / (collectSeconds + updateSeconds));
        return scalars;
    }
}
