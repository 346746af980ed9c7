package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.metrics.MetricKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stable-Baselines3's {@code train/loss} and {@code train/n_updates}, as a run reports them; A2C's keys every log_interval updates. */
class Sb3MetricsTest {
    @Test
    void lossIsTheWeightedSumOfItsTermsAndNUpdatesCountsEveryEpochRun() throws Exception {
        // A tiny target_kl stops most updates after their first epoch, so n_updates must count
        // the epochs actually run, not updates x epochs.
        TrainingRuns.Recorded run = TrainingRuns.train(TrainingRuns.config("cartpole", "total_steps=2560",
                "ent_coef=0.01", "ent_coef_final=0.01", "target_kl=0.0001"));
        List<Map<String, Double>> updates = run.updates();
        double epochsSoFar = 0;
        boolean stoppedEarly = false;
        for (Map<String, Double> scalars : updates) {
            double epochs = scalars.get(MetricKeys.EPOCHS);
            stoppedEarly |= epochs < 20;
            epochsSoFar += epochs;
            assertEquals(epochsSoFar, scalars.get(MetricKeys.N_UPDATES), "n_updates is not the running sum of epochs run");
            double expected = scalars.get(MetricKeys.POLICY_GRADIENT_LOSS) + 0.5 * scalars.get(MetricKeys.VALUE_LOSS)
                    + scalars.get(MetricKeys.ENTROPY_COEFFICIENT) * scalars.get(MetricKeys.ENTROPY_LOSS);
            assertEquals(expected, scalars.get(MetricKeys.LOSS), 1e-5 * Math.max(1, Math.abs(expected)), scalars.toString());
        }
        assertTrue(stoppedEarly, "no update stopped early; the test does not exercise counting epochs run");
    }

    @Test
    void a2cLogsEveryLogIntervalthUpdateAndTheLastWithSb3Keys() throws Exception {
        // 8 envs x 5 steps: 100 updates, logged after updates 30, 60, 90 and 100 (the last).
        TrainingRuns.Recorded run = TrainingRuns.train(TrainingRuns.config("a2c-cartpole", "total_steps=4000",
                "log_interval=30", "ent_coef=0.01", "ent_coef_final=0.01"));
        List<Map<String, Double>> updates = run.updates();
        assertEquals(List.of(30.0, 60.0, 90.0, 100.0), updates.stream().map(s -> s.get(MetricKeys.N_UPDATES)).toList());
        assertEquals(List.of(MetricKeys.EP_REW_MEAN, MetricKeys.EP_LEN_MEAN, MetricKeys.POLICY_GRADIENT_LOSS, MetricKeys.VALUE_LOSS,
                MetricKeys.ENTROPY_LOSS, MetricKeys.GRAD_NORM, MetricKeys.LOSS, MetricKeys.EXPLAINED_VARIANCE, MetricKeys.LEARNING_RATE,
                MetricKeys.ENTROPY_COEFFICIENT, MetricKeys.N_UPDATES, MetricKeys.COLLECT_SECONDS, MetricKeys.UPDATE_SECONDS,
                MetricKeys.FPS), List.copyOf(updates.get(0).keySet()));
        for (Map<String, Double> scalars : updates) {
            // The a2c presets' vf_coef is 1.0.
            double expected = scalars.get(MetricKeys.POLICY_GRADIENT_LOSS) + scalars.get(MetricKeys.VALUE_LOSS)
                    + 0.01 * scalars.get(MetricKeys.ENTROPY_LOSS);
            assertEquals(expected, scalars.get(MetricKeys.LOSS), 1e-5 * Math.max(1, Math.abs(expected)), scalars.toString());
            assertEquals(7e-4, scalars.get(MetricKeys.LEARNING_RATE), 1e-12);
        }
        // The timings cover every update since the previous row, not only the logged one (the
        // compare report sums them into training time): 30, 30, 30 and 10 updates of 40 steps.
        List<Integer> updatesPerRow = List.of(30, 30, 30, 10);
        for (int i = 0; i < updates.size(); i++) {
            Map<String, Double> scalars = updates.get(i);
            double seconds = scalars.get(MetricKeys.COLLECT_SECONDS) + scalars.get(MetricKeys.UPDATE_SECONDS);
            assertEquals(updatesPerRow.get(i) * 40 / seconds, scalars.get(MetricKeys.FPS), 1e-9 * scalars.get(MetricKeys.FPS));
        }
    }
}
