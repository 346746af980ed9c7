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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trust-region policy terms ({@link TrustRegionGraph#policyTerms}) in float64, for both
 * heads: where every constraint is slack the surrogate's parameter gradient is the plain gradient
 * of −E[log π·Â] − ent·H (so the per-sample statistics, the repeated log-std and the undone batch
 * mean add up to the ordinary gradient); where constraints bind, a batch's gradient is the mean of
 * its samples' gradients computed one at a time (the projection acts per sample, and δ means the
 * same whatever the batch size); and for the Gaussian, each sample's adjustment max(0, (kᵀg − δ) /
 * (‖k‖² + ε)) matches the closed-form derivatives of KL(π_avg‖π) and of Â·log π + ent·H with
 * respect to the mean and the log-std.
 */
class TrustRegionGradientTest {
    private static final int BATCH = 6;

    private static ModelProto graph(ModelSpec spec) {
        GraphBuilder g = new GraphBuilder("trust_region_terms", ElementType.DOUBLE);
        Value params = g.input(GraphNames.PARAMS, spec.parameterCount());
        Value average = g.input(GraphNames.AVERAGE_PARAMS, spec.parameterCount());
        Value obs = g.input(PolicyNames.OBSERVATIONS, GraphBuilder.BATCH, spec.observationDim());
        Value actions = ActionDistribution.of(spec.head()).actionInput(g, GraphNames.ACTIONS);
        Value advantages = g.input(GraphNames.ADVANTAGES, GraphBuilder.BATCH);
        ActorCriticGraph net = ActorCriticGraph.overFlatParameters(g, spec, params);
        var inputs = StepInput.declaredOnDemand(g);
        TrustRegionGraph.PolicyTerms terms = TrustRegionGraph.policyTerms(g, spec, net, average, obs, actions,
                advantages, inputs);
        List<Value> used = new ArrayList<>(net.parametersUsed().values());
        Value plainLoss = g.sub(terms.policyLoss(), g.mul(inputs.apply(StepInput.ENTROPY_COEF), terms.entropy()));
        g.output("surrogate_gradient", PpoGraphs.flatten(g, Gradients.of(g, terms.surrogate(), used,
                terms.projection().projected())));
        g.output("plain_gradient", PpoGraphs.flatten(g, Gradients.of(g, plainLoss, used)));
        g.output("active_fraction", terms.projection().activeFraction());
        g.output("adjustment", terms.projection().adjustment());
        return g.build();
    }

    private static Map<String, HostTensor> run(ModelSpec spec, Minibatch mb, double[] params, double[] average,
                                               double delta) throws Exception {
        ModelProto model = graph(spec);
        HyperParameters hp = Fixtures.testHyperParameters().set(StepInput.TRUST_REGION_DELTA, delta);
        try (ModelRunner runner = new ModelRunner(model)) {
            return runner.run(Fixtures.feeds(model, spec, mb, hp, params, ElementType.DOUBLE,
                    Map.of(GraphNames.AVERAGE_PARAMS, HostTensor.of(ElementType.DOUBLE, average, average.length))));
        }
    }

    private static double[] flat(ModelSpec spec, long seed, double noise) {
        return Fixtures.toDouble(Fixtures.perturbed(spec, seed, noise).values(), spec.parameterCount());
    }

