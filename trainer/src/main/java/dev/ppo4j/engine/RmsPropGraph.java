package dev.ppo4j.engine;

import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.Value;
import java.util.function.Function;

/**
 * Emits one RMSprop step in the form of {@code torch.optim.RMSprop} with no momentum, not
 * centred, no weight decay (Stable-Baselines3's A2C optimiser, docs/a2c.md): with the clipped
 * gradient g = c·∇ (c the norm clipping's coefficient, applied to the gradient first as
 * {@code clip_grad_norm_} does), s ← α·s + (1−α)·g², p ← p − lr·g / (sqrt(s) + ε). ε is added
 * to the root, outside it, as torch does (TensorFlow's RMSprop adds it inside).
 */
final class RmsPropGraph {
    private RmsPropGraph() {}

    /**
     * The new values of one RMSprop step.
     *
     * @param params the updated parameters
     * @param squareAverages the updated square averages s
     */
    record Update(Value params, Value squareAverages) {
    }

    /**
     * Emits the step.
     *
     * @param g the graph
     * @param params the parameters the gradient belongs to
     * @param squareAverages their square averages s
     * @param gradient the gradient, shaped like {@code params}
     * @param gradientScale a scalar the gradient is multiplied by first (norm clipping), or null
     * @param inputs the step inputs, declared as the step reads them
     * @return the updated parameters and square averages
     */
    static Update step(GraphBuilder g, Value params, Value squareAverages, Value gradient, Value gradientScale,
                       Function<StepInput, Value> inputs) {
        Value alpha = inputs.apply(StepInput.RMS_PROP_ALPHA);
        Value clipped = gradientScale == null ? gradient : g.mul(gradient, gradientScale);
        Value s1 = g.add(g.mul(squareAverages, alpha), g.mul(g.sub(g.scalar(1.0), alpha), g.mul(clipped, clipped)));
        Value denominator = g.add(g.sqrt(s1), inputs.apply(StepInput.RMS_PROP_EPSILON));
        Value p1 = g.sub(params, g.mul(inputs.apply(StepInput.LEARNING_RATE), g.div(clipped, denominator)));
        return new Update(p1, s1);
    }
}
