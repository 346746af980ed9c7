package dev.ppo4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import dev.ppo4j.onnx.ElementType;
import dev.ppo4j.onnx.ModelRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A2C's train step (the log-likelihood policy term, RMSprop) against a plain-Java
 * torch.optim.RMSprop (no momentum, not centred: s ← α·s + (1−α)·g², p ← p − lr·g / (√s + ε))
 * applied to the float64 graph's gradient after global-norm clipping, over several steps.
 */
class RmsPropStepTest {
    private static final LossConfig A2C = new LossConfig(Objective.NONE, false, true, PolicyTerm.LOG_LIKELIHOOD);

    @ParameterizedTest(name = "gaussian={0} maxGradNorm={1}")
    @CsvSource({"true, 0.05", "true, 100", "false, 0.05", "false, 100"})
    void stepsMatchAPlainJavaRmsPropWithGradientClipping(boolean gaussian, double maxGradNorm) throws Exception {
        ModelSpec spec = Fixtures.small(gaussian);
        Parameters start = Fixtures.perturbed(spec, 5, 0.3);
        Minibatch mb = Fixtures.minibatch(start, 12, 6);
        double lr = 7e-4;
        double alpha = 0.9;
        double eps = 1e-3;
        HyperParameters hp = Fixtures.testHyperParameters().set(StepInput.LEARNING_RATE, lr)
                .set(StepInput.MAX_GRAD_NORM, maxGradNorm).set(StepInput.RMS_PROP_ALPHA, alpha)
                .set(StepInput.RMS_PROP_EPSILON, eps);
        ModelProto gradientModel = PpoGraphs.lossAndGradient(spec, A2C, ElementType.DOUBLE);
        int n = spec.parameterCount();
        double[] s = new double[n];
        try (Engine engine = Engine.open(start); ModelRunner gradients = new ModelRunner(gradientModel)) {
            TrainStep trainStep = engine.openTrainStep(A2C, Optimizer.RMS_PROP);
            for (int t = 1; t <= 4; t++) {
                float[] before = engine.state().parameterValues();
                double[] p = Fixtures.toDouble(before, n);
                Fixtures.ClippedGradient clipped = Fixtures.ClippedGradient.of(gradients, gradientModel, spec, mb, hp, p, maxGradNorm);
                double[] g = clipped.values();
                double[] expected = new double[n];
                for (int i = 0; i < n; i++) {
                    s[i] = alpha * s[i] + (1 - alpha) * g[i] * g[i];
                    expected[i] = p[i] - lr * g[i] / (Math.sqrt(s[i]) + eps);
                }
                double norm = clipped.norm();

                Diagnostics d = trainStep.step(mb, hp);

                assertEquals(t, engine.state().stepCount());
                assertEquals(norm, d.get(Diagnostic.GRAD_NORM), 1e-5 * norm, "gradient norm before clipping");
                assertEquals(-mean(ReferenceLoss.logProbs(Parameters.fromFlat(spec, before), mb), mb.advantages()),
                        d.get(Diagnostic.POLICY_LOSS), 1e-5, "policy loss −E[Â·log π]");
                float[] after = engine.state().parameterValues();
                float[] squareAverages = engine.state().secondMoments();
                for (int i = 0; i < n; i++) {
                    assertEquals(expected[i], after[i], 1e-6, "parameter " + i + " after step " + t);
                    // The float32 gradient differs from the float64 one by ~1e-5 relative, its square twice that.
                    assertEquals(s[i], squareAverages[i], 1e-4 * s[i] + 1e-12, "square average " + i + " after step " + t);
                }
                assertArrayEquals(new float[n], engine.state().firstMoments(), "RMSprop leaves the first moments at zero");
                assertTrue(maxGradNorm < 1 ? norm > maxGradNorm : norm < maxGradNorm,
                        "each case must exercise its clipping branch, norm " + norm);
                // Continue from the engine's own square averages, so float rounding does not accumulate.
                System.arraycopy(Fixtures.toDouble(squareAverages, n), 0, s, 0, n);
            }
        }
    }

    /** E[Â·log π(a|s)] over the minibatch. */
    private static double mean(double[] logProbs, float[] advantages) {
        double sum = 0;
        for (int b = 0; b < logProbs.length; b++) {
            sum += advantages[b] * logProbs[b];
        }
        return sum / logProbs.length;
    }
}
