package dev.ppo4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import dev.ppo4j.onnx.ElementType;
import dev.ppo4j.onnx.HostTensor;
import dev.ppo4j.onnx.ModelRunner;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The graphs TRPO and vpg-adaptive run besides the Fisher-vector products: the surrogate's
 * gradient against central differences, the candidate evaluation in the float32 engine, and the
 * critic-only and actor-only Adam steps against a plain-Java Adam that must leave the other
 * part of the parameters and moments untouched.
 */
class TrpoStepsTest {
    private static final double STEP = 1e-6;

    private static Map<String, HostTensor> run(ModelRunner runner, ModelProto model, ModelSpec spec, Minibatch mb,
            double[] params) throws Exception {
        return runner.run(Fixtures.feeds(model, spec, mb, HyperParameters.defaults(), params, ElementType.DOUBLE));
    }

    @ParameterizedTest(name = "gaussian={0}")
    @ValueSource(booleans = {true, false})
    void surrogateGradientMatchesCentralDifferencesOfTheSurrogate(boolean gaussian) throws Exception {
        ModelSpec spec = Fixtures.small(gaussian);
        Parameters params = Fixtures.perturbed(spec, 11, 0.3);
        Minibatch mb = Fixtures.minibatch(params, 10, 12);
        double[] theta = Fixtures.toDouble(params.values(), spec.parameterCount());
        ModelProto gradientModel = TrpoGraphs.surrogateGradient(spec, ElementType.DOUBLE);
        ModelProto valueModel = TrpoGraphs.surrogateAndKl(spec, ElementType.DOUBLE);
        int actor = TrpoGraphs.actorParameterCount(spec);
        try (ModelRunner gradients = new ModelRunner(gradientModel); ModelRunner values = new ModelRunner(valueModel)) {
            Map<String, HostTensor> out = run(gradients, gradientModel, spec, mb, theta);
            double[] gradient = out.get(GraphNames.GRADIENT).values();
            assertEquals(actor, gradient.length);
            assertEquals(run(values, valueModel, spec, mb, theta).get(GraphNames.SURROGATE).scalar(),
                    out.get(GraphNames.SURROGATE).scalar(), 1e-12, "both graphs compute the same surrogate");
            for (int i = 0; i < actor; i++) {
                double saved = theta[i];
                theta[i] = saved + STEP;
                double plus = run(values, valueModel, spec, mb, theta).get(GraphNames.SURROGATE).scalar();
                theta[i] = saved - STEP;
                double minus = run(values, valueModel, spec, mb, theta).get(GraphNames.SURROGATE).scalar();
                theta[i] = saved;
                double numeric = (plus - minus) / (2 * STEP);
                assertEquals(numeric, gradient[i], 1e-7 + 1e-5 * Math.abs(numeric), "d surrogate / d θ[" + i + "]");
            }
            assertTrue(Arrays.stream(gradient).map(Math::abs).max().orElseThrow() > 1e-3, "the gradient must not vanish");
        }
    }