    /** Parameters near {@code params}: an average policy a few steps behind. */
    private static Parameters nearby(Parameters params, long seed) {
        float[] values = params.values();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < values.length; i++) {
            values[i] += (float) (0.1 * rng.nextGaussian());
        }
        return Parameters.fromFlat(params.spec(), values);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void slackConstraintsGiveThePlainGradient(boolean gaussian) throws Exception {
        ModelSpec spec = Fixtures.small(gaussian);
        Parameters params = Fixtures.perturbed(spec, 3, 0.3);
        Minibatch mb = Fixtures.minibatch(params, BATCH, 5);
        Map<String, HostTensor> out = run(spec, mb, flat(spec, 3, 0.3), flat(spec, 4, 0.3), 1e9);
        assertEquals(0.0, out.get("active_fraction").scalar());
        double[] plain = out.get("plain_gradient").values();
        double[] surrogate = out.get("surrogate_gradient").values();
        for (int i = 0; i < plain.length; i++) {
            assertEquals(plain[i], surrogate[i], 1e-10 * Math.max(1, Math.abs(plain[i])), "parameter " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void bindingConstraintsActPerSample(boolean gaussian) throws Exception {
        ModelSpec spec = Fixtures.small(gaussian);
        Parameters params = Fixtures.perturbed(spec, 7, 0.3);
        Minibatch mb = Fixtures.minibatch(params, BATCH, 9);
        double[] theta = flat(spec, 7, 0.3);
        double[] average = Fixtures.toDouble(nearby(params, 8).values(), spec.parameterCount());
        double delta = 0.1;
        Map<String, HostTensor> batch = run(spec, mb, theta, average, delta);
        double active = batch.get("active_fraction").scalar();
        assertTrue(active > 0 && active < 1, "some but not all samples should bind: " + active);
        double[] actual = batch.get("surrogate_gradient").values();
        double[] mean = new double[actual.length];
        for (int b = 0; b < BATCH; b++) {
            double[] single = run(spec, row(spec, mb, b), theta, average, delta).get("surrogate_gradient").values();
            for (int i = 0; i < mean.length; i++) {
                mean[i] += single[i] / BATCH;
            }
        }
        double[] plain = batch.get("plain_gradient").values();
        assertTrue(!Arrays.equals(actual, plain), "the projection should change the gradient");
        for (int i = 0; i < mean.length; i++) {
            assertEquals(mean[i], actual[i], 1e-10 * Math.max(1, Math.abs(mean[i])), "parameter " + i);
        }
    }

    @Test
    void gaussianAdjustmentMatchesTheClosedForm() throws Exception {
        ModelSpec spec = Fixtures.small(true);
        Parameters params = Fixtures.perturbed(spec, 7, 0.3);
        Parameters averageParams = nearby(params, 8);
        Minibatch mb = Fixtures.minibatch(params, BATCH, 9);
        double delta = 0.1;
        double entropyCoef = Fixtures.testHyperParameters().get(StepInput.ENTROPY_COEF);
        double[] adjustment = run(spec, mb, flat(spec, 7, 0.3), Fixtures.toDouble(averageParams.values(),
                spec.parameterCount()), delta).get("adjustment").values();
        ReferenceForward current = new ReferenceForward(params);
        ReferenceForward average = new ReferenceForward(averageParams);
        float[] logStd = params.tensor(PolicyNames.LOG_STD);
        float[] averageLogStd = averageParams.tensor(PolicyNames.LOG_STD);
        int obs = spec.observationDim();
        int dim = spec.actionWidth();
        int binding = 0;
        for (int b = 0; b < BATCH; b++) {
            float[] row = Arrays.copyOfRange(mb.observations(), b * obs, (b + 1) * obs);
            double[] mean = current.actor(row);
            double[] averageMean = average.actor(row);
            double dot = 0;
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                double variance = Math.exp(2 * logStd[j]);
                double diff = mean[j] - averageMean[j];
                double z2 = Math.pow(mb.actions()[b * dim + j] - mean[j], 2) / variance;
                // ∂KL(avg‖π)/∂μ, ∂KL/∂log σ; ∂(Â·log π + ent·H)/∂μ, ∂/∂log σ.
                double kMean = diff / variance;
                double kLogStd = 1 - (Math.exp(2 * averageLogStd[j]) + diff * diff) / variance;
                double gMean = mb.advantages()[b] * (mb.actions()[b * dim + j] - mean[j]) / variance;
                double gLogStd = mb.advantages()[b] * (z2 - 1) + entropyCoef;
                dot += kMean * gMean + kLogStd * gLogStd;
                norm += kMean * kMean + kLogStd * kLogStd;
            }
            double expected = Math.max(0, (dot - delta) / (norm + TrustRegionGraph.NORM_EPSILON));
            assertEquals(expected, adjustment[b], 1e-9 * Math.max(1, expected), "sample " + b);
            binding += expected > 0 ? 1 : 0;
        }
        assertTrue(binding > 0 && binding < BATCH, "some but not all samples should bind: " + binding);
    }

    /** Sample {@code b} of {@code mb} as a minibatch of one. */
    private static Minibatch row(ModelSpec spec, Minibatch mb, int b) {
        int obs = spec.observationDim();
        int actions = spec.isGaussian() ? spec.actionWidth() : 1;
        int width = spec.actionWidth();
        return new Minibatch(1, Arrays.copyOfRange(mb.observations(), b * obs, (b + 1) * obs),
                Arrays.copyOfRange(mb.actions(), b * actions, (b + 1) * actions),
                Arrays.copyOfRange(mb.oldLogProbs(), b, b + 1), Arrays.copyOfRange(mb.advantages(), b, b + 1),
                Arrays.copyOfRange(mb.returns(), b, b + 1), Arrays.copyOfRange(mb.oldValues(), b, b + 1),
                Arrays.copyOfRange(mb.oldMeansOrLogits(), b * width, (b + 1) * width),
                mb.oldLogStd() == null ? null : Arrays.copyOfRange(mb.oldLogStd(), b * width, (b + 1) * width));
    }
}
