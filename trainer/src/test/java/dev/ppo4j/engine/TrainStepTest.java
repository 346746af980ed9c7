package dev.ppo4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import dev.ppo4j.onnx.ElementType;
import dev.ppo4j.onnx.ModelRunner;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The train step against a plain-Java Adam with global-norm clipping, plus state round trips and determinism. */
class TrainStepTest {

    @ParameterizedTest(name = "gaussian={0} maxGradNorm={1}")
    @CsvSource({"true, 0.05", "true, 100", "false, 0.05", "false, 100"})
    void stepsMatchAPlainJavaAdamWithGradientClipping(boolean gaussian, double maxGradNorm) throws Exception {
        ModelSpec spec = Fixtures.small(gaussian);
        LossConfig loss = new LossConfig(Objective.CLIP, true, true);
        Parameters start = Fixtures.perturbed(spec, 3, 0.3);
        Minibatch mb = Fixtures.minibatch(start, 16, 4);
        HyperParameters hp = Fixtures.testHyperParameters().set(StepInput.LEARNING_RATE, 1e-3)
                .set(StepInput.MAX_GRAD_NORM, maxGradNorm);
        ModelProto gradientModel = PpoGraphs.lossAndGradient(spec, loss, ElementType.DOUBLE);
        int n = spec.parameterCount();
        double[] m = new double[n];
        double[] v = new double[n];
        try (Engine engine = Engine.open(start); ModelRunner gradients = new ModelRunner(gradientModel)) {
            TrainStep trainStep = engine.openTrainStep(loss);
            for (int t = 1; t <= 3; t++) {
                float[] before = engine.state().parameterValues();
                double[] p = Fixtures.toDouble(before, n);
                Fixtures.ClippedGradient clipped = Fixtures.ClippedGradient.of(gradients, gradientModel, spec, mb, hp, p, maxGradNorm);
                double norm = clipped.norm();
                double[] expected = new double[n];
                for (int i = 0; i < n; i++) {
                    double gi = clipped.values()[i];
                    m[i] = 0.9 * m[i] + 0.1 * gi;
                    v[i] = 0.999 * v[i] + 0.001 * gi * gi;
                    double mHat = m[i] / (1 - Math.pow(0.9, t));
                    double vHat = v[i] / (1 - Math.pow(0.999, t));
                    expected[i] = p[i] - hp.get(StepInput.LEARNING_RATE) * mHat / (Math.sqrt(vHat) + hp.get(StepInput.ADAM_EPSILON));
                }
                ReferenceLoss.Terms ref = ReferenceLoss.compute(Parameters.fromFlat(spec, before), loss, mb, hp);

                Diagnostics d = trainStep.step(mb, hp);

                assertEquals(t, engine.state().stepCount());
                assertEquals(norm, d.get(Diagnostic.GRAD_NORM), 1e-5 * norm, "gradient norm before clipping");
                assertEquals(ref.policyLoss(), d.get(Diagnostic.POLICY_LOSS), 1e-5, "policy loss");
                assertEquals(ref.valueLoss(), d.get(Diagnostic.VALUE_LOSS), 1e-5, "value loss");
                assertEquals(ref.entropy(), d.get(Diagnostic.ENTROPY), 1e-5, "entropy");
                assertEquals(ref.approxKl(), d.get(Diagnostic.APPROX_KL), 1e-5, "approx KL");
                assertEquals(ref.clipFraction(), d.get(Diagnostic.CLIP_FRACTION), 1e-6, "clip fraction");
                assertTrue(Double.isNaN(d.get(Diagnostic.KL_DIVERGENCE)), "no analytic KL for the clip objective");
                float[] after = engine.state().parameterValues();
                float[] firstMoments = engine.state().firstMoments();
                for (int i = 0; i < n; i++) {
                    assertEquals(expected[i], after[i], 2e-6, "parameter " + i + " after step " + t);
                    assertEquals(m[i], firstMoments[i], 1e-5 * Math.abs(m[i]) + 1e-7, "first moment " + i);
                }
                assertTrue(maxGradNorm < 1 ? norm > maxGradNorm : norm < maxGradNorm,
                        "each case must exercise its clipping branch, norm " + norm);
                // Continue from the engine's own parameters, so float rounding does not accumulate.
                System.arraycopy(Fixtures.toDouble(engine.state().firstMoments(), n), 0, m, 0, n);
                System.arraycopy(Fixtures.toDouble(engine.state().secondMoments(), n), 0, v, 0, n);
            }
        }
    }

