package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.bridge.PythonVectorEnv;
import dev.ppo4j.config.ConfigFiles;
import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.metrics.EpisodeTracker;
import org.junit.jupiter.api.Test;
import java.util.List;
import java.util.Map;

/** PPO and TRPO through real Python Gymnasium workers learn the classic benchmarks within CI-sized budgets. */
class BridgeTrainingTest {

    /** Trains and returns the best mean return of the last 100 episodes seen after any update. */
    private static double bestMeanReturn(TrainConfig config) throws Exception {
        double[] best = {Double.NEGATIVE_INFINITY};
        Trainer.Listener listener = new Trainer.Listener() {
            @Override
            public void onUpdate(int update, long globalStep, Map<String, Double> scalars, EpisodeTracker episodes) {
                if (episodes.finishedEpisodes() >= EpisodeTracker.WINDOW) {
                    best[0] = Math.max(best[0], episodes.meanReturn());
                }
            }

            @Override
            public void onEpisode(EpisodeTracker.Episode episode) {}

            @Override
            public void onCheckpoint(int update, long globalStep, Checkpoint checkpoint) {}
        };
        try (VectorEnv envs = PythonVectorEnv.builder(config.envId()).numEnvs(config.numEnvs())
                .workers(config.numWorkers()).build()) {
            new Trainer(config).train(envs, listener, null);
        }
        return best[0];
    }

    @Test
    void cartPoleThroughTheBridgeReaches475Within100kSteps() throws Exception {
        TrainConfig config = ConfigFiles.resolve(ConfigFiles.preset("cartpole"),
                ConfigFiles.overrides(List.of("env_id=CartPole-v1", "num_workers=2", "total_steps=100000")));
        double best = bestMeanReturn(config);
        assertTrue(best >= 475, "best mean return over the last 100 episodes was " + best);
    }

    /** Budget: 80 updates of 4 envs × 512 steps = 163,840 steps (the mean of the last 100 episodes passes 900 near 110k). */
    @Test
    void invertedPendulumThroughTheBridgeReaches900Within164kSteps() throws Exception {
        TrainConfig config = ConfigFiles.resolve(ConfigFiles.preset("mujoco"), ConfigFiles.overrides(List.of(
                "env_id=InvertedPendulum-v5", "num_envs=4", "num_workers=2", "rollout_steps=512", "total_steps=163840")));
        double best = bestMeanReturn(config);
        assertTrue(best >= 900, "best mean return over the last 100 episodes was " + best);
    }

    /**
     * TRPO with the trpo-mujoco preset: budget 64 updates of 2 envs × 1024 steps = 131,072 steps
     * (the mean of the last 100 episodes passes 900 near 112k).
     */
    @Test
    void invertedPendulumThroughTheBridgeReaches900WithTrpoWithin131kSteps() throws Exception {
        TrainConfig config = ConfigFiles.resolve(ConfigFiles.preset("trpo-mujoco"), ConfigFiles.overrides(List.of(
                "env_id=InvertedPendulum-v5", "num_workers=2", "total_steps=131072")));
        double best = bestMeanReturn(config);
        assertTrue(best >= 900, "best mean return over the last 100 episodes was " + best);
    }
}
