package dev.ppo4j.engine;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ppo4j.model.ActionDistribution;
import dev.ppo4j.model.ActorCriticGraph;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.PolicyNames;
import dev.ppo4j.onnx.Gradients;
import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * ACER's efficient trust-region update (Wang et al. 2016, "Sample Efficient Actor-Critic with
 * Experience Replay", §3.3; docs/a2c.md, "a2c-trust-region") as graph terms. The policy's
 * gradient is taken with respect to the distribution statistics φ of every sample (the Gaussian's
 * mean and its log-std, repeated per sample; or the logits), projected there so that it cannot
 * move the policy's KL from the average policy by more than δ to first order, and only then
 * back-propagated into the network.
 *
 * <p>The back-propagation is the gradient of the surrogate −(1/B)·Σ ĝ·φ(θ) with ĝ held constant
 * ({@link Gradients#of} with ĝ among its constants): the differentiator takes gradients with
 * respect to intermediate values as readily as to inputs, so the projection, the surrogate and
 * the parameter gradient stay in the one train-step graph, with no second session and no ĝ round
 * trip through Java.
 */
final class TrustRegionGraph {
    /**
     * Added to ‖k‖² in the step's denominator, as OpenAI baselines' ACER does (its {@code eps}):
     * at the first step φ_avg = φ, so k = 0 and the adjustment must come out 0, not 0/0.
     */
    static final double NORM_EPSILON = 1e-6;

    private TrustRegionGraph() {}

    /**
     * A projected gradient.
     *
     * @param projected ĝ = g − adj·k, one part per part of φ, shaped like it
     * @param adjustment adj = max(0, (kᵀg − δ) / (‖k‖² + ε)) per sample, {@code [batch]}
     * @param activeFraction fraction of samples with adj &gt; 0, scalar
     */
    record Projection(List<Value> projected, Value adjustment, Value activeFraction) {
    }

    /**
     * The policy side of a trust-region train step.
     *
     * @param surrogate −(1/B)·Σ ĝ·φ(θ): its parameter gradient, with {@code projected} held constant, is the policy's
     * @param projection the projection, whose {@link Projection#projected} are the surrogate's constants
     * @param policyLoss −E[log π(a|s)·Â], scalar (reported)
     * @param entropy the mean entropy, scalar
     * @param averageKl the mean KL(π_avg‖π_θ), scalar
     */
    record PolicyTerms(Value surrogate, Projection projection, Value policyLoss, Value entropy, Value averageKl) {
    }

    /**
     * Projects per-sample gradients g onto the half-space kᵀĝ ≤ δ, sample by sample:
     * ĝ = g − max(0, (kᵀg − δ) / (‖k‖² + ε))·k, the dot products summed over all parts of φ.
     *
     * @param g the graph
     * @param gradient g, parts {@code [batch, d_p]}
     * @param klGradient k, parts shaped as {@code gradient}
     * @param delta δ, a scalar
     * @return ĝ and the adjustment
     */
    static Projection project(GraphBuilder g, List<Value> gradient, List<Value> klGradient, Value delta) {
        Value dot = null;
        Value squaredNorm = null;
        for (int p = 0; p < gradient.size(); p++) {
            Value partDot = g.reduceSum(g.mul(klGradient.get(p), gradient.get(p)), false, 1);
            Value partNorm = g.reduceSumSquare(klGradient.get(p), false, 1);
            dot = dot == null ? partDot : g.add(dot, partDot);
            squaredNorm = squaredNorm == null ? partNorm : g.add(squaredNorm, partNorm);
        }
        Value adjustment = g.max(g.scalar(0.0),
                g.div(g.sub(dot, delta), g.add(squaredNorm, g.scalar(NORM_EPSILON))));
        Value column = g.unsqueeze(adjustment, 1);
        List<Value> projected = new ArrayList<>();
        for (int p = 0; p < gradient.size(); p++) {
            projected.add(g.sub(gradient.get(p), g.mul(column, klGradient.get(p))));
        }
        Value active = g.reduceMean(g.cast(g.greater(adjustment, g.scalar(0.0)), g.floatType()), false);
        return new Projection(projected, adjustment, active);
    }

    /**
     * Emits the policy side: the actor's statistics φ on {@code obs}, A2C's policy loss
     * ({@link PolicyTerm#LOG_LIKELIHOOD}) less ent·H, and its per-sample gradient g = −B·∂loss/∂φ (the batch mean's 1/B
     * undone, as baselines' ACER does), k = B·∂KL(π_avg‖π_θ)/∂φ with the average policy run on the
     * same observations from {@code averageParams}, the projection with δ from
     * {@link StepInput#TRUST_REGION_DELTA}, and the surrogate.
     *
     * @param g the graph
     * @param spec the model
     * @param net the network over the trained parameters
     * @param averageParams the average policy's flat parameters, {@code [P]}
     * @param obs the normalised observations, {@code [batch, obs_dim]}
     * @param actions the stored actions
     * @param advantages Â, {@code [batch]}
     * @param inputs the step inputs
     * @return the policy terms
     */
    static PolicyTerms policyTerms(GraphBuilder g, ModelSpec spec, ActorCriticGraph net, Value averageParams,
                                   Value obs, Value actions, Value advantages, Function<StepInput, Value> inputs) {
        ActionDistribution distribution = ActionDistribution.of(spec.head());
        ActorCriticGraph average = ActorCriticGraph.overFlatParameters(g, spec, averageParams);
        Value actorOut = net.actor(obs);
        Value averageOut = average.actor(obs);
        List<Value> statistics = new ArrayList<>(List.of(actorOut));
        Value logStd = null;
        Value averageLogStd = null;
        if (spec.isGaussian()) {
            // Repeated per sample, so that the gradient with respect to it is per sample too.
            logStd = g.expandAs(net.logStd(), actorOut);
            averageLogStd = g.expandAs(average.logStd(), averageOut);
            statistics.add(logStd);
        }
        Value perSampleLogStd = logStd;
        ActionDistribution.GraphTerms dist = distribution.graphTerms(g, actorOut, () -> perSampleLogStd, actions,
                null, null);
        Value policyLoss = PolicyTerm.LOG_LIKELIHOOD.policyLoss(new PolicyTerm.Inputs(g, dist, actorOut, logStd, null,
                advantages, inputs));
        Value objective = g.neg(g.sub(policyLoss, g.mul(inputs.apply(StepInput.ENTROPY_COEF), dist.entropy())));
        Value averageKl = distribution.kl(g, actorOut, logStd, averageOut, averageLogStd);

        Value batch = g.cast(g.size(advantages), g.floatType());
        List<Value> gradient = timesBatch(g, Gradients.of(g, objective, statistics), batch);
        List<Value> klGradient = timesBatch(g, Gradients.of(g, averageKl, statistics), batch);
        Projection projection = project(g, gradient, klGradient, inputs.apply(StepInput.TRUST_REGION_DELTA));
        Value sum = null;
        for (int p = 0; p < statistics.size(); p++) {
            Value part = g.reduceSum(g.mul(projection.projected().get(p), statistics.get(p)), false);
            sum = sum == null ? part : g.add(sum, part);
        }
        Value surrogate = g.neg(g.div(sum, batch));
        return new PolicyTerms(surrogate, projection, policyLoss, dist.entropy(), averageKl);
    }

    /**
     * The per-sample gradients from those of a batch mean. Scaling the gradients rather than
     * differentiating B·mean keeps the constant 1 of the gradient's seed out of a product with B:
     * ONNX Runtime's basic graph optimisations turned that product into an invalid graph ("node
     * input is not an output of a previous node") when the session was created.
     */
    private static List<Value> timesBatch(GraphBuilder g, List<Value> gradients, Value batch) {
        List<Value> scaled = new ArrayList<>();
        for (Value gradient : gradients) {
            scaled.add(g.mul(gradient, batch));
        }
        return scaled;
    }

    /**
     * The a2c-trust-region train step: the policy terms ({@link #policyTerms}) plus A2C's value loss
     * ½·E[(V(s) − R̂)²]·vf_coef, the parameter gradient of surrogate + value loss with ĝ held
     * constant, global-norm clipping and A2C's RMSprop step ({@link Optimizer#RMS_PROP}, its square
     * averages in the second-moment buffers). Reads {@link GraphNames#AVERAGE_PARAMS} besides A2C's
     * inputs and outputs the new parameters, the optimiser state and the diagnostics (the
     * trust-region ones included).
     *
     * @param spec the model
     * @return the float32 model
     */
    static ModelProto trainStep(ModelSpec spec) {
        GraphBuilder g = new GraphBuilder("ppo4j_a2c_trust_region_step");
        int count = spec.parameterCount();
        Value params = g.input(GraphNames.PARAMS, count);
        Value m = g.input(GraphNames.ADAM_M, count);
        Value v = g.input(GraphNames.ADAM_V, count);
        Value averageParams = g.input(GraphNames.AVERAGE_PARAMS, count);
        Value obs = g.input(PolicyNames.OBSERVATIONS, GraphBuilder.BATCH, spec.observationDim());
        Value actions = ActionDistribution.of(spec.head()).actionInput(g, GraphNames.ACTIONS);
        Value advantages = g.input(GraphNames.ADVANTAGES, GraphBuilder.BATCH);
        Value returns = g.input(GraphNames.RETURNS, GraphBuilder.BATCH);
        Function<StepInput, Value> inputs = StepInput.declaredOnDemand(g);

        ActorCriticGraph net = ActorCriticGraph.overFlatParameters(g, spec, params);
        PolicyTerms policy = policyTerms(g, spec, net, averageParams, obs, actions, advantages, inputs);
        Value error = g.sub(net.critic(obs), returns);
        Value valueLoss = g.mul(g.scalar(0.5), g.reduceMean(g.mul(error, error), false));
        Value weightedValueLoss = g.mul(inputs.apply(StepInput.VALUE_COEF), valueLoss);
        Value gradient = PpoGraphs.flatten(g, Gradients.of(g, g.add(policy.surrogate(), weightedValueLoss),
                new ArrayList<>(net.parametersUsed().values()), policy.projection().projected()));

        Value norm = g.sqrt(g.reduceSumSquare(gradient, false));
        Value scale = g.min(g.scalar(1.0), g.div(inputs.apply(StepInput.MAX_GRAD_NORM), g.add(norm, g.scalar(1e-6))));
        AdamGraph.Update update = Optimizer.RMS_PROP.step(g, params, m, v, gradient, scale, inputs);
        g.output(GraphNames.PARAMS_OUT, update.params());
        g.output(GraphNames.ADAM_M_OUT, update.firstMoments());
        g.output(GraphNames.ADAM_V_OUT, update.secondMoments());

        Value entropyTerm = g.mul(inputs.apply(StepInput.ENTROPY_COEF), policy.entropy());
        g.output(Diagnostic.LOSS.graphName(), g.add(g.sub(policy.policyLoss(), entropyTerm), weightedValueLoss));
        g.output(Diagnostic.POLICY_LOSS.graphName(), policy.policyLoss());
        g.output(Diagnostic.VALUE_LOSS.graphName(), valueLoss);
        g.output(Diagnostic.ENTROPY.graphName(), policy.entropy());
        g.output(Diagnostic.GRAD_NORM.graphName(), norm);
        g.output(Diagnostic.TRUST_REGION_ACTIVE_FRACTION.graphName(), policy.projection().activeFraction());
        g.output(Diagnostic.TRUST_REGION_ADJUSTMENT.graphName(),
                g.reduceMean(policy.projection().adjustment(), false));
        g.output(Diagnostic.AVERAGE_POLICY_KL.graphName(), policy.averageKl());
        return GraphPruning.prune(g.build());
    }
}