    @Test
    void klObjectiveReportsTheAnalyticKlAndMissingOldDistributionIsRejected() {
        ModelSpec spec = Fixtures.small(true);
        LossConfig loss = new LossConfig(Objective.KL_ADAPTIVE, false, false);
        Parameters start = Fixtures.perturbed(spec, 3, 0.3);
        Minibatch mb = Fixtures.minibatch(start, 8, 4);
        HyperParameters hp = Fixtures.testHyperParameters();
        try (Engine engine = Engine.open(start)) {
            TrainStep trainStep = engine.openTrainStep(loss);
            Diagnostics d = trainStep.step(mb, hp);
            assertEquals(ReferenceLoss.compute(start, loss, mb, hp).kl(), d.get(Diagnostic.KL_DIVERGENCE), 1e-5);
            Minibatch missing = new Minibatch(8, mb.observations(), mb.actions(), mb.oldLogProbs(), mb.advantages(),
                    mb.returns(), mb.oldValues(), null, null);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> trainStep.step(missing, hp));
            assertTrue(e.getMessage().contains("oldMeansOrLogits"), e.getMessage());
        }
    }

    @Test
    void sameInputsGiveBitIdenticalRunsAndStateRoundTripsThroughFlatArrays() {
        ModelSpec spec = Fixtures.small(false);
        LossConfig loss = LossConfig.defaults();
        Parameters start = Fixtures.perturbed(spec, 8, 0.3);
        HyperParameters hp = Fixtures.testHyperParameters();
        Minibatch[] batches = {Fixtures.minibatch(start, 16, 1), Fixtures.minibatch(start, 5, 2)};
        try (Engine a = Engine.open(start); Engine b = Engine.open(start)) {
            TrainStep aStep = a.openTrainStep(loss);
            TrainStep bStep = b.openTrainStep(loss);
            for (int i = 0; i < 7; i++) {
                Diagnostics da = aStep.step(batches[i % 2], hp);
                Diagnostics db = bStep.step(batches[i % 2], hp);
                assertEquals(da, db);
            }
            assertArrayEquals(a.state().parameterValues(), b.state().parameterValues());
            assertArrayEquals(a.state().secondMoments(), b.state().secondMoments());
            assertFalse(Arrays.equals(start.values(), a.state().parameterValues()), "the steps must change the parameters");

            // A checkpoint copied into a fresh engine continues exactly like the original.
            try (Engine c = Engine.open(Parameters.initialise(spec, 99))) {
                TrainStep cStep = c.openTrainStep(loss);
                c.state().setParameters(a.state().parameterValues());
                c.state().setFirstMoments(a.state().firstMoments());
                c.state().setSecondMoments(a.state().secondMoments());
                c.state().setStepCount(a.state().stepCount());
                Diagnostics da = aStep.step(batches[0], hp);
                Diagnostics dc = cStep.step(batches[0], hp);
                assertEquals(da, dc);
                assertArrayEquals(a.state().parameterValues(), c.state().parameterValues());
                assertArrayEquals(a.state().firstMoments(), c.state().firstMoments());
                assertEquals(a.state().stepCount(), c.state().stepCount());
            }
            assertThrows(IllegalArgumentException.class, () -> a.state().setParameters(new float[3]));
        }
    }
}