    @ParameterizedTest(name = "gaussian={0}")
    @ValueSource(booleans = {true, false})
    void evaluationOfCandidatesMatchesTheFloat64Graph(boolean gaussian) throws Exception {
        ModelSpec spec = Fixtures.small(gaussian);
        Parameters start = Fixtures.perturbed(spec, 13, 0.3);
        Minibatch mb = Fixtures.minibatch(start, 10, 14);
        float[] candidate = Fixtures.perturbed(spec, 15, 0.3).values();
        ModelProto model = TrpoGraphs.surrogateAndKl(spec, ElementType.DOUBLE);
        Map<String, HostTensor> expected;
        Map<String, HostTensor> expectedCurrent;
        try (ModelRunner runner = new ModelRunner(model)) {
            expected = run(runner, model, spec, mb, Fixtures.toDouble(candidate, candidate.length));
            expectedCurrent = run(runner, model, spec, mb, Fixtures.toDouble(start.values(), candidate.length));
        }
        try (Engine engine = Engine.open(start)) {
            SurrogateEvaluation evaluation = engine.openSurrogateEvaluation(10);
            evaluation.load(mb);
            SurrogateEvaluation.Evaluation e = evaluation.evaluate(candidate);
            SurrogateEvaluation.Evaluation current = evaluation.evaluateCurrent();
            double kl = expected.get(Diagnostic.KL_DIVERGENCE.graphName()).scalar();
            assertTrue(kl > 0.01, "the candidate must differ from the old distribution, KL " + kl);
            assertEquals(kl, e.kl(), 1e-5 * kl);
            assertEquals(expected.get(GraphNames.SURROGATE).scalar(), e.surrogate(), 1e-5);
            assertEquals(expectedCurrent.get(Diagnostic.KL_DIVERGENCE.graphName()).scalar(), current.kl(), 1e-5);
            assertEquals(expectedCurrent.get(GraphNames.SURROGATE).scalar(), current.surrogate(), 1e-5);
            assertArrayEquals(start.values(), engine.state().parameterValues(), "evaluating a candidate must not change the parameters");
        }
    }

    @ParameterizedTest(name = "gaussian={0}")
    @ValueSource(booleans = {true, false})
    void criticStepIsAdamOnTheValueLossOverTheCriticOnly(boolean gaussian) throws Exception {
        ModelSpec spec = Fixtures.small(gaussian);
        Parameters start = Fixtures.perturbed(spec, 16, 0.3);
        Minibatch mb = Fixtures.minibatch(start, 16, 17);
        // The value loss's gradient, from PPO's float64 loss graph: with zero advantages and vf_coef 1 it is ∇L_V alone.
        Minibatch noPolicyTerm = new Minibatch(16, mb.observations(), mb.actions(), mb.oldLogProbs(), new float[16],
                mb.returns(), mb.oldValues(), mb.oldMeansOrLogits(), mb.oldLogStd());
        HyperParameters hp = HyperParameters.defaults().set(StepInput.LEARNING_RATE, 1e-2).set(StepInput.VALUE_COEF, 1.0);
        ModelProto lossModel = PpoGraphs.lossAndGradient(spec, new LossConfig(Objective.NONE, false, false), ElementType.DOUBLE);
        int actor = TrpoGraphs.actorParameterCount(spec);
        try (Engine engine = Engine.open(start); ModelRunner losses = new ModelRunner(lossModel)) {
            TrainStep critic = engine.openCriticStep();
            for (int t = 1; t <= 3; t++) {
                float[] before = engine.state().parameterValues();
                float[] mBefore = engine.state().firstMoments();
                float[] vBefore = engine.state().secondMoments();
                Map<String, HostTensor> ref = losses.run(Fixtures.feeds(lossModel, spec, noPolicyTerm, hp,
                        Fixtures.toDouble(before, before.length), ElementType.DOUBLE));
                Diagnostics d = critic.step(mb, hp);
                assertEquals(ref.get(Diagnostic.VALUE_LOSS.graphName()).scalar(), d.get(Diagnostic.VALUE_LOSS), 1e-5);
                assertEquals(t, engine.state().stepCount(), "critic steps are counted in the shared step count");
                assertAdamStep(engine.state(), before, mBefore, vBefore, ref.get(GraphNames.GRADIENT).values(), hp, t,
                        actor, before.length);
                assertUnchanged(engine.state(), before, mBefore, vBefore, 0, actor, "the actor");
            }
        }
    }

