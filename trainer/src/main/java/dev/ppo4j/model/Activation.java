package dev.ppo4j.model;

import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.Value;
import java.util.function.BiFunction;

/**
 * Hidden-layer nonlinearity of the actor and critic MLPs. Each constant emits its own graph op,
 * so a new activation is one constant here (plus a gradient rule in
 * {@link dev.ppo4j.onnx.Gradients} if its op has none yet); the config key {@code activation}
 * accepts every constant by its lower-case name.
 */
public enum Activation {
    /** Hyperbolic tangent, the MuJoCo default. */
    TANH(GraphBuilder::tanh),
    /** Rectified linear unit. */
    RELU(GraphBuilder::relu);

    private final BiFunction<GraphBuilder, Value, Value> op;

    Activation(BiFunction<GraphBuilder, Value, Value> op) {
        this.op = op;
    }

    /**
     * Emits the nonlinearity, element-wise over {@code x}.
     *
     * @param graph the graph under construction
     * @param x the pre-activation values
     * @return the activated values, the shape of {@code x}
     */
    public Value apply(GraphBuilder graph, Value x) {
        return op.apply(graph, x);
    }
}
