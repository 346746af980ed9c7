package dev.ppo4j.engine;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ppo4j.model.ActionDistribution;
import dev.ppo4j.model.ActorCriticGraph;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.ParameterTensor;
import dev.ppo4j.model.PolicyNames;
import dev.ppo4j.onnx.ElementType;
import dev.ppo4j.onnx.Gradients;
import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the graphs of TRPO and vanilla policy gradient (docs/trpo.md): the surrogate E[r·Â]
 * with its gradient, the surrogate with the mean KL(π_old‖π_θ) of a candidate policy, the
 * Fisher-vector product, the critic-only Adam step and vpg-adaptive's actor-only Adam step.
 * Parameters are the flat input {@link GraphNames#PARAMS}, as in {@link PpoGraphs}; the actor's
 * parameters (its layers and, for a Gaussian, log_std) come first in the flat layout, so the
 * actor is the slice {@code [0, actorParameterCount)} and the critic the rest.
 *
 * <p>The Fisher-vector product differentiates ∇KL·v a second time (the differentiator emits
 * standard operators, so it can run on its own output) rather than forming the analytic Fisher
 * JᵀMJ: it needs no Fisher code per action distribution (the categorical's M is not diagonal),
 * and F is then the Hessian of the very KL that TRPO's line search bounds, from the same
 * {@link ActionDistribution#kl} term, as in the reference implementations.
 */
public final class TrpoGraphs {
    private TrpoGraphs() {}

    /**
     * Parameters of the actor (layers, and log_std for a Gaussian head): the length of the
     * gradients and Fisher-vector products these graphs compute.
     *
     * @param spec the model
     * @return the actor's share of the flat parameter vector, which starts at 0
     */
    public static int actorParameterCount(ModelSpec spec) {
        return spec.parameterTensors().stream().filter(t -> !t.name().startsWith("critic."))
                .mapToInt(ParameterTensor::size).sum();
    }

    /** The policy's terms over a batch of stored samples. */
    private record PolicyTerms(Value surrogate, Value kl, Map<ParameterTensor, Value> actorParameters) {
    }

    /**
     * Declares the sample inputs (observations, actions, old log-probs, advantages and, when
     * {@code withKl}, the old distribution) and emits the surrogate E[exp(log π_θ − log π_old)·Â].
     */
    private static PolicyTerms policyTerms(GraphBuilder g, ModelSpec spec, Value params, boolean withKl) {
        long batch = GraphBuilder.BATCH;
        ActionDistribution distribution = ActionDistribution.of(spec.head());
        Value obs = g.input(PolicyNames.OBSERVATIONS, batch, spec.observationDim());
        Value actions = distribution.actionInput(g, GraphNames.ACTIONS);
        Value oldLogProb = g.input(GraphNames.OLD_LOG_PROB, batch);
        Value advantages = g.input(GraphNames.ADVANTAGES, batch);
        Value oldDist = withKl ? g.input(GraphNames.OLD_DIST, batch, spec.actionWidth()) : null;
        Value oldLogStd = withKl && spec.isGaussian() ? g.input(GraphNames.OLD_LOG_STD, batch, spec.actionWidth()) : null;
        ActorCriticGraph net = ActorCriticGraph.overFlatParameters(g, spec, params);
        ActionDistribution.GraphTerms dist = distribution.graphTerms(g, net.actor(obs), net::logStd, actions, oldDist,
                oldLogStd);
        Value ratio = g.exp(g.sub(dist.logProb(), oldLogProb));
        Value surrogate = g.reduceMean(Objective.NONE.perSample(g, ratio, advantages, StepInput.declaredOnDemand(g)), false);
        return new PolicyTerms(surrogate, dist.kl(), net.parametersUsed());
    }

    /**
     * The line search's graph: {@code params [P]} (a candidate), the samples and the collecting
     * policy's distribution → {@link GraphNames#SURROGATE} and the mean KL(π_old‖π_params)
     * ({@link Diagnostic#KL_DIVERGENCE}'s output).
     *
     * @param spec the model
     * @param type FLOAT or DOUBLE for every float tensor
     * @return the model
     */
    public static ModelProto surrogateAndKl(ModelSpec spec, ElementType type) {
        GraphBuilder g = new GraphBuilder("ppo4j_surrogate_kl", type);
        PolicyTerms terms = policyTerms(g, spec, g.input(GraphNames.PARAMS, spec.parameterCount()), true);
        g.output(GraphNames.SURROGATE, terms.surrogate());
        g.output(Diagnostic.KL_DIVERGENCE.graphName(), terms.kl());
        return GraphPruning.prune(g.build());
    }

    /**
     * The policy gradient's graph: {@code params [P]} and the samples →
     * {@link GraphNames#SURROGATE} and its {@link GraphNames#GRADIENT} with respect to the
     * actor's parameters, {@code [actorParameterCount]}.
     *
     * @param spec the model
     * @param type FLOAT or DOUBLE for every float tensor
     * @return the model
     */
    public static ModelProto surrogateGradient(ModelSpec spec, ElementType type) {
        GraphBuilder g = new GraphBuilder("ppo4j_surrogate_gradient", type);
        PolicyTerms terms = policyTerms(g, spec, g.input(GraphNames.PARAMS, spec.parameterCount()), false);
        g.output(GraphNames.SURROGATE, terms.surrogate());
        g.output(GraphNames.GRADIENT, PpoGraphs.flatten(g,
                Gradients.of(g, terms.surrogate(), new ArrayList<>(terms.actorParameters().values()))));
        return GraphPruning.prune(g.build());
    }

    /**
     * The Fisher-vector product's graph: {@code params [P]}, observations, the collecting
     * policy's distribution for them and {@link GraphNames#VECTOR} v {@code [actorParameterCount]}
     * → {@link GraphNames#FISHER_VECTOR_PRODUCT} F·v, where F is the Hessian of the mean
     * KL(π_old‖π_θ) with respect to the actor's parameters, taken at {@code params} (θ_old, where
     * it is the Fisher information of the policy): ∇(∇KL·v), by differentiating twice.
     *
     * @param spec the model
     * @param type FLOAT or DOUBLE for every float tensor
     * @return the model
     */
    public static ModelProto fisherVectorProduct(ModelSpec spec, ElementType type) {
        GraphBuilder g = new GraphBuilder("ppo4j_fisher_vector_product", type);
        long batch = GraphBuilder.BATCH;
        int width = spec.actionWidth();
        Value params = g.input(GraphNames.PARAMS, spec.parameterCount());
        Value obs = g.input(PolicyNames.OBSERVATIONS, batch, spec.observationDim());
        Value oldDist = g.input(GraphNames.OLD_DIST, batch, width);
        Value oldLogStd = spec.isGaussian() ? g.input(GraphNames.OLD_LOG_STD, batch, width) : null;
        Value vector = g.input(GraphNames.VECTOR, actorParameterCount(spec));
        ActorCriticGraph net = ActorCriticGraph.overFlatParameters(g, spec, params);
        Value kl = ActionDistribution.of(spec.head()).kl(g, net.actor(obs), spec.isGaussian() ? net.logStd() : null,
                oldDist, oldLogStd);
        List<Value> actorParameters = new ArrayList<>(net.parametersUsed().values());
        Value klGradient = PpoGraphs.flatten(g, Gradients.of(g, kl, actorParameters));
        Value directional = g.reduceSum(g.mul(klGradient, vector), false);
        g.output(GraphNames.FISHER_VECTOR_PRODUCT, PpoGraphs.flatten(g, Gradients.of(g, directional, actorParameters)));
        return GraphPruning.prune(g.build());
    }

    /**
     * The critic fit's step: {@code params}, Adam moments, observations and
     * {@link GraphNames#RETURNS} → one Adam step on the value loss ½·E[(V(s) − R̂)²] over the
     * critic's parameters only: the actor's parameters and moments are copied through unchanged.
     * Outputs the new parameters and moments and {@link Diagnostic#VALUE_LOSS}.
     *
     * @param spec the model
     * @return the float32 model
     */
    public static ModelProto criticStep(ModelSpec spec) {
        GraphBuilder g = new GraphBuilder("ppo4j_critic_step");
        AdamInputs adam = AdamInputs.declare(g, spec);
        Value obs = g.input(PolicyNames.OBSERVATIONS, GraphBuilder.BATCH, spec.observationDim());
        Value returns = g.input(GraphNames.RETURNS, GraphBuilder.BATCH);
        ActorCriticGraph net = ActorCriticGraph.overFlatParameters(g, spec, adam.params());
        Value error = g.sub(net.critic(obs), returns);
        Value valueLoss = g.mul(g.scalar(0.5), g.reduceMean(g.mul(error, error), false));
        adam.stepOver(net.parametersUsed(), valueLoss, StepInput.declaredOnDemand(g));
        g.output(Diagnostic.VALUE_LOSS.graphName(), valueLoss);
        return GraphPruning.prune(g.build());
    }

    /**
     * vpg-adaptive's policy step: {@code params}, Adam moments and the samples → one Adam step
     * on −E[log π(a|s)·Â] over the actor's parameters only (the critic's are copied through).
     * Outputs the new parameters and moments, {@link Diagnostic#POLICY_LOSS} and
     * {@link Diagnostic#ENTROPY}.
     *
     * @param spec the model
     * @return the float32 model
     */
    public static ModelProto policyGradientStep(ModelSpec spec) {
        GraphBuilder g = new GraphBuilder("ppo4j_policy_gradient_step");
        AdamInputs adam = AdamInputs.declare(g, spec);
        ActionDistribution distribution = ActionDistribution.of(spec.head());
        Value obs = g.input(PolicyNames.OBSERVATIONS, GraphBuilder.BATCH, spec.observationDim());
        Value actions = distribution.actionInput(g, GraphNames.ACTIONS);
        Value advantages = g.input(GraphNames.ADVANTAGES, GraphBuilder.BATCH);
        ActorCriticGraph net = ActorCriticGraph.overFlatParameters(g, spec, adam.params());
        ActionDistribution.GraphTerms dist = distribution.graphTerms(g, net.actor(obs), net::logStd, actions, null, null);
        Value policyLoss = g.neg(g.reduceMean(g.mul(dist.logProb(), advantages), false));
        adam.stepOver(net.parametersUsed(), policyLoss, StepInput.declaredOnDemand(g));
        g.output(Diagnostic.POLICY_LOSS.graphName(), policyLoss);
        g.output(Diagnostic.ENTROPY.graphName(), dist.entropy());
        return GraphPruning.prune(g.build());
    }

    /** The flat parameter and moment inputs of a step graph that moves one contiguous slice of them. */
    private record AdamInputs(GraphBuilder g, int count, Value params, Value m, Value v) {
        static AdamInputs declare(GraphBuilder g, ModelSpec spec) {
            int count = spec.parameterCount();
            return new AdamInputs(g, count, g.input(GraphNames.PARAMS, count), g.input(GraphNames.ADAM_M, count),
                    g.input(GraphNames.ADAM_V, count));
        }

        /**
         * Outputs the parameters and moments after one Adam step on {@code loss} over the given
         * tensors, which must be contiguous in the flat layout; every other entry is copied.
         */
        void stepOver(Map<ParameterTensor, Value> tensors, Value loss, Function<StepInput, Value> inputs) {
            List<ParameterTensor> moved = new ArrayList<>(tensors.keySet());
            int from = moved.get(0).offset();
            ParameterTensor last = moved.get(moved.size() - 1);
            int to = last.offset() + last.size();
            if (moved.stream().mapToInt(ParameterTensor::size).sum() != to - from) {
                throw new IllegalStateException("The tensors " + moved + " are not contiguous in the flat parameter vector.");
            }
            Value gradient = PpoGraphs.flatten(g, Gradients.of(g, loss, new ArrayList<>(tensors.values())));
            AdamGraph.Update update = AdamGraph.step(g, range(params, from, to), range(m, from, to), range(v, from, to),
                    gradient, null, inputs);
            g.output(GraphNames.PARAMS_OUT, splice(params, update.params(), from, to));
            g.output(GraphNames.ADAM_M_OUT, splice(m, update.firstMoments(), from, to));
            g.output(GraphNames.ADAM_V_OUT, splice(v, update.secondMoments(), from, to));
        }

        private Value range(Value flat, int from, int to) {
            return g.slice(flat, new long[] {from}, new long[] {to}, new long[] {0});
        }

        /** {@code flat} with {@code [from, to)} replaced by {@code part}. */
        private Value splice(Value flat, Value part, int from, int to) {
            List<Value> parts = new ArrayList<>(3);
            if (from > 0) {
                parts.add(range(flat, 0, from));
            }
            parts.add(part);
            if (to < count) {
                parts.add(range(flat, to, count));
            }
            return g.concat(0, parts.toArray(Value[]::new));
        }
    }
}
