package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.metrics.EpisodeTracker;
import org.junit.jupiter.api.Test;

/** The cartpole preset solves the pure-Java CartPole-v1 within its 100k-step budget. */
class CartPoleTrainingTest {
    @Test
    void cartpolePresetReachesMeanReturn475Within100kSteps() throws Exception {
        TrainConfig config = TrainingRuns.config("cartpole");
        assertEquals("java:CartPole-v1", config.envId());
        assertTrue((long) config.numUpdates() * config.batchSize() <= 100_000, "the preset's budget exceeds 100k steps");

        TrainingRuns.Recorded run = TrainingRuns.train(config);

        assertTrue(run.episodes().size() >= EpisodeTracker.WINDOW, "fewer than 100 episodes finished: " + run.episodes().size());
        double lastHundred = run.episodes().subList(run.episodes().size() - EpisodeTracker.WINDOW, run.episodes().size())
                .stream().mapToDouble(EpisodeTracker.Episode::episodeReturn).average().orElseThrow();
        assertEquals(lastHundred, run.finalMeanReturn(), 1e-9, "the tracker's window disagrees with the episodes it reported");
        assertTrue(lastHundred >= 475, "mean return of the last 100 episodes after " + run.policy().stepsTrained()
                + " steps is " + lastHundred + ", below 475");
    }
}
