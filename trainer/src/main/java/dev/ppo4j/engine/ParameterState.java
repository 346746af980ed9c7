package dev.ppo4j.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.ParameterTensor;
import dev.ppo4j.model.Parameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainable state: parameters, Adam moments and the Adam step count, held in two sets of
 * direct buffers. A train step reads one set and writes the other through pinned outputs, then
 * the sets swap roles; every reader ({@link PolicyRunner}) always sees the current set.
 *
 * <p>The moments cover every parameter. PPO's train step moves them all; TRPO and vpg-adaptive
 * fit the critic with Adam steps that write only the critic's slice (the actor's moments pass
 * through unchanged: zero under TRPO, whose policy step is not Adam's), and the step count counts
 * those critic steps. vpg-adaptive's one actor step per update uses the actor's slice and a count
 * of its own (the update number), see {@link TrainStep#step(Minibatch, HyperParameters, long)}.
 * A2C's RMSprop ({@link Optimizer#RMS_PROP}) keeps its square averages in the second moments,
 * leaves the first moments at zero and counts its steps in the step count.
 *
 * <p>Each parameter set is also readable tensor by tensor: views over the flat buffer, named after
 * the tensors, that a graph reads as its own inputs instead of slicing the flat vector (a copy of
 * every parameter on every run).
 */
public final class ParameterState implements AutoCloseable {
    private static final String WEIGHT = ".weight";

    private final ModelSpec spec;
    private final NativeTensor[] params = new NativeTensor[2];
    private final NativeTensor[] firstMoments = new NativeTensor[2];
    private final NativeTensor[] secondMoments = new NativeTensor[2];
    private final List<Map<String, OnnxTensor>> tensorViews = new ArrayList<>(2);
    private int current;
    private long stepCount;

    ParameterState(OrtEnvironment env, Parameters initial) throws OrtException {
        this.spec = initial.spec();
        long p = spec.parameterCount();
        try {
            for (int side = 0; side < 2; side++) {
                params[side] = NativeTensor.floats(env, p);
                firstMoments[side] = NativeTensor.floats(env, p);
                secondMoments[side] = NativeTensor.floats(env, p);
                tensorViews.add(views(env, params[side]));
            }
        } catch (OrtException | RuntimeException e) {
            close();
            throw e;
        }
        setParameters(initial.values());
    }

    /**
     * The model these parameters belong to.
     *
     * @return the model description
     */
    public ModelSpec spec() {
        return spec;
    }

    /**
     * A copy of the current parameters.
     *
     * @return the parameters as an immutable value
     */
    public Parameters parameters() {
        return Parameters.fromFlat(spec, copy(params[current]));
    }

    /**
     * Copies the current flat parameter vector.
     *
     * @return the values, length {@link ModelSpec#parameterCount()}
     */
    public float[] parameterValues() {
        return copy(params[current]);
    }

    /**
     * Replaces the parameters (e.g. from a checkpoint); moments and step count are unchanged.
     *
     * @param values the flat vector, length {@link ModelSpec#parameterCount()}
     */
    public void setParameters(float[] values) {
        write(params[current], values);
    }

    /**
     * Copies Adam's first moments.
     *
     * @return the flat first-moment vector
     */
    public float[] firstMoments() {
        return copy(firstMoments[current]);
    }

    /**
     * Replaces Adam's first moments.
     *
     * @param values the flat vector, length {@link ModelSpec#parameterCount()}
     */
    public void setFirstMoments(float[] values) {
        write(firstMoments[current], values);
    }

    /**
     * Copies Adam's second moments.
     *
     * @return the flat second-moment vector
     */
    public float[] secondMoments() {
        return copy(secondMoments[current]);
    }

    /**
     * Replaces Adam's second moments.
     *
     * @param values the flat vector, length {@link ModelSpec#parameterCount()}
     */
    public void setSecondMoments(float[] values) {
        write(secondMoments[current], values);
    }

    /**
     * Number of Adam steps taken so far (bias correction uses it).
     *
     * @return the step count
     */
    public long stepCount() {
        return stepCount;
    }

    /**
     * Sets the Adam step count (e.g. from a checkpoint).
     *
     * @param steps the number of steps already taken, at least 0
     */
    public void setStepCount(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("The Adam step count cannot be negative, got " + steps + ".");
        }
        stepCount = steps;
    }

    void readCurrentParameters(int offset, float[] dst, int count) {
        params[current].read(offset, dst, count);
    }

    OnnxTensor currentParams() {
        return params[current].tensor();
    }

    int currentSide() {
        return current;
    }

    OnnxTensor params(int side) {
        return params[side].tensor();
    }

    /**
     * The parameters of one set as one tensor per {@link ParameterTensor}, by tensor name, and
     * each layer's weight with its bias as a last row, by layer name (e.g. {@code actor.0}), each
     * a view of {@link #params(int)}'s memory.
     */
    Map<String, OnnxTensor> parameterTensors(int side) {
        return tensorViews.get(side);
    }

    private Map<String, OnnxTensor> views(OrtEnvironment env, NativeTensor flat) throws OrtException {
        Map<String, OnnxTensor> views = new LinkedHashMap<>();
        try {
            for (ParameterTensor t : spec.parameterTensors()) {
                views.put(t.name(), flat.view(env, t.offset(), t.dims()));
                if (t.isMatrix() && t.name().endsWith(WEIGHT)) {
                    // the layer's weight with its bias as a last row: the bias follows the weight
                    String layer = t.name().substring(0, t.name().length() - WEIGHT.length());
                    views.put(layer, flat.view(env, t.offset(), t.dims()[0] + 1, t.dims()[1]));
                }
            }
        } catch (OrtException | RuntimeException e) {
            views.values().forEach(OnnxTensor::close);
            throw e;
        }
        return Collections.unmodifiableMap(views);
    }

    OnnxTensor firstMoments(int side) {
        return firstMoments[side].tensor();
    }

    OnnxTensor secondMoments(int side) {
        return secondMoments[side].tensor();
    }

    /** Makes the set just written by a train step the current one. */
    void swapSides() {
        current = 1 - current;
    }

    /** Counts one Adam step of the optimiser whose count this state keeps. */
    void countStep() {
        stepCount++;
    }

    private float[] copy(NativeTensor t) {
        float[] out = new float[t.capacity()];
        t.read(0, out, out.length);
        return out;
    }

    private void write(NativeTensor t, float[] values) {
        if (values.length != t.capacity()) {
            throw new IllegalArgumentException("The model has " + t.capacity() + " parameters but the vector has "
                    + values.length + "; was it saved for a different model?");
        }
        t.write(values, values.length);
    }

    /** Releases the native tensors. */
    @Override
    public void close() {
        tensorViews.forEach(views -> views.values().forEach(OnnxTensor::close));
        for (NativeTensor[] set : new NativeTensor[][] {params, firstMoments, secondMoments}) {
            for (NativeTensor t : set) {
                if (t != null) {
                    t.close();
                }
            }
        }
    }
}
