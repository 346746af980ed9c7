package dev.ppo4j.engine;

import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.Value;
import java.util.function.Function;

/**
 * Emits one bias-corrected Adam step (docs/ppo.md, "Optimiser: Adam and gradient clipping"):
 * m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², p ← p − α_t·m / (sqrt(v) + ε̂_t) with
 * α_t = lr·sqrt(1 − β2^t) / (1 − β1^t) and ε̂_t = ε·sqrt(1 − β2^t). This is the reordering of
 * Kingma &amp; Ba (2015, section 2, end) and the same function as {@code torch.optim.Adam}'s
 * p − (lr / (1 − β1^t))·m / (sqrt(v) / sqrt(1 − β2^t) + ε), rounded differently; it spends one
 * pass over the vector less. The coefficients that change with t are step inputs the caller
 * computes once per step in double precision. Every train-step graph takes its Adam step here: PPO's over all
 * parameters, the critic fit's and vpg-adaptive's over a slice ({@link TrpoGraphs}).
 */
final class AdamGraph {
    /** β1, the first moment's decay: PyTorch's default, which CleanRL and SB3 keep (docs/ppo.md). */
    static final double BETA1 = 0.9;
    /** β2, the second moment's decay: PyTorch's default, which CleanRL and SB3 keep (docs/ppo.md). */
    static final double BETA2 = 0.999;

    private AdamGraph() {}

    /** √(1 − β2^t), the factor both of step t's coefficients (α_t and ε̂_t) carry. */
    static double rootSecondMomentCorrection(long step) {
        return Math.sqrt(1.0 - Math.pow(BETA2, step));
    }

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
        // β1 and β2 are not configurable, so they are constants (inputs cost a little on every run).
        // 1 − β is taken in double and then rounded, as torch.optim.Adam does for float32 tensors
        // (1 − float32(0.999) would be 1.3e-5 smaller).
        Value beta1 = g.scalar(BETA1);
        Value beta2 = g.scalar(BETA2);
        Value firstWeight = g.scalar(1.0 - BETA1);
        Value secondWeight = g.scalar(1.0 - BETA2);
        if (gradientScale != null) {
            // The scale is folded into the scalar coefficients: one pass less over the vector.
            firstWeight = g.mul(firstWeight, gradientScale);
            secondWeight = g.mul(secondWeight, g.mul(gradientScale, gradientScale));
        }
        Value m1 = g.add(g.mul(beta1, m), g.mul(firstWeight, gradient));
        Value v1 = g.add(g.mul(beta2, v), g.mul(secondWeight, g.mul(gradient, gradient)));
        Value denominator = g.add(g.sqrt(v1), inputs.apply(StepInput.ADAM_EPSILON_HAT));
        Value p1 = g.sub(params, g.mul(inputs.apply(StepInput.ADAM_STEP_SIZE), g.div(m1, denominator)));
        return new Update(p1, m1, v1);
    }
}
