package dev.ppo4j.engine;

import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.Value;
import java.util.function.Function;

/**
 * The update rule the actor-critic train step ({@link PpoGraphs#trainStep(dev.ppo4j.model.ModelSpec,
 * LossConfig, Optimizer)}) applies to its clipped gradient. Both keep their state in the
 * {@link ParameterState}'s moment buffers, so checkpoints carry it unchanged.
 */
public enum Optimizer {
    /** Bias-corrected Adam (PPO): first and second moments, the step count's bias corrections. */
    ADAM {
        @Override
        AdamGraph.Update step(GraphBuilder g, Value params, Value m, Value v, Value gradient, Value gradientScale,
                              Function<StepInput, Value> inputs) {
            return AdamGraph.step(g, params, m, v, gradient, gradientScale, inputs);
        }
    },
    /** RMSprop as torch.optim.RMSprop without momentum, not centred (A2C): square averages in the second-moment buffers. */
    RMS_PROP {
        @Override
        AdamGraph.Update step(GraphBuilder g, Value params, Value m, Value v, Value gradient, Value gradientScale,
                              Function<StepInput, Value> inputs) {
            RmsPropGraph.Update update = RmsPropGraph.step(g, params, v, gradient, gradientScale, inputs);
            // RMSprop has no first moments: the buffer passes through (zero from the start).
            return new AdamGraph.Update(update.params(), m, update.squareAverages());
        }
    };

    /**
     * Emits one step of this rule.
     *
     * @param g the graph
     * @param params the parameters
     * @param m the first-moment buffer
     * @param v the second-moment buffer
     * @param gradient the gradient, shaped like {@code params}
     * @param gradientScale the norm clipping's scalar coefficient, or null
     * @param inputs the step inputs, declared as the step reads them
     * @return the new parameters and buffers
     */
    abstract AdamGraph.Update step(GraphBuilder g, Value params, Value m, Value v, Value gradient, Value gradientScale,
                                   Function<StepInput, Value> inputs);
}
