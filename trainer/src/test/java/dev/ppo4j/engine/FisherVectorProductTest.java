package dev.ppo4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ppo4j.model.ActionDistribution;
import dev.ppo4j.model.ActorCriticGraph;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import dev.ppo4j.model.PolicyNames;
import dev.ppo4j.model.ReferenceForward;
import dev.ppo4j.onnx.ElementType;
import dev.ppo4j.onnx.Gradients;
import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.HostTensor;
import dev.ppo4j.onnx.ModelRunner;
import dev.ppo4j.onnx.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TRPO's Fisher-vector products (the Hessian of the mean KL(π_old‖π_θ) at θ_old, by double
 * differentiation) for the Gaussian and the categorical head: against central finite differences
 * of ∇KL, symmetric and positive semi-definite as a matrix, and the same in the float32 engine.
 */
class FisherVectorProductTest {
    private static final int BATCH = 12;
    private static final double STEP = 1e-5;

    /** A minibatch whose old distribution is the policy's own at {@code params}: the point where F is the Fisher matrix. */
    private static Minibatch atOwnDistribution(Parameters params) {
        ModelSpec spec = params.spec();
        Minibatch mb = Fixtures.minibatch(params, BATCH, 21);
        int width = spec.actionWidth();
        ReferenceForward net = new ReferenceForward(params);
        float[] dist = new float[BATCH * width];
        float[] logStd = spec.isGaussian() ? new float[BATCH * width] : null;
        for (int b = 0; b < BATCH; b++) {
            double[] head = net.actor(Arrays.copyOfRange(mb.observations(), b * spec.observationDim(),
                    (b + 1) * spec.observationDim()));
            for (int j = 0; j < width; j++) {
                dist[b * width + j] = (float) head[j];
                if (logStd != null) {
                    logStd[b * width + j] = params.tensor(PolicyNames.LOG_STD)[j];
                }
            }
        }
        return new Minibatch(BATCH, mb.observations(), mb.actions(), mb.oldLogProbs(), mb.advantages(), mb.returns(),
                mb.oldValues(), dist, logStd);
    }

    /** ∇_θ KL(π_old‖π_θ) over the actor's parameters, old fixed: the function whose Jacobian F is. */
    private static ModelProto klGradient(ModelSpec spec) {
        GraphBuilder g = new GraphBuilder("kl_gradient", ElementType.DOUBLE);
        Value params = g.input(GraphNames.PARAMS, spec.parameterCount());
        Value obs = g.input(PolicyNames.OBSERVATIONS, GraphBuilder.BATCH, spec.observationDim());
        Value oldDist = g.input(GraphNames.OLD_DIST, GraphBuilder.BATCH, spec.actionWidth());
        Value oldLogStd = spec.isGaussian() ? g.input(GraphNames.OLD_LOG_STD, GraphBuilder.BATCH, spec.actionWidth()) : null;
        ActorCriticGraph net = ActorCriticGraph.overFlatParameters(g, spec, params);
        Value kl = ActionDistribution.of(spec.head()).kl(g, net.actor(obs), spec.isGaussian() ? net.logStd() : null,
                oldDist, oldLogStd);
        g.output(GraphNames.GRADIENT, PpoGraphs.flatten(g, Gradients.of(g, kl, new ArrayList<>(net.parametersUsed().values()))));
        return g.build();
    }

    /** Runs F·v, or ∇KL when {@code vector} is null, in float64. */
    private static double[] run(ModelRunner runner, ModelProto model, ModelSpec spec, Minibatch mb, double[] params,
            double[] vector) throws Exception {
        Map<String, HostTensor> extra = vector == null ? Map.of()
                : Map.of(GraphNames.VECTOR, HostTensor.of(ElementType.DOUBLE, vector, vector.length));
        Map<String, HostTensor> out = runner.run(Fixtures.feeds(model, spec, mb, HyperParameters.defaults(), params,
                ElementType.DOUBLE, extra));
        return out.get(vector == null ? GraphNames.GRADIENT : GraphNames.FISHER_VECTOR_PRODUCT).values();
    }

    private static double[] randomVector(int n, SplittableRandom random) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @ParameterizedTest(name = "gaussian={0}")
    @ValueSource(booleans = {true, false})
    void productsMatchCentralDifferencesOfTheKlGradient(boolean gaussian) throws Exception {
        ModelSpec spec = Fixtures.small(gaussian);
        Parameters params = Fixtures.perturbed(spec, 5, 0.3);
        Minibatch mb = atOwnDistribution(params);
        int actor = TrpoGraphs.actorParameterCount(spec);
        double[] theta = Fixtures.toDouble(params.values(), spec.parameterCount());
        ModelProto fvp = TrpoGraphs.fisherVectorProduct(spec, ElementType.DOUBLE);
        ModelProto grad = klGradient(spec);
        SplittableRandom random = new SplittableRandom(7);
        try (ModelRunner fvpRunner = new ModelRunner(fvp); ModelRunner gradRunner = new ModelRunner(grad)) {
            double[] atOld = run(gradRunner, grad, spec, mb, theta, null);
            assertTrue(Arrays.stream(atOld).allMatch(x -> Math.abs(x) < 1e-6), "∇KL must vanish at θ_old: " + Arrays.toString(atOld));
            for (int trial = 0; trial < 3; trial++) {
                double[] v = randomVector(actor, random);
                double[] product = run(fvpRunner, fvp, spec, mb, theta, v);
                double[] plus = theta.clone();
                double[] minus = theta.clone();
                for (int i = 0; i < actor; i++) {
                    plus[i] += STEP * v[i];
                    minus[i] -= STEP * v[i];
                }
                double[] gPlus = run(gradRunner, grad, spec, mb, plus, null);
                double[] gMinus = run(gradRunner, grad, spec, mb, minus, null);
                double scale = Arrays.stream(product).map(Math::abs).max().orElseThrow();
                assertTrue(scale > 1e-3, "F·v must not vanish, max |F·v| = " + scale);
                for (int i = 0; i < actor; i++) {
                    double numeric = (gPlus[i] - gMinus[i]) / (2 * STEP);
                    assertEquals(numeric, product[i], 1e-6 * scale, "(F·v)[" + i + "], trial " + trial);
                }
            }
        }
    }

