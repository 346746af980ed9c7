package dev.ppo4j.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

/**
 * A flat parameter vector of its own, for forward passes with parameters other than the
 * {@link ParameterState}'s current ones: a candidate of the cross-entropy method, run on the envs
 * assigned to it ({@link PolicyRunner#forward(CandidateParameters, float[], int, float[], float[])}).
 * Opened by {@link Engine#openCandidateParameters()} and closed with the engine.
 */
public final class CandidateParameters implements AutoCloseable {
    private final NativeTensor values;

    CandidateParameters(OrtEnvironment env, ParameterState state) throws OrtException {
        float[] current = state.parameterValues();
        values = NativeTensor.floats(env, current.length);
        values.write(current, current.length);
    }

    /**
     * Overwrites the leading {@code leading.length} values of the vector, the rest unchanged (the
     * actor's parameters come first in the layout of {@code ModelSpec.parameterTensors()}).
     *
     * @param leading the new values
     * @throws IllegalArgumentException if there are more values than the vector holds
     */
    public void setLeading(float[] leading) {
        if (leading.length > values.capacity()) {
            throw new IllegalArgumentException("The model has " + values.capacity() + " parameters; cannot set "
                    + leading.length + ".");
        }
        values.write(leading, leading.length);
    }

    OnnxTensor tensor() {
        return values.tensor();
    }

    /** Releases the native tensor. */
    @Override
    public void close() {
        values.close();
    }
}
