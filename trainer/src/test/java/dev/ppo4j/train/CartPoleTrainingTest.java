package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.metrics.EpisodeTracker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each algorithm's cartpole preset solves the pure-Java CartPole-v1 within its budget: PPO and
 * vpg-adaptive within 100k steps, TRPO within 150k (rl-zoo's TRPO setting, whose 100k steps end
 * near a mean of 470 here), A2C within 250k (half rl-zoo's budget; 40-step batches, one RMSprop
 * step each), a2c-trust-region within the same 250k, the cross-entropy method within 300k
 * (generations of 40 whole episodes).
 */
class CartPoleTrainingTest {
    @ParameterizedTest(name = "{0} within {1} steps")
    @CsvSource({"cartpole, 100000", "trpo-cartpole, 150000", "vpg-adaptive-cartpole, 100000", "a2c-cartpole, 250000",
        "a2c-trust-region-cartpole, 250000",
        "cem-cartpole, 300000"})
    void presetReachesMeanReturn475WithinItsBudget(String preset, long budget) throws Exception {
        TrainConfig config = TrainingRuns.config(preset);
        assertEquals("java:CartPole-v1", config.envId());
        assertTrue((long) config.numUpdates() * config.batchSize() <= budget, "the preset's budget exceeds " + budget + " steps");

        TrainingRuns.Recorded run = TrainingRuns.train(config);

        assertTrue(run.episodes().size() >= EpisodeTracker.WINDOW, "fewer than 100 episodes finished: " + run.episodes().size());
        double lastHundred = run.episodes().subList(run.episodes().size() - EpisodeTracker.WINDOW, run.episodes().size())
                .stream().mapToDouble(EpisodeTracker.Episode::episodeReturn).average().orElseThrow();
        assertEquals(lastHundred, run.finalMeanReturn(), 1e-9, "the tracker's window disagrees with the episodes it reported");
        assertTrue(lastHundred >= 475, "mean return of the last 100 episodes after " + run.policy().stepsTrained()
                + " steps is " + lastHundred + ", below 475");
    }
}
