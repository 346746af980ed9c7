package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import java.util.SplittableRandom;

class NormalizationTest {

    @Test
    void runningStatisticsMatchTheWholeSampleWhateverTheBatching() {
        SplittableRandom rng = new SplittableRandom(7);
        int dim = 3;
        int rows = 1000;
        float[] data = new float[rows * dim];
        for (int k = 0; k < data.length; k++) {
            data[k] = (float) (rng.nextGaussian() * (1 + k % dim) + k % dim);
        }
        RunningMeanStd stats = new RunningMeanStd(dim);
        int offset = 0;
        for (int batch : new int[] {1, 7, 92, 400, 500}) {
            float[] part = java.util.Arrays.copyOfRange(data, offset * dim, (offset + batch) * dim);
            stats.update(part, batch);
            offset += batch;
        }
        for (int j = 0; j < dim; j++) {
            double mean = 0;
            for (int r = 0; r < rows; r++) {
                mean += data[r * dim + j];
            }
            mean /= rows;
            double var = 0;
            for (int r = 0; r < rows; r++) {
                var += (data[r * dim + j] - mean) * (data[r * dim + j] - mean);
            }
            var /= rows;
            assertEquals(mean, stats.mean(j), 1e-3);
            assertEquals(var, stats.var(j), 1e-3 * var);
        }
    }

    @Test
    void observationsAreStandardisedAndClipped() {
        ObservationNormalizer normalizer = new ObservationNormalizer(2, true, 1.5);
        normalizer.update(new float[] {0, 10, 2, 10, 4, 10}, 3);
        float[] out = new float[4];
        normalizer.normalize(new float[] {2, 10, 100, 10}, 0, 2, out, 0);
        assertEquals(0f, out[0], 1e-3);
        assertEquals(0f, out[1], 1e-2); // constant column: only the 1e-4 prior count separates it from 0
        assertEquals(1.5f, out[2], 0f);
        ObservationNormalizer off = new ObservationNormalizer(2, false, 1.5);
        off.normalize(new float[] {2, 100}, 0, 1, out, 0);
        assertEquals(100f, out[1], 0f);
    }

    @Test
    void rewardsAreScaledByTheDiscountedReturnStd() {
        RewardScaler scaler = new RewardScaler(1, true, 0.5, 10);
        RunningMeanStd reference = new RunningMeanStd(1);
        double ret = 0;
        double[] rewards = {1, 2, 3, -1, 4};
        for (int t = 0; t < rewards.length; t++) {
            boolean end = t == 2;
            ret = ret * 0.5 + rewards[t];
            reference.update(ret);
            double expected = rewards[t] / Math.sqrt(reference.var(0) + 1e-8);
            assertEquals(Math.max(-10, Math.min(10, expected)), scaler.scale(0, rewards[t], end), 1e-5);
            if (end) {
                ret = 0;
            }
        }
    }
}
