package dev.ppo4j.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NormalizedScoreTest {
    private static final double EPS = 1e-12;

    private static Map<String, double[]> variants(Object... nameThenScores) {
        Map<String, double[]> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenScores.length; i += 2) {
            map.put((String) nameThenScores[i], (double[]) nameThenScores[i + 1]);
        }
        return map;
    }

    private static Map<String, Map<String, double[]>> twoByTwoByTwo() {
        Map<String, Map<String, double[]>> scores = new LinkedHashMap<>();
        scores.put("A", variants("v1", new double[] {110, 90}, "v2", new double[] {60, 40}));
        scores.put("B", variants("v1", new double[] {0, 20}, "v2", new double[] {40, 30}));
        return scores;
    }

    private static Map<String, Double> randoms(double a, double b) {
        Map<String, Double> random = new LinkedHashMap<>();
        random.put("A", a);
        random.put("B", b);
        return random;
    }

    @Test
    void workedExampleTwoEnvsTwoVariantsTwoSeeds() {
        // Env A, random 10: v1 {110, 90} mean 100, v2 {60, 40} mean 50 -> best 100, range 90.
        //   v1 runs: (110-10)/90 = 1.111..., (90-10)/90 = 0.888...  -> env mean 180/180 = 1
        //   v2 runs: (60-10)/90 = 0.555..., (40-10)/90 = 0.333...   -> env mean 80/180 = 4/9
        // Env B, random -20: v1 {0, 20} mean 10, v2 {40, 30} mean 35 -> best 35, range 55.
        //   v1 runs: (0+20)/55 = 0.3636..., (20+20)/55 = 0.7272...  -> env mean 60/110 = 6/11
        //   v2 runs: (40+20)/55 = 1.0909..., (30+20)/55 = 0.9090... -> env mean 110/110 = 1
        // Over all 4 runs (equal seed counts, so also the mean of env means):
        //   v1 = (1 + 6/11) / 2 = 17/22 = 0.7727...
        //   v2 = (4/9 + 1) / 2 = 13/18 = 0.7222...
        NormalizedScore score = NormalizedScore.compute(twoByTwoByTwo(), randoms(10, -20));

        assertEquals(1.0, score.byEnvAndVariant().get("A").get("v1"), EPS);
        assertEquals(4.0 / 9.0, score.byEnvAndVariant().get("A").get("v2"), EPS);
        assertEquals(6.0 / 11.0, score.byEnvAndVariant().get("B").get("v1"), EPS);
        assertEquals(1.0, score.byEnvAndVariant().get("B").get("v2"), EPS);
        assertEquals(17.0 / 22.0, score.byVariant().get("v1"), EPS);
        assertEquals(13.0 / 18.0, score.byVariant().get("v2"), EPS);

        assertEquals(List.of("v1", "v2"), List.copyOf(score.byVariant().keySet()));
        assertEquals(List.of("A", "B"), List.copyOf(score.byEnvAndVariant().keySet()));
    }

    @Test
    void variantScoreIsTheMeanOverAllRunsWhenSeedCountsDiffer() {
        // Env A, random 0: v1 {20} (best 20), v2 {10} -> v1 run 1, v2 run 0.5.
        // Env B, random 0: v1 {10, 30, 20} mean 20 (best), v2 {5, 5, 5}
        //   -> v1 runs 0.5, 1.5, 1.0; v2 runs 0.25 each.
        // v2 over all runs: (0.5 + 3 * 0.25) / 4 = 1.25 / 4 = 0.3125
        //   (the mean of env means would be (0.5 + 0.25) / 2 = 0.375, which is not what we report)
        // v1 over all runs: (1 + 0.5 + 1.5 + 1.0) / 4 = 1
        Map<String, Map<String, double[]>> scores = new LinkedHashMap<>();
        scores.put("A", variants("v1", new double[] {20}, "v2", new double[] {10}));
        scores.put("B", variants("v1", new double[] {10, 30, 20}, "v2", new double[] {5, 5, 5}));
        NormalizedScore score = NormalizedScore.compute(scores, randoms(0, 0));

        assertEquals(0.3125, score.byVariant().get("v2"), EPS);
        assertEquals(1.0, score.byVariant().get("v1"), EPS);
        assertEquals(0.25, score.byEnvAndVariant().get("B").get("v2"), EPS);
    }

    @Test
    void rejectsAnEnvWithoutARandomScore() {
        Map<String, Double> onlyA = new LinkedHashMap<>();
        onlyA.put("A", 10.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NormalizedScore.compute(twoByTwoByTwo(), onlyA));
        assertTrue(e.getMessage().contains("B"), e.getMessage());
        assertTrue(e.getMessage().contains("random"), e.getMessage());
    }

    @Test
    void rejectsAnEnvWhereNothingBeatsRandom() {
        // Env B's best mean is 35; a random score of 35 leaves best - random = 0.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NormalizedScore.compute(twoByTwoByTwo(), randoms(10, 35)));
        assertTrue(e.getMessage().contains("on B scored at or below the random policy"), e.getMessage());
    }

    @Test
    void rejectsAVariantMissingOnAnEnv() {
        Map<String, Map<String, double[]>> scores = twoByTwoByTwo();
        scores.get("B").remove("v2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NormalizedScore.compute(scores, randoms(10, -20)));
        assertTrue(e.getMessage().contains("v2") && e.getMessage().contains("env B"), e.getMessage());
    }

    @Test
    void rejectsEmptySeedScoresAndAnEmptyGrid() {
        Map<String, Map<String, double[]>> scores = twoByTwoByTwo();
        scores.get("A").put("v1", new double[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NormalizedScore.compute(scores, randoms(10, -20)));
        assertTrue(e.getMessage().contains("v1") && e.getMessage().contains("env A"), e.getMessage());

        assertThrows(IllegalArgumentException.class,
                () -> NormalizedScore.compute(new LinkedHashMap<>(), randoms(10, -20)));
    }
}
