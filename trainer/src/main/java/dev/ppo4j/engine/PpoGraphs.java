package dev.ppo4j.engine;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ppo4j.model.ActorCriticGraph;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.ParameterTensor;
import dev.ppo4j.onnx.ElementType;
import dev.ppo4j.onnx.Gradients;
import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the engine's graphs: the policy forward pass, the value-only forward pass, the PPO loss
 * with its gradient, and the full train step (loss, gradient, global-norm clipping, Adam).
 * Parameters are always the flat input {@link GraphNames#PARAMS}, so no graph is rebuilt when
 * they change; everything that changes during training is an input too.
 */
public final class PpoGraphs {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

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
        Value obs = g.input(GraphNames.OBSERVATIONS, GraphBuilder.BATCH, spec.observationDim());
        ActorCriticGraph net = ActorCriticGraph.overFlatParameters(g, spec, params);
        if (spec.isGaussian()) {
            g.output(GraphNames.MEAN, net.actor(obs));
            g.output(GraphNames.LOG_STD, net.logStd());
        } else {
            g.output(GraphNames.LOGITS, net.actor(obs));
        }
        g.output(GraphNames.VALUE, net.critic(obs));
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
        Value obs = g.input(GraphNames.OBSERVATIONS, GraphBuilder.BATCH, spec.observationDim());
        g.output(GraphNames.VALUE, ActorCriticGraph.overFlatParameters(g, spec, params).critic(obs));
        return GraphPruning.prune(g.build());
    }

    /**
     * The per-sample policy objective (before the mean and the KL penalty) as a function of the
     * ratio r and the advantage Â: clip → min(r·Â, clip(r, 1−ε, 1+ε)·Â); dual-clip → for Â &lt; 0
     * additionally max(·, c·Â); kl-adaptive, kl-fixed and none → r·Â.
     *
     * @param g the graph
     * @param objective which objective
     * @param ratio r, any shape
     * @param advantages Â, the shape of r
     * @param clipRange ε, scalar
     * @param dualClipC c, scalar (read only for dual-clip)
     * @return the objective per sample
     */
    public static Value policyObjective(GraphBuilder g, Objective objective, Value ratio, Value advantages,
                                        Value clipRange, Value dualClipC) {
        Value surrogate = g.mul(ratio, advantages);
        if (objective != Objective.CLIP && objective != Objective.DUAL_CLIP) {
            return surrogate;
        }
        Value one = g.scalar(1.0);
        Value clipped = g.mul(g.clip(ratio, g.sub(one, clipRange), g.add(one, clipRange)), advantages);
        Value pessimistic = g.min(surrogate, clipped);
        if (objective == Objective.CLIP) {
            return pessimistic;
        }
        Value floor = g.max(pessimistic, g.mul(dualClipC, advantages));
        return g.where(g.less(advantages, g.scalar(0.0)), floor, pessimistic);
    }

    /**
     * The loss terms of one minibatch, as values of a graph under construction.
     *
     * @param total −L + vf·L_V − ent·H (the entropy term only when the loss has it)
     * @param policyLoss −L including the KL penalty
     * @param valueLoss L_V before the coefficient
     * @param entropy mean policy entropy
     * @param approxKl mean of (r−1) − log r
     * @param clipFraction fraction of samples with |r − 1| &gt; ε
     * @param klDivergence mean analytic KL(π_old‖π_θ), or null when the objective has no penalty
     * @param parameters the parameter tensors as the forward pass read them, in flat-vector order
     */
    public record LossTerms(Value total, Value policyLoss, Value valueLoss, Value entropy, Value approxKl,
                            Value clipFraction, Value klDivergence, Map<ParameterTensor, Value> parameters) {
    }

    /**
     * Declares the minibatch and coefficient inputs and emits the PPO loss over the flat
     * parameter input {@code params}. Only the inputs this loss reads are declared.
     *
     * @param g the graph (its float type is used throughout)
     * @param spec the model
     * @param loss the loss shape
     * @param params the flat parameter input
     * @return the loss terms
     */
    public static LossTerms loss(GraphBuilder g, ModelSpec spec, LossConfig loss, Value params) {
        long batch = GraphBuilder.BATCH;
        int width = spec.actionWidth();
        Value obs = g.input(GraphNames.OBSERVATIONS, batch, spec.observationDim());
        Value actions = spec.isGaussian() ? g.input(GraphNames.ACTIONS, batch, width)
                : g.input(GraphNames.ACTIONS, ElementType.INT64, batch);
        Value oldLogProb = g.input(GraphNames.OLD_LOG_PROB, batch);
        Value advantages = g.input(GraphNames.ADVANTAGES, batch);
        Value returns = g.input(GraphNames.RETURNS, batch);
        Value oldValues = loss.clipValueLoss() ? g.input(GraphNames.OLD_VALUES, batch) : null;
        boolean penalty = loss.objective().usesKlPenalty();
        Value oldDist = penalty ? g.input(GraphNames.OLD_DIST, batch, width) : null;
        Value oldLogStd = penalty && spec.isGaussian() ? g.input(GraphNames.OLD_LOG_STD, batch, width) : null;
        Value clipRange = g.input(GraphNames.CLIP_RANGE);
        Value valueClipRange = loss.clipValueLoss() ? g.input(GraphNames.VALUE_CLIP_RANGE) : null;
        Value dualClipC = loss.objective() == Objective.DUAL_CLIP ? g.input(GraphNames.DUAL_CLIP_C) : null;
        Value klBeta = penalty ? g.input(GraphNames.KL_BETA) : null;
        Value entropyCoef = loss.entropyBonus() ? g.input(GraphNames.ENTROPY_COEF) : null;
        Value valueCoef = g.input(GraphNames.VALUE_COEF);

        ActorCriticGraph net = ActorCriticGraph.overFlatParameters(g, spec, params);
        Value actorOut = net.actor(obs);
        Value logProb;
        Value entropy;
        Value kl = null;
        if (spec.isGaussian()) {
            Value logStd = net.logStd();
            Value sumLogStd = g.reduceSum(logStd, false);
            Value z = g.mul(g.sub(actions, actorOut), g.exp(g.neg(logStd)));
            Value normaliser = g.add(sumLogStd, g.scalar(width * HALF_LOG_TWO_PI));
            logProb = g.sub(g.mul(g.scalar(-0.5), g.reduceSum(g.mul(z, z), false, 1)), normaliser);
            entropy = g.add(sumLogStd, g.scalar(width * (0.5 + HALF_LOG_TWO_PI)));
            if (penalty) {
                // KL(N(μo, σo²) ‖ N(μ, σ²)) = log σ − log σo + (σo² + (μo − μ)²) / (2σ²) − ½, summed over dims.
                Value diff = g.sub(oldDist, actorOut);
                Value numerator = g.add(g.exp(g.mul(g.scalar(2.0), oldLogStd)), g.mul(diff, diff));
                Value halfInvVar = g.mul(g.scalar(0.5), g.exp(g.mul(g.scalar(-2.0), logStd)));
                Value perDim = g.add(g.sub(logStd, oldLogStd), g.sub(g.mul(numerator, halfInvVar), g.scalar(0.5)));
                kl = g.reduceMean(g.reduceSum(perDim, false, 1), false);
            }
        } else {
            Value logPolicy = g.logSoftmax(actorOut, 1);
            logProb = g.squeeze(g.gatherElements(logPolicy, g.unsqueeze(actions, 1), 1), 1);
            entropy = g.reduceMean(g.neg(g.reduceSum(g.mul(g.exp(logPolicy), logPolicy), false, 1)), false);
            if (penalty) {
                Value oldLogPolicy = g.logSoftmax(oldDist, 1);
                Value perSample = g.reduceSum(g.mul(g.exp(oldLogPolicy), g.sub(oldLogPolicy, logPolicy)), false, 1);
                kl = g.reduceMean(perSample, false);
            }
        }

        Value logRatio = g.sub(logProb, oldLogProb);
        Value ratio = g.exp(logRatio);
        Value objective = policyObjective(g, loss.objective(), ratio, advantages, clipRange, dualClipC);
        Value policyLoss = g.neg(g.reduceMean(objective, false));
        if (penalty) {
            policyLoss = g.add(policyLoss, g.mul(klBeta, kl));
        }

        Value values = net.critic(obs);
        Value error = g.sub(values, returns);
        Value squared = g.mul(error, error);
        if (loss.clipValueLoss()) {
            Value clippedValues = g.add(oldValues,
                    g.clip(g.sub(values, oldValues), g.neg(valueClipRange), valueClipRange));
            Value clippedError = g.sub(clippedValues, returns);
            squared = g.max(squared, g.mul(clippedError, clippedError));
        }
        Value valueLoss = g.mul(g.scalar(0.5), g.reduceMean(squared, false));

        Value total = g.add(policyLoss, g.mul(valueCoef, valueLoss));
        if (loss.entropyBonus()) {
            total = g.sub(total, g.mul(entropyCoef, entropy));
        }
        Value ratioMinusOne = g.sub(ratio, g.scalar(1.0));
        Value approxKl = g.reduceMean(g.sub(ratioMinusOne, logRatio), false);
        Value clipFraction = g.reduceMean(
                g.cast(g.greater(g.abs(ratioMinusOne), clipRange), g.floatType()), false);
        return new LossTerms(total, policyLoss, valueLoss, entropy, approxKl, clipFraction, kl,
                net.parametersUsed());
    }

    /**
     * The gradient of the total loss with respect to the flat parameter vector, {@code [P]}:
     * differentiated per parameter tensor, flattened and concatenated in layout order.
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
        List<Value> grads = Gradients.of(g, terms.total(), new ArrayList<>(terms.parameters().values()));
        Value[] flat = new Value[grads.size()];
        for (int i = 0; i < flat.length; i++) {
            Value grad = grads.get(i);
            flat[i] = grad.rank() == 1 ? grad : g.reshape(grad, -1);
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
     * The train step: loss, gradient, global L2 norm clipping (coefficient
     * min(1, max_norm / (‖g‖ + 1e-6)), as PyTorch's clip_grad_norm_), and bias-corrected Adam:
     * m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², p ← p − lr·(m / bc1) / (sqrt(v / bc2) + ε),
     * with bc1 = 1 − β1^t and bc2 = 1 − β2^t fed by the caller. Outputs the new parameters and
     * moments and the diagnostics.
     *
     * @param spec the model
     * @param loss the loss shape
     * @return the float32 model
     */
    public static ModelProto trainStep(ModelSpec spec, LossConfig loss) {
        GraphBuilder g = new GraphBuilder("ppo4j_train_step");
        int count = spec.parameterCount();
        Value params = g.input(GraphNames.PARAMS, count);
        Value m = g.input(GraphNames.ADAM_M, count);
        Value v = g.input(GraphNames.ADAM_V, count);
        LossTerms terms = loss(g, spec, loss, params);
        Value gradient = flatGradient(g, spec, terms);

        Value lr = g.input(GraphNames.LEARNING_RATE);
        Value maxNorm = g.input(GraphNames.MAX_GRAD_NORM);
        Value beta1 = g.input(GraphNames.ADAM_BETA1);
        Value beta2 = g.input(GraphNames.ADAM_BETA2);
        Value epsilon = g.input(GraphNames.ADAM_EPSILON);
        Value biasCorrection1 = g.input(GraphNames.BIAS_CORRECTION1);
        Value biasCorrection2 = g.input(GraphNames.BIAS_CORRECTION2);
        Value one = g.scalar(1.0);

        Value norm = g.sqrt(g.reduceSumSquare(gradient, false));
        Value scale = g.min(one, g.div(maxNorm, g.add(norm, g.scalar(1e-6))));
        // The clipping scale is folded into the scalar coefficients: one pass less over [P].
        Value m1 = g.add(g.mul(beta1, m), g.mul(g.mul(g.sub(one, beta1), scale), gradient));
        Value v1 = g.add(g.mul(beta2, v),
                g.mul(g.mul(g.sub(one, beta2), g.mul(scale, scale)), g.mul(gradient, gradient)));
        Value stepSize = g.div(lr, biasCorrection1);
        Value denominator = g.add(g.div(g.sqrt(v1), g.sqrt(biasCorrection2)), epsilon);
        Value p1 = g.sub(params, g.mul(stepSize, g.div(m1, denominator)));

        g.output(GraphNames.PARAMS_OUT, p1);
        g.output(GraphNames.ADAM_M_OUT, m1);
        g.output(GraphNames.ADAM_V_OUT, v1);
        g.output(GraphNames.GRAD_NORM, norm);
        outputDiagnostics(g, terms);
        return GraphPruning.prune(g.build());
    }

    private static void outputDiagnostics(GraphBuilder g, LossTerms terms) {
        g.output(GraphNames.POLICY_LOSS, terms.policyLoss());
        g.output(GraphNames.VALUE_LOSS, terms.valueLoss());
        g.output(GraphNames.ENTROPY, terms.entropy());
        g.output(GraphNames.APPROX_KL, terms.approxKl());
        g.output(GraphNames.CLIP_FRACTION, terms.clipFraction());
        if (terms.klDivergence() != null) {
            g.output(GraphNames.KL_DIVERGENCE, terms.klDivergence());
        }
    }
}