    @ParameterizedTest(name = "gaussian={0}")
    @ValueSource(booleans = {true, false})
    void fisherMatrixIsSymmetricAndPositiveSemiDefinite(boolean gaussian) throws Exception {
        ModelSpec spec = Fixtures.small(gaussian);
        Parameters params = Fixtures.perturbed(spec, 6, 0.3);
        Minibatch mb = atOwnDistribution(params);
        int n = TrpoGraphs.actorParameterCount(spec);
        double[] theta = Fixtures.toDouble(params.values(), spec.parameterCount());
        ModelProto fvp = TrpoGraphs.fisherVectorProduct(spec, ElementType.DOUBLE);
        double[][] fisher = new double[n][];
        try (ModelRunner runner = new ModelRunner(fvp)) {
            for (int j = 0; j < n; j++) {
                double[] unit = new double[n];
                unit[j] = 1;
                fisher[j] = run(runner, fvp, spec, mb, theta, unit);
            }
            SplittableRandom random = new SplittableRandom(8);
            double[] u = randomVector(n, random);
            double[] v = randomVector(n, random);
            double uFv = dot(u, run(runner, fvp, spec, mb, theta, v));
            double vFu = dot(v, run(runner, fvp, spec, mb, theta, u));
            assertEquals(uFv, vFu, 1e-10 * Math.max(1, Math.abs(uFv)), "uᵀFv = vᵀFu");
        }
        double largest = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(fisher[i][j], fisher[j][i], 1e-10, "F[" + i + "][" + j + "] = F[" + j + "][" + i + "]");
            }
            largest = Math.max(largest, fisher[i][i]);
        }
        assertTrue(largest > 1e-3, "F must not vanish, largest diagonal entry " + largest);
        // F is singular (fewer samples than parameters; logits shift freely) and the old distribution is stored in
        // float32, so ∇KL is about 1e-8 rather than 0 at θ_old: its Hessian term moves the zero eigenvalues by that much.
        assertTrue(choleskySucceeds(fisher, 1e-6 * largest), "F + 1e-6·max(diag F)·I must have a Cholesky factor (F PSD)");
        assertTrue(!choleskySucceeds(negated(fisher), 1e-6 * largest), "the check must be able to fail: −F is not PSD");
    }

    private static double[][] negated(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = Arrays.stream(a[i]).map(x -> -x).toArray();
        }
        return out;
    }

    /** Whether {@code a + shift·I} is positive definite: its Cholesky factorisation meets no non-positive pivot. */
    private static boolean choleskySucceeds(double[][] a, double shift) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j] + (i == j ? shift : 0);
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (sum <= 0) {
                        return false;
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return true;
    }

    @ParameterizedTest(name = "gaussian={0}")
    @ValueSource(booleans = {true, false})
    void theFloat32EngineComputesTheSameProductsAndGradient(boolean gaussian) throws Exception {
        ModelSpec spec = Fixtures.small(gaussian);
        Parameters params = Fixtures.perturbed(spec, 9, 0.3);
        Minibatch mb = atOwnDistribution(params);
        int n = TrpoGraphs.actorParameterCount(spec);
        double[] theta = Fixtures.toDouble(params.values(), spec.parameterCount());
        double[] v = randomVector(n, new SplittableRandom(10));
        ModelProto fvp = TrpoGraphs.fisherVectorProduct(spec, ElementType.DOUBLE);
        ModelProto gradient = TrpoGraphs.surrogateGradient(spec, ElementType.DOUBLE);
        double[] expectedProduct;
        double[] expectedGradient;
        double expectedSurrogate;
        try (ModelRunner fvpRunner = new ModelRunner(fvp); ModelRunner gradRunner = new ModelRunner(gradient)) {
            expectedProduct = run(fvpRunner, fvp, spec, mb, theta, v);
            Map<String, HostTensor> out = gradRunner.run(Fixtures.feeds(gradient, spec, mb, HyperParameters.defaults(),
                    theta, ElementType.DOUBLE));
            expectedGradient = out.get(GraphNames.GRADIENT).values();
            expectedSurrogate = out.get(GraphNames.SURROGATE).scalar();
        }
        try (Engine engine = Engine.open(params)) {
            NaturalGradient natural = engine.openNaturalGradient(BATCH, BATCH);
            assertEquals(n, natural.dimension());
            natural.load(mb, mb);
            double[] product = new double[n];
            natural.fisherVectorProduct(v, product);
            double[] grad = new double[n];
            double surrogate = natural.surrogateGradient(grad);
            assertClose(expectedProduct, product, "F·v");
            assertClose(expectedGradient, grad, "surrogate gradient");
            assertEquals(expectedSurrogate, surrogate, 1e-5 * Math.max(1, Math.abs(expectedSurrogate)), "surrogate");
        }
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        double scale = Arrays.stream(expected).map(Math::abs).max().orElseThrow();
        assertTrue(scale > 1e-4, what + " must not vanish");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * scale, what + "[" + i + "]");
        }
    }
}
