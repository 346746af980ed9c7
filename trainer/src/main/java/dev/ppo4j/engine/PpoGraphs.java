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
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the engine's graphs: the policy forward pass, the value-only forward pass, the
 * actor-critic loss with its gradient (PPO's objectives or another {@link PolicyTerm}), and the
 * full train step (loss, gradient, global-norm clipping, Adam or RMSprop).
 * Parameters are always the flat input {@link GraphNames#PARAMS}, so no graph is rebuilt when
 * they change; everything that changes during training is an input too.
 */
public final class PpoGraphs {
    private PpoGraphs() {}

    /**
     * The policy graph: {@code params [P]}, normalised {@code obs [batch, obs_dim]} → {@code mean}
     * and {@code log_std} (Gaussian) or {@code logits} (categorical), and {@code value [batch]}.
     *
     * @param spec the model
     * @return the float32 model
     */
    public static ModelProto policy(ModelSpec spec) {
        GraphBuilder g = new GraphBuilder("ppo4j_policy");
        Value params = g.input(GraphNames.PARAMS, spec.parameterCount());
        Value obs = g.input(PolicyNames.OBSERVATIONS, GraphBuilder.BATCH, spec.observationDim());
        ActorCriticGraph net = ActorCriticGraph.overFlatParameters(g, spec, params);
        if (spec.isGaussian()) {
            g.output(PolicyNames.MEAN, net.actor(obs));
            g.output(PolicyNames.LOG_STD, net.logStd());
        } else {
            g.output(PolicyNames.LOGITS, net.actor(obs));
        }
        g.output(PolicyNames.VALUE, net.critic(obs));
        return GraphPruning.prune(g.build());
    }

    /**
     * The value-only graph: {@code params [P]}, normalised {@code obs [batch, obs_dim]} →
     * {@code value [batch]}; the actor is not in it.
     *
     * @param spec the model
     * @return the float32 model
     */
    public static ModelProto values(ModelSpec spec) {
        GraphBuilder g = new GraphBuilder("ppo4j_values");
        Value params = g.input(GraphNames.PARAMS, spec.parameterCount());
        Value obs = g.input(PolicyNames.OBSERVATIONS, GraphBuilder.BATCH, spec.observationDim());
        g.output(PolicyNames.VALUE, ActorCriticGraph.overFlatParameters(g, spec, params).critic(obs));
        return GraphPruning.prune(g.build());
    }

    /**
     * The loss terms of one minibatch, as values of a graph under construction.
     *
     * @param total −L + vf·L_V − ent·H (the entropy term only when the loss has it)
     * @param diagnostics the reported values, by diagnostic (the KL only for the penalty objectives)
     * @param parameters the parameter tensors as the forward pass read them, in flat-vector order
     * @param inputs the step inputs, declared as the graph reads them
     * @param headGradients the gradient of the total loss in closed form with respect to the values
     *     and to the distribution's statistics (or log π(a|s) and the entropy), where the backward
     *     pass starts; empty when the policy term has no closed form and it starts at the total
     */
    public record LossTerms(Value total, Map<Diagnostic, Value> diagnostics, Map<ParameterTensor, Value> parameters,
                            Function<StepInput, Value> inputs, Map<Value, Value> headGradients) {
    }

    /** The value loss vf·L_V's ingredients: L_V and the gradient of vf·L_V with respect to the values. */
    private record ValueTerms(Value loss, Value gradient) {
    }

    /**
     * Declares the minibatch and step inputs and emits the PPO loss over the flat parameter input
     * {@code params}. Only the inputs this loss reads are declared.
     *
     * @param g the graph (its float type is used throughout)
     * @param spec the model
     * @param loss the loss shape
     * @param params the flat parameter input
     * @return the loss terms
     */
    public static LossTerms loss(GraphBuilder g, ModelSpec spec, LossConfig loss, Value params) {
        return loss(g, spec, loss, ActorCriticGraph.overFlatParameters(g, spec, params));
    }

    /**
     * Declares the minibatch and step inputs and emits the PPO loss over the parameters the
     * network reads (slices of a flat input, or one input per tensor). Only the inputs this loss
     * reads are declared.
     *
     * @param g the graph (its float type is used throughout)
     * @param spec the model
     * @param loss the loss shape
     * @param net the forward-pass emitter over the parameters to differentiate
     * @return the loss terms
     */
    public static LossTerms loss(GraphBuilder g, ModelSpec spec, LossConfig loss, ActorCriticGraph net) {
        long batch = GraphBuilder.BATCH;
        int width = spec.actionWidth();
        ActionDistribution distribution = ActionDistribution.of(spec.head());
        Value obs = net.readsObservationsWithOnes()
                ? g.input(GraphNames.OBSERVATIONS_WITH_ONES, batch, spec.observationDim() + 1)
                : g.input(PolicyNames.OBSERVATIONS, batch, spec.observationDim());
        Value actions = distribution.actionInput(g, GraphNames.ACTIONS);
        Value oldLogProb = g.input(GraphNames.OLD_LOG_PROB, batch);
        Value advantages = g.input(GraphNames.ADVANTAGES, batch);
        Value returns = g.input(GraphNames.RETURNS, batch);
        Value oldValues = loss.clipValueLoss() ? g.input(GraphNames.OLD_VALUES, batch) : null;
        boolean penalty = loss.objective().usesKlPenalty();
        Value oldDist = penalty ? g.input(GraphNames.OLD_DIST, batch, width) : null;
        Value oldLogStd = penalty && spec.isGaussian() ? g.input(GraphNames.OLD_LOG_STD, batch, width) : null;
        Function<StepInput, Value> inputs = StepInput.declaredOnDemand(g);

        Value actorOut = net.actor(obs);
        ActionDistribution.GraphTerms dist = distribution.graphTerms(g, actorOut, net::logStd, actions, oldDist, oldLogStd);
        Value logRatio = g.sub(dist.logProb(), oldLogProb);
        Value ratio = g.exp(logRatio);
        PolicyTerm.Inputs policyInputs = new PolicyTerm.Inputs(g, dist, actorOut,
                spec.isGaussian() ? net.logStd() : null, ratio, advantages, inputs);
        Value policyLoss = loss.policyTerm().policyLoss(policyInputs);

        Value values = net.critic(obs);
        ValueTerms value = valueTerms(g, loss, values, returns, oldValues, inputs);
        Value total = g.add(policyLoss, g.mul(inputs.apply(StepInput.VALUE_COEF), value.loss()));
        if (loss.entropyBonus()) {
            total = g.sub(total, g.mul(inputs.apply(StepInput.ENTROPY_COEF), dist.entropy()));
        }
        Map<Value, Value> headGradients = new LinkedHashMap<>();
        Value logProbGradient = loss.policyTerm().logProbGradient(policyInputs);
        if (logProbGradient != null) {
            Value entropyCoefficient = loss.entropyBonus() ? inputs.apply(StepInput.ENTROPY_COEF) : null;
            headGradients.putAll(distribution.backwardSeeds(g, dist, actorOut, policyInputs.logStd(), actions,
                    logProbGradient, entropyCoefficient));
            headGradients.put(values, value.gradient());
        }
        Map<Diagnostic, Value> diagnostics = new EnumMap<>(Diagnostic.class);
        diagnostics.put(Diagnostic.LOSS, total);
        diagnostics.put(Diagnostic.POLICY_LOSS, policyLoss);
        diagnostics.put(Diagnostic.VALUE_LOSS, value.loss());
        diagnostics.put(Diagnostic.ENTROPY, dist.entropy());
        Value ratioMinusOne = g.sub(ratio, g.scalar(1.0));
        diagnostics.put(Diagnostic.APPROX_KL, g.reduceMean(g.sub(ratioMinusOne, logRatio), false));
        diagnostics.put(Diagnostic.CLIP_FRACTION, g.reduceMean(
                g.cast(g.greater(g.abs(ratioMinusOne), inputs.apply(StepInput.CLIP_RANGE)), g.floatType()), false));
        if (dist.kl() != null) {
            diagnostics.put(Diagnostic.KL_DIVERGENCE, dist.kl());
        }
        return new LossTerms(total, diagnostics, net.parametersUsed(), inputs, headGradients);
    }

    /**
     * L_V = ½·E[(V − R̂)²], or with value clipping ½·E[max((V − R̂)², (V_clip − R̂)²)], and the
     * gradient of vf·L_V with respect to V in closed form: vf/B times V − R̂ where the unclipped
     * squared error is the larger or equal one, else 0 (max's and clip's convention at the kinks,
     * docs/ppo.md).
     */
    private static ValueTerms valueTerms(GraphBuilder g, LossConfig loss, Value values, Value returns, Value oldValues,
                                         Function<StepInput, Value> inputs) {
        Value error = g.sub(values, returns);
        Value squared = g.mul(error, error);
        Value errorGradient = error;
        if (loss.clipValueLoss()) {
            Value valueClipRange = inputs.apply(StepInput.VALUE_CLIP_RANGE);
            Value change = g.sub(values, oldValues);
            Value clippedChange = g.clip(change, g.neg(valueClipRange), valueClipRange);
            // V_clip − R̂ as (V − R̂) − (change − clipped change): inside the band the two errors are
            // then the same number, so max takes the unclipped one and the clipped term never passes
            // a gradient (outside, clip blocks it).
            Value clippedError = g.sub(error, g.sub(change, clippedChange));
            Value clippedSquared = g.mul(clippedError, clippedError);
            errorGradient = g.where(g.greaterOrEqual(squared, clippedSquared), error, g.scalar(0.0));
            squared = g.max(squared, clippedSquared);
        }
        Value valueLoss = g.mul(g.scalar(0.5), g.reduceMean(squared, false));
        Value gradient = g.mul(errorGradient, inputs.apply(StepInput.VALUE_SAMPLE_WEIGHT));
        return new ValueTerms(valueLoss, gradient);
    }

    /**
     * The gradient of the total loss with respect to the flat parameter vector, {@code [P]}:
     * differentiated per parameter tensor (from the closed-form head gradients when the loss has
     * them, else from the total), flattened and concatenated in layout order.
     *
     * @param g the graph holding the loss
     * @param spec the model
     * @param terms the loss terms from {@link #loss}
     * @return the flat gradient
     */
    public static Value flatGradient(GraphBuilder g, ModelSpec spec, LossTerms terms) {
        if (terms.parameters().size() != spec.parameterTensors().size()) {
            throw new IllegalStateException("The loss reads " + terms.parameters().size() + " of the model's "
                    + spec.parameterTensors().size() + " parameter tensors; every parameter must be in the loss.");
        }
        // a layer's weight and bias read as one input appear twice; its gradient covers both
        List<Value> parameters = terms.parameters().values().stream().distinct().toList();
        return flatten(g, terms.headGradients().isEmpty() ? Gradients.of(g, terms.total(), parameters)
                : Gradients.vectorJacobianProduct(g, terms.headGradients(), parameters, List.of()));
    }

    /**
     * Per-tensor gradients (or any per-tensor values) as one flat vector: each flattened, then
     * concatenated in the given order.
     *
     * @param g the graph
     * @param perTensor one value per parameter tensor, in flat-vector order
     * @return the concatenation, {@code [sum of sizes]}
     */
    static Value flatten(GraphBuilder g, List<Value> perTensor) {
        Value[] flat = new Value[perTensor.size()];
        for (int i = 0; i < flat.length; i++) {
            Value part = perTensor.get(i);
            flat[i] = part.rank() == 1 ? part : g.reshape(part, -1);
        }
        return g.concat(0, flat);
    }

    /**
     * Loss and gradient only (no optimiser), in float32 or float64: outputs
     * {@link GraphNames#TOTAL_LOSS}, {@link GraphNames#GRADIENT} and the diagnostics. Used to
     * check the gradient against finite differences and the optimiser against a reference.
     *
     * @param spec the model
     * @param loss the loss shape
     * @param type FLOAT or DOUBLE for every float tensor of the graph
     * @return the model
     */
    public static ModelProto lossAndGradient(ModelSpec spec, LossConfig loss, ElementType type) {
        GraphBuilder g = new GraphBuilder("ppo4j_loss_gradient", type);
        Value params = g.input(GraphNames.PARAMS, spec.parameterCount());
        LossTerms terms = loss(g, spec, loss, params);
        Value gradient = flatGradient(g, spec, terms);
        g.output(GraphNames.TOTAL_LOSS, terms.total());
        g.output(GraphNames.GRADIENT, gradient);
        outputDiagnostics(g, terms);
        return GraphPruning.prune(g.build());
    }

    /**
     * PPO's train step: {@link #trainStep(ModelSpec, LossConfig, Optimizer)} with Adam.
     *
     * @param spec the model
     * @param loss the loss shape
     * @return the float32 model
     */
    public static ModelProto trainStep(ModelSpec spec, LossConfig loss) {
        return trainStep(spec, loss, Optimizer.ADAM);
    }

    /**
     * The train step: loss, gradient, global L2 norm clipping (coefficient
     * min(1, max_norm / (‖g‖ + 1e-6)), as PyTorch's clip_grad_norm_), and one optimiser step:
     * bias-corrected Adam ({@link AdamGraph}, its step size and ε for step t fed by the caller)
     * or RMSprop ({@link RmsPropGraph}, its square averages in the second-moment buffers). Outputs
     * the new parameters and moments and the diagnostics. Reads the parameters twice: the flat
     * {@link GraphNames#PARAMS} for the update and one input per tensor, named after it (e.g.
     * {@code actor.1.weight}), for the forward pass, except that each first layer reads its
     * weight and bias as one input named after the layer (e.g. {@code actor.0}) and the
     * observations as {@link GraphNames#OBSERVATIONS_WITH_ONES}; the caller feeds views of one buffer. The
     * total loss is not an output: {@link TrainStep} sums it from the policy and value losses and
     * the entropy.
     *
     * @param spec the model
     * @param loss the loss shape
     * @param optimizer the update rule applied to the clipped gradient
     * @return the float32 model
     */
    public static ModelProto trainStep(ModelSpec spec, LossConfig loss, Optimizer optimizer) {
        GraphBuilder g = new GraphBuilder("ppo4j_train_step");
        int count = spec.parameterCount();
        Value params = g.input(GraphNames.PARAMS, count);
        Value m = g.input(GraphNames.ADAM_M, count);
        Value v = g.input(GraphNames.ADAM_V, count);
        // The forward pass reads each tensor as an input of its own (views of the flat buffer,
        // ParameterState#parameterTensors): slicing the flat input would copy every parameter.
        // The first layers' biases ride along as their weights' last rows.
        LossTerms terms = loss(g, spec, loss, ActorCriticGraph.overNamedInputsWithBiasRows(g, spec));
        Value gradient = flatGradient(g, spec, terms);

        Function<StepInput, Value> inputs = terms.inputs();
        Value norm = g.sqrt(g.reduceSumSquare(gradient, false));
        Value scale = g.min(g.scalar(1.0), g.div(inputs.apply(StepInput.MAX_GRAD_NORM), g.add(norm, g.scalar(1e-6))));
        AdamGraph.Update update = optimizer.step(g, params, m, v, gradient, scale, inputs);

        g.output(GraphNames.PARAMS_OUT, update.params());
        g.output(GraphNames.ADAM_M_OUT, update.firstMoments());
        g.output(GraphNames.ADAM_V_OUT, update.secondMoments());
        terms.diagnostics().put(Diagnostic.GRAD_NORM, norm);
        // The total is the sum of three reported terms: TrainStep adds them, which saves the graph
        // four scalar nodes and an output on every step.
        terms.diagnostics().remove(Diagnostic.LOSS);
        outputDiagnostics(g, terms);
        return GraphPruning.prune(g.build());
    }

    private static void outputDiagnostics(GraphBuilder g, LossTerms terms) {
        terms.diagnostics().forEach((diagnostic, value) -> g.output(diagnostic.graphName(), value));
    }
}
