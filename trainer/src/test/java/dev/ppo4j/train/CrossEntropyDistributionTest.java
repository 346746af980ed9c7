package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.env.random.SplitMix64;
import org.junit.jupiter.api.Test;

/**
 * The cross-entropy method's generation update against elites, means and variances worked out
 * by hand on a toy objective, f(x) = −((x₀ − 2)² + (x₁ − 2)²), over fixed candidates.
 */
class CrossEntropyDistributionTest {
    private static final float[][] CANDIDATES = {{0, 0}, {1, 2}, {3, 1}, {2, 2}, {4, 4}};
    // f of each candidate: −8, −1, −2, 0, −8
    private static final double[] SCORES = {-8, -1, -2, 0, -8};

    private static double objective(float[] x) {
        return -((x[0] - 2) * (x[0] - 2) + (x[1] - 2) * (x[1] - 2));
    }

    @Test
    void theScoresAreTheObjectiveOfTheCandidates() {
        for (int c = 0; c < CANDIDATES.length; c++) {
            assertEquals(SCORES[c], objective(CANDIDATES[c]), 1e-12);
        }
    }

    @Test
    void twoElitesGiveTheirMeanAndVariance() {
        CrossEntropyDistribution distribution = new CrossEntropyDistribution(new double[] {0, 0}, 1.0);

        int[] elites = distribution.refit(CANDIDATES, SCORES, 2);

        // The best two: {2, 2} (0) and {1, 2} (−1).
        assertArrayEquals(new int[] {1, 3}, elites);
        assertArrayEquals(new double[] {1.5, 2.0}, distribution.mean(), 1e-12);
        // ((1 − 1.5)² + (2 − 1.5)²) / 2 = 0.25; both elites share x₁ = 2.
        assertArrayEquals(new double[] {0.25, 0.0}, distribution.variance(), 1e-12);
    }

    @Test
    void threeElitesGiveTheirMeanAndPopulationVariance() {
        CrossEntropyDistribution distribution = new CrossEntropyDistribution(new double[] {0, 0}, 1.0);

        int[] elites = distribution.refit(CANDIDATES, SCORES, 3);

        // {2, 2}, {1, 2}, {3, 1}: mean (2, 5/3); variances (1 + 1 + 0)/3 and (1/9 + 4/9 + 1/9)/3.
        assertArrayEquals(new int[] {1, 2, 3}, elites);
        assertArrayEquals(new double[] {2.0, 5.0 / 3}, distribution.mean(), 1e-12);
        assertArrayEquals(new double[] {2.0 / 3, 2.0 / 9}, distribution.variance(), 1e-12);
    }

    @Test
    void equalScoresAreBrokenByCandidateIndex() {
        // Candidates 0 and 4 tie at −8: the fourth elite is the lower index.
        assertArrayEquals(new int[] {0, 1, 2, 3}, CrossEntropyDistribution.elites(SCORES, 4));
    }

    @Test
    void theExtraVarianceDecaysLinearlyToZero() {
        CrossEntropyDistribution distribution = new CrossEntropyDistribution(new double[] {0, 0}, 1.0);
        distribution.refit(CANDIDATES, SCORES, 2);

        // σ² = (0.25, 0); extra std 0.5, so Z = 0.25 · max(1 − g/4, 0).
        assertArrayEquals(new double[] {Math.sqrt(0.5), 0.5}, distribution.samplingStd(0, 0.5, 4), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(0.375), Math.sqrt(0.125)}, distribution.samplingStd(2, 0.5, 4), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.0}, distribution.samplingStd(4, 0.5, 4), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.0}, distribution.samplingStd(9, 0.5, 4), 1e-12);
    }

    @Test
    void theFirstGenerationSamplesWithTheInitialStd() {
        CrossEntropyDistribution distribution = new CrossEntropyDistribution(new double[] {1, -1}, 2.0);

        assertArrayEquals(new double[] {4, 4}, distribution.variance());
        assertArrayEquals(new double[] {2, 2}, distribution.samplingStd(0, 0.0, 10), 1e-12);
    }

    @Test
    void eliteCountRoundsHalfToEvenAsNumpy() {
        assertEquals(40, TrainConfig.cemEliteCount(200, 0.2));
        assertEquals(2, TrainConfig.cemEliteCount(5, 0.5));
        assertEquals(4, TrainConfig.cemEliteCount(7, 0.5));
    }

    @Test
    void generationsConvergeToTheQuadraticsMaximum() {
        CrossEntropyDistribution distribution = new CrossEntropyDistribution(new double[] {0, 4}, 2.0);
        SplitMix64 random = new SplitMix64(7);
        float[][] population = new float[50][2];
        double[] scores = new double[population.length];
        for (int generation = 0; generation < 30; generation++) {
            distribution.sample(distribution.samplingStd(generation, 0.5, 20), random, population);
            for (int c = 0; c < population.length; c++) {
                scores[c] = objective(population[c]);
            }
            distribution.refit(population, scores, 10);
        }

        double[] mean = distribution.mean();
        assertEquals(2.0, mean[0], 0.05, "x0");
        assertEquals(2.0, mean[1], 0.05, "x1");
        assertTrue(distribution.variance()[0] < 1e-2, "the variance did not shrink: " + distribution.variance()[0]);
    }
}
