package dev.ppo4j.model;

import java.util.List;

/**
 * One named parameter tensor inside the model's flat parameter vector.
 *
 * <p>Weights have shape {@code [in, out]} (a layer computes {@code x · W + b}); biases and the
 * Gaussian log-std have shape {@code [out]}.
 *
 * @param name stable name, e.g. {@code actor.0.weight}, {@code log_std}, {@code critic.out.bias}
 * @param shape dimensions (one or two)
 * @param offset index of the first element in the flat parameter vector
 * @param initGain orthogonal-initialisation gain for weights; 0 for tensors initialised to zero
 */
public record ParameterTensor(String name, List<Integer> shape, int offset, double initGain) {
    /** Copies the shape so the record stays immutable. */
    public ParameterTensor {
        shape = List.copyOf(shape);
    }

    /**
     * Number of elements.
     *
     * @return the product of the dimensions
     */
    public int size() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * Whether this is a weight matrix (initialised orthogonally) rather than a vector.
     *
     * @return true for two-dimensional tensors
     */
    public boolean isMatrix() {
        return shape.size() == 2;
    }

    /**
     * The shape as a {@code long[]}, as ONNX wants it.
     *
     * @return a fresh array of the dimensions
     */
    public long[] dims() {
        return shape.stream().mapToLong(Integer::longValue).toArray();
    }
}
