package dev.ppo4j.model;

import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.Value;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Emits the actor-critic forward pass into a {@link GraphBuilder}: one graph code path shared
 * by the engine's graphs (parameters sliced out of one flat input) and the exported policy
 * (parameters as named initializers).
 */
public final class ActorCriticGraph {
    private final GraphBuilder graph;
    private final ModelSpec spec;
    private final Function<ParameterTensor, Value> source;
    private final boolean firstLayerBiasRow;
    private final Map<String, Value> resolved = new HashMap<>();

    private ActorCriticGraph(GraphBuilder graph, ModelSpec spec, Function<ParameterTensor, Value> source,
                             boolean firstLayerBiasRow) {
        this.graph = graph;
        this.spec = spec;
        this.source = source;
        this.firstLayerBiasRow = firstLayerBiasRow;
    }

    /**
     * Parameters read from one flat vector input {@code [P]}: each tensor is a Slice (and a
     * Reshape for matrices), emitted only when the forward pass needs it, so a critic-only graph
     * carries no actor slices.
     *
     * @param graph the graph under construction
     * @param spec the model
     * @param flatParams the flat parameter input, {@code [P]}
     * @return the forward-pass emitter
     */
    public static ActorCriticGraph overFlatParameters(GraphBuilder graph, ModelSpec spec, Value flatParams) {
        return new ActorCriticGraph(graph, spec, t -> {
            Value slice = graph.slice(flatParams, new long[] {t.offset()}, new long[] {t.offset() + t.size()},
                    new long[] {0});
            return t.isMatrix() ? graph.reshape(slice, t.dims()) : slice;
        }, false);
    }

    /**
     * Parameters as one graph input per tensor, named after the tensor (e.g.
     * {@code actor.0.weight}); the exporter turns them into initializers.
     *
     * @param graph the graph under construction
     * @param spec the model
     * @return the forward-pass emitter
     */
    public static ActorCriticGraph overNamedInputs(GraphBuilder graph, ModelSpec spec) {
        return new ActorCriticGraph(graph, spec, t -> graph.input(t.name(), t.dims()), false);
    }

    /**
     * Parameters as one graph input per tensor, as {@link #overNamedInputs}, except each network's
     * first layer: it reads its weight and bias as one input named after the layer (e.g.
     * {@code actor.0}, {@code [observationDim + 1, width]}: the weight's rows and then the bias as
     * a last row, the order of the flat vector), and the observations it is given carry a
     * trailing column of ones ({@code [batch, observationDim + 1]}). The bias then needs no input
     * of its own, and one Gemm gives the gradients of both.
     *
     * @param graph the graph under construction
     * @param spec the model
     * @return the forward-pass emitter
     */
    public static ActorCriticGraph overNamedInputsWithBiasRows(GraphBuilder graph, ModelSpec spec) {
        return new ActorCriticGraph(graph, spec, t -> graph.input(t.name(), t.dims()), true);
    }

    /**
     * Whether the first layers expect observations with a trailing column of ones
     * ({@link #overNamedInputsWithBiasRows}).
     *
     * @return true when they do
     */
    public boolean readsObservationsWithOnes() {
        return firstLayerBiasRow;
    }

    /**
     * The actor's output: Gaussian means or categorical logits, {@code [batch, actionWidth]}.
     *
     * @param normalisedObs {@code [batch, observationDim]}
     * @return the actor output
     */
    public Value actor(Value normalisedObs) {
        return mlp("actor", normalisedObs);
    }

    /**
     * The critic's state values, {@code [batch]}.
     *
     * @param normalisedObs {@code [batch, observationDim]}
     * @return the values
     */
    public Value critic(Value normalisedObs) {
        return graph.squeeze(mlp("critic", normalisedObs), 1);
    }

    /**
     * The Gaussian head's log-std parameter, {@code [actionDim]}.
     *
     * @return the log-std value
     * @throws IllegalStateException for a categorical head
     */
    public Value logStd() {
        if (!spec.isGaussian()) {
            throw new IllegalStateException("A categorical head has no log_std.");
        }
        return parameter(PolicyNames.LOG_STD);
    }

    /**
     * The parameter tensors the emitted passes have read so far, in flat-vector order, each as
     * the graph value the forward pass used (a slice of the flat input, or a named input; a
     * first layer's weight and bias share their combined input under
     * {@link #overNamedInputsWithBiasRows}). The train step differentiates with respect to these
     * and concatenates the gradients, which avoids padding every slice's gradient back to the
     * full vector.
     *
     * @return tensor and value pairs, in {@link ModelSpec#parameterTensors()} order
     */
    public Map<ParameterTensor, Value> parametersUsed() {
        Map<ParameterTensor, Value> out = new LinkedHashMap<>();
        for (ParameterTensor t : spec.parameterTensors()) {
            Value v = resolved.get(t.name());
            if (v != null) {
                out.put(t, v);
            }
        }
        return out;
    }

    private Value mlp(String prefix, Value x) {
        Value h = x;
        for (int i = 0; i < spec.hiddenSizes().size(); i++) {
            h = spec.activation().apply(graph, layer(prefix + "." + i, h, i == 0));
        }
        return layer(prefix + ".out", h, spec.hiddenSizes().isEmpty());
    }

    private Value layer(String name, Value x, boolean first) {
        if (first && firstLayerBiasRow) {
            return graph.gemm(x, weightWithBiasRow(name), null, false, false);
        }
        return graph.gemm(x, parameter(name + ".weight"), parameter(name + ".bias"), false, false);
    }

    /** The layer's weight and bias as one input, {@code [in + 1, out]}, registered for both tensors. */
    private Value weightWithBiasRow(String name) {
        long[] dims = tensor(name + ".weight").dims();
        Value combined = resolved.computeIfAbsent(name + ".weight", n -> graph.input(name, dims[0] + 1, dims[1]));
        resolved.put(name + ".bias", combined);
        return combined;
    }

    private ParameterTensor tensor(String name) {
        return spec.parameterTensors().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private Value parameter(String name) {
        return resolved.computeIfAbsent(name, n -> source.apply(tensor(n)));
    }
}
