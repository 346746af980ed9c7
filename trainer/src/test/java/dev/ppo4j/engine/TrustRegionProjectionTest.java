package dev.ppo4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ppo4j.onnx.ElementType;
import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.HostTensor;
import dev.ppo4j.onnx.ModelRunner;
import dev.ppo4j.onnx.Value;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * ACER's trust-region projection ({@link TrustRegionGraph#project}) in float32 against its closed
 * form: after projection kᵀĝ ≤ δ; a sample whose constraint is slack keeps its gradient
 * bit for bit; on random data ĝ matches a plain-Java evaluation of ĝ = g − max(0, (kᵀg − δ) /
 * (‖k‖² + ε))·k. φ has two parts (as a Gaussian's mean and log-std), so the dot products must
 * span both.
 */
class TrustRegionProjectionTest {
    private static final int BATCH = 64;
    private static final int MEAN_WIDTH = 3;
    private static final int LOG_STD_WIDTH = 2;
    private static final int WIDTH = MEAN_WIDTH + LOG_STD_WIDTH;

    /** Inputs g and k in two parts each, output ĝ's parts and the adjustment. */
    private static ModelProto projectionGraph() {
        GraphBuilder g = new GraphBuilder("projection");
        List<Value> gradient = List.of(g.input("g_mean", BATCH, MEAN_WIDTH), g.input("g_log_std", BATCH, LOG_STD_WIDTH));
        List<Value> kl = List.of(g.input("k_mean", BATCH, MEAN_WIDTH), g.input("k_log_std", BATCH, LOG_STD_WIDTH));
        TrustRegionGraph.Projection p = TrustRegionGraph.project(g, gradient, kl, g.input("delta"));
        g.output("projected_mean", p.projected().get(0));
        g.output("projected_log_std", p.projected().get(1));
        g.output("adjustment", p.adjustment());
        g.output("active_fraction", p.activeFraction());
        return g.build();
    }

    /** Runs the projection on g and k given as rows of WIDTH values; returns ĝ the same way. */
    private static double[] project(double[] gradient, double[] kl, double delta, double[] activeFraction) throws Exception {
        try (ModelRunner runner = new ModelRunner(projectionGraph())) {
            Map<String, HostTensor> out = runner.run(Map.of(
                    "g_mean", part(gradient, 0, MEAN_WIDTH), "g_log_std", part(gradient, MEAN_WIDTH, LOG_STD_WIDTH),
                    "k_mean", part(kl, 0, MEAN_WIDTH), "k_log_std", part(kl, MEAN_WIDTH, LOG_STD_WIDTH),
                    "delta", HostTensor.of(ElementType.FLOAT, new double[] {delta})));
            activeFraction[0] = out.get("active_fraction").scalar();
            double[] projected = new double[BATCH * WIDTH];
            double[] mean = out.get("projected_mean").values();
            double[] logStd = out.get("projected_log_std").values();
            for (int b = 0; b < BATCH; b++) {
                System.arraycopy(mean, b * MEAN_WIDTH, projected, b * WIDTH, MEAN_WIDTH);
                System.arraycopy(logStd, b * LOG_STD_WIDTH, projected, b * WIDTH + MEAN_WIDTH, LOG_STD_WIDTH);
            }
            return projected;
        }
    }

    private static HostTensor part(double[] rows, int from, int width) {
        double[] values = new double[BATCH * width];
        for (int b = 0; b < BATCH; b++) {
            System.arraycopy(rows, b * WIDTH + from, values, b * width, width);
        }
        return HostTensor.of(ElementType.FLOAT, values, BATCH, width);
    }

    /** The closed form in double precision, on the float32-rounded data the graph sees. */
    private static double[] closedForm(double[] gradient, double[] kl, double delta) {
        double[] out = new double[gradient.length];
        for (int b = 0; b < BATCH; b++) {
            double dot = 0;
            double norm = 0;
            for (int j = b * WIDTH; j < (b + 1) * WIDTH; j++) {
                dot += (float) kl[j] * (double) (float) gradient[j];
                norm += (float) kl[j] * (double) (float) kl[j];
            }
            double adjustment = Math.max(0, (dot - delta) / (norm + TrustRegionGraph.NORM_EPSILON));
            for (int j = b * WIDTH; j < (b + 1) * WIDTH; j++) {
                out[j] = (float) gradient[j] - adjustment * (float) kl[j];
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b, int row) {
        double sum = 0;
        for (int j = row * WIDTH; j < (row + 1) * WIDTH; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }

    private static double[] random(SplittableRandom rng, double scale) {
        double[] x = new double[BATCH * WIDTH];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (scale * (2 * rng.nextDouble() - 1));
        }
        return x;
    }

    @Test
    void matchesTheClosedFormOnRandomData() throws Exception {
        SplittableRandom rng = new SplittableRandom(11);
        double[] gradient = random(rng, 3.0);
        double[] kl = random(rng, 1.0);
        double delta = 1.0;
        double[] active = new double[1];
        double[] projected = project(gradient, kl, delta, active);
        double[] expected = closedForm(gradient, kl, delta);
        int constrained = 0;
        for (int b = 0; b < BATCH; b++) {
            for (int j = b * WIDTH; j < (b + 1) * WIDTH; j++) {
                assertEquals(expected[j], projected[j], 1e-5 * Math.max(1, Math.abs(expected[j])), "sample " + b);
            }
            if (dot(kl, gradient, b) > delta) {
                constrained++;
            }
        }
        assertTrue(constrained > 5 && constrained < BATCH - 5, "the data should mix active and slack samples: "
                + constrained);
        assertEquals((double) constrained / BATCH, active[0], 1e-6);
    }

    @Test
    void projectedGradientsStayInsideTheTrustRegion() throws Exception {
        SplittableRandom rng = new SplittableRandom(12);
        double[] gradient = random(rng, 10.0);
        double[] kl = random(rng, 1.0);
        for (double delta : new double[] {0.0, 0.5, 1.0}) {
            double[] projected = project(gradient, kl, delta, new double[1]);
            for (int b = 0; b < BATCH; b++) {
                double after = dot(kl, projected, b);
                double norm = dot(kl, kl, b);
                // The ε in the denominator leaves (kᵀg − δ)·ε / (‖k‖² + ε) above δ; float32 rounding a little more.
                double tolerance = Math.max(0, dot(kl, gradient, b) - delta) * TrustRegionGraph.NORM_EPSILON / norm + 1e-4;
                assertTrue(after <= delta + tolerance, "sample " + b + ": kᵀĝ = " + after + " > δ = " + delta);
                if (dot(kl, gradient, b) > delta) {
                    assertEquals(delta, after, tolerance, "an active constraint is met with equality, sample " + b);
                }
            }
        }
    }

    @Test
    void leavesTheGradientUnchangedWhereTheConstraintIsSlack() throws Exception {
        SplittableRandom rng = new SplittableRandom(13);
        double[] gradient = random(rng, 0.1);
        double[] kl = random(rng, 1.0);
        double[] active = new double[1];
        // |kᵀg| ≤ 5 · 0.1 · 1 < δ = 1 for every sample: no projection anywhere.
        assertArrayEquals(gradient, project(gradient, kl, 1.0, active));
        assertEquals(0.0, active[0]);
        // k = 0, the first step (average policy = policy): g passes unchanged, with no 0/0.
        assertArrayEquals(gradient, project(gradient, new double[BATCH * WIDTH], 1.0, active));
        assertEquals(0.0, active[0]);
    }
}
