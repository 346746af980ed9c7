package dev.ppo4j.engine;

import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.Value;
import java.util.function.Function;

/**
 * Emits one bias-corrected Adam step (docs/ppo.md, "Optimiser: Adam and gradient clipping"),
 * the form of {@code torch.optim.Adam}: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g²,
 * p ← p − lr·(m / bc1) / (sqrt(v) / sqrt(bc2) + ε), with bc1 = 1 − β1^t and bc2 = 1 − β2^t fed
 * as step inputs. Every train-step graph takes its Adam step here: PPO's over all parameters,
 * the critic fit's and vpg-adaptive's over a slice ({@link TrpoGraphs}).
 */
final class AdamGraph {
    private AdamGraph() {}

    /**
     * The new values of one Adam step.
     *
     * @param params the updated parameters
     * @param firstMoments the updated first moments
     * @param secondMoments the updated second moments
     */
    record Update(Value params, Value firstMoments, Value secondMoments) {
    }

    /**
     * Emits the step.
     *
     * @param g the graph
     * @param params the parameters the gradient belongs to
     * @param m their first moments
     * @param v their second moments
     * @param gradient the gradient, shaped like {@code params}
     * @param gradientScale a scalar the gradient is multiplied by first (PPO's norm clipping), or null
     * @param inputs the step inputs, declared as the step reads them
     * @return the updated parameters and moments
     */
    static Update step(GraphBuilder g, Value params, Value m, Value v, Value gradient, Value gradientScale,
                       Function<StepInput, Value> inputs) {
        Value beta1 = inputs.apply(StepInput.ADAM_BETA1);
        Value beta2 = inputs.apply(StepInput.ADAM_BETA2);
        Value one = g.scalar(1.0);
        Value firstWeight = g.sub(one, beta1);
        Value secondWeight = g.sub(one, beta2);
        if (gradientScale != null) {
            // The scale is folded into the scalar coefficients: one pass less over the vector.
            firstWeight = g.mul(firstWeight, gradientScale);
            secondWeight = g.mul(secondWeight, g.mul(gradientScale, gradientScale));
        }
        Value m1 = g.add(g.mul(beta1, m), g.mul(firstWeight, gradient));
        Value v1 = g.add(g.mul(beta2, v), g.mul(secondWeight, g.mul(gradient, gradient)));
        Value stepSize = g.div(inputs.apply(StepInput.LEARNING_RATE), inputs.apply(StepInput.BIAS_CORRECTION1));
        Value denominator = g.add(g.div(g.sqrt(v1), g.sqrt(inputs.apply(StepInput.BIAS_CORRECTION2))),
                inputs.apply(StepInput.ADAM_EPSILON));
        Value p1 = g.sub(params, g.mul(stepSize, g.div(m1, denominator)));
        return new Update(p1, m1, v1);
    }
}