    @ParameterizedTest(name = "gaussian={0}")
    @ValueSource(booleans = {true, false})
    void policyGradientStepIsAdamOnTheLogProbLossOverTheActorOnlyWithItsOwnCount(boolean gaussian) throws Exception {
        ModelSpec spec = Fixtures.small(gaussian);
        Parameters start = Fixtures.perturbed(spec, 18, 0.3);
        Minibatch drawn = Fixtures.minibatch(start, 16, 19);
        // Old log-probs at the current policy: then −E[r·Â]'s gradient is −E[∇log π·Â], the step's loss.
        double[] logProbs = ReferenceLoss.logProbs(start, drawn);
        float[] current = new float[16];
        for (int i = 0; i < 16; i++) {
            current[i] = (float) logProbs[i];
        }
        Minibatch mb = new Minibatch(16, drawn.observations(), drawn.actions(), current, drawn.advantages(),
                drawn.returns(), drawn.oldValues(), drawn.oldMeansOrLogits(), drawn.oldLogStd());
        HyperParameters hp = HyperParameters.defaults().set(StepInput.LEARNING_RATE, 1e-2);
        ModelProto lossModel = PpoGraphs.lossAndGradient(spec, new LossConfig(Objective.NONE, false, false), ElementType.DOUBLE);
        int actor = TrpoGraphs.actorParameterCount(spec);
        long adamStep = 5;
        try (Engine engine = Engine.open(start); ModelRunner losses = new ModelRunner(lossModel)) {
            TrainStep policyStep = engine.openPolicyGradientStep();
            float[] before = engine.state().parameterValues();
            Map<String, HostTensor> ref = losses.run(Fixtures.feeds(lossModel, spec, mb, hp,
                    Fixtures.toDouble(before, before.length), ElementType.DOUBLE));
            Diagnostics d = policyStep.step(mb, hp, adamStep);
            assertEquals(0, engine.state().stepCount(), "the actor's steps keep their own count");
            double expectedLoss = 0;
            for (int i = 0; i < 16; i++) {
                expectedLoss -= logProbs[i] * mb.advantages()[i] / 16;
            }
            assertEquals(expectedLoss, d.get(Diagnostic.POLICY_LOSS), 1e-5, "−E[log π(a|s)·Â]");
            assertAdamStep(engine.state(), before, new float[before.length], new float[before.length],
                    ref.get(GraphNames.GRADIENT).values(), hp, adamStep, 0, actor);
            assertUnchanged(engine.state(), before, new float[before.length], new float[before.length], actor,
                    before.length, "the critic");
        }
    }

    /** Entries {@code [from, to)} took one plain-Java Adam step number {@code t} with {@code gradient}. */
    private static void assertAdamStep(ParameterState state, float[] p, float[] m, float[] v, double[] gradient,
            HyperParameters hp, long t, int from, int to) {
        float[] after = state.parameterValues();
        float[] mAfter = state.firstMoments();
        double moved = 0;
        for (int i = from; i < to; i++) {
            double m1 = 0.9 * m[i] + 0.1 * gradient[i];
            double v1 = 0.999 * v[i] + 0.001 * gradient[i] * gradient[i];
            double expected = p[i] - hp.get(StepInput.LEARNING_RATE) * (m1 / (1 - Math.pow(0.9, t)))
                    / (Math.sqrt(v1 / (1 - Math.pow(0.999, t))) + hp.get(StepInput.ADAM_EPSILON));
            assertEquals(expected, after[i], 2e-6, "parameter " + i + " after Adam step " + t);
            assertEquals(m1, mAfter[i], 1e-5 * Math.abs(m1) + 1e-7, "first moment " + i);
            moved = Math.max(moved, Math.abs(after[i] - p[i]));
        }
        assertTrue(moved > 1e-3, "the step must move the parameters it updates, max move " + moved);
    }

    /** Entries {@code [from, to)} of the parameters and moments are bit for bit what they were. */
    private static void assertUnchanged(ParameterState state, float[] p, float[] m, float[] v, int from, int to,
            String what) {
        assertArrayEquals(Arrays.copyOfRange(p, from, to), Arrays.copyOfRange(state.parameterValues(), from, to),
                what + "'s parameters must not move");
        assertArrayEquals(Arrays.copyOfRange(m, from, to), Arrays.copyOfRange(state.firstMoments(), from, to),
                what + "'s first moments must not move");
        assertArrayEquals(Arrays.copyOfRange(v, from, to), Arrays.copyOfRange(state.secondMoments(), from, to),
                what + "'s second moments must not move");
    }
}
