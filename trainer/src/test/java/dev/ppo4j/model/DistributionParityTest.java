package dev.ppo4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.env.random.SplitMix64;
import dev.ppo4j.onnx.ElementType;
import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.HostTensor;
import dev.ppo4j.onnx.ModelRunner;
import dev.ppo4j.onnx.Value;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each action distribution's Java sampling against its own graph terms: the log-probability
 * collection stores for a sampled action is the one the loss graph computes for it, whatever the
 * sampling temperature; env actions are clipped (Box) or offset (Discrete).
 */
class DistributionParityTest {
    private static final int ROWS = 64;

    @ParameterizedTest(name = "Gaussian, temperature {0}")
    @CsvSource({"1.0", "0.6", "1.7"})
    void gaussianLogProbsOfSampledActionsMatchTheGraph(double temperature) throws Exception {
        int dim = 3;
        double[] low = {-0.5, -1.0, -2.0};
        double[] high = {0.5, 1.0, 2.0};
        DiagonalGaussian gaussian = new DiagonalGaussian(low, high, temperature);
        SplittableRandom random = new SplittableRandom(11);
        float[] means = randomFloats(ROWS * dim, 1.0, random);
        float[] logStd = randomFloats(dim, 0.5, random);
        float[] stored = new float[ROWS * dim];
        float[] envActions = new float[ROWS * dim];
        float[] logProbs = sampleAll(gaussian, means, logStd, stored, envActions);

        GraphBuilder g = new GraphBuilder("gaussian_log_prob");
        Value outputs = g.input("outputs", GraphBuilder.BATCH, dim);
        Value logStdInput = g.input("log_std", dim);
        Value actions = gaussian.actionInput(g, "actions");
        g.output("log_prob", gaussian.graphTerms(g, outputs, () -> logStdInput, actions, null, null).logProb());
        Map<String, HostTensor> feeds = new HashMap<>();
        feeds.put("outputs", HostTensor.of(ElementType.FLOAT, doubles(means), ROWS, dim));
        feeds.put("log_std", HostTensor.of(ElementType.FLOAT, doubles(logStd), dim));
        feeds.put("actions", HostTensor.of(ElementType.FLOAT, doubles(stored), ROWS, dim));
        assertMatches(g, feeds, logProbs);

        int clipped = 0;
        for (int i = 0; i < stored.length; i++) {
            int j = i % dim;
            assertEquals((float) Math.min(Math.max(stored[i], low[j]), high[j]), envActions[i], 1e-6, "env action " + i);
            clipped += envActions[i] != stored[i] ? 1 : 0;
        }
        assertTrue(clipped > 0 && clipped < stored.length, "some samples must leave the bounds, got " + clipped);
    }

    @ParameterizedTest(name = "categorical, temperature {0}")
    @CsvSource({"1.0", "0.6", "1.7"})
    void categoricalLogProbsOfSampledActionsMatchTheGraph(double temperature) throws Exception {
        int n = 5;
        int start = -2;
        Categorical categorical = new Categorical(n, start, temperature);
        SplittableRandom random = new SplittableRandom(12);
        float[] logits = randomFloats(ROWS * n, 2.0, random);
        float[] stored = new float[ROWS];
        float[] envActions = new float[ROWS];
        float[] logProbs = sampleAll(categorical, logits, new float[0], stored, envActions);

        GraphBuilder g = new GraphBuilder("categorical_log_prob");
        Value outputs = g.input("outputs", GraphBuilder.BATCH, n);
        Value actions = categorical.actionInput(g, "actions");
        g.output("log_prob", categorical.graphTerms(g, outputs, () -> {
            throw new AssertionError("a categorical distribution has no log-std");
        }, actions, null, null).logProb());
        long[] indices = new long[ROWS];
        for (int b = 0; b < ROWS; b++) {
            indices[b] = (long) stored[b];
            assertEquals(stored[b] + start, envActions[b], "env action " + b);
        }
        Map<String, HostTensor> feeds = new HashMap<>();
        feeds.put("outputs", HostTensor.of(ElementType.FLOAT, doubles(logits), ROWS, n));
        feeds.put("actions", HostTensor.int64(indices, ROWS));
        assertMatches(g, feeds, logProbs);
    }

    private static float[] sampleAll(ActionDistribution distribution, float[] outputs, float[] logStd, float[] stored,
                                     float[] envActions) {
        SplitMix64 rng = new SplitMix64(5);
        float[] logProbs = new float[ROWS];
        for (int b = 0; b < ROWS; b++) {
            logProbs[b] = distribution.sample(outputs, logStd, b, rng, stored, envActions);
        }
        return logProbs;
    }

    private static void assertMatches(GraphBuilder g, Map<String, HostTensor> feeds, float[] javaLogProbs) throws Exception {
        try (ModelRunner runner = new ModelRunner(g.build())) {
            double[] graphLogProbs = runner.run(feeds).get("log_prob").values();
            for (int b = 0; b < ROWS; b++) {
                assertEquals(graphLogProbs[b], javaLogProbs[b], 1e-5, "log π(a|s) of row " + b);
            }
        }
    }

    private static float[] randomFloats(int n, double scale, SplittableRandom random) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (scale * random.nextGaussian());
        }
        return out;
    }

    private static double[] doubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
