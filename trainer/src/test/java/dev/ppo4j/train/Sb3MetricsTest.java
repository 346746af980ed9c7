package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.metrics.MetricKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stable-Baselines3's {@code train/loss} and {@code train/n_updates}, as a run reports them. */
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
}
