package dev.ppo4j.onnx;

import java.util.Arrays;

/**
 * A small tensor held in Java memory, for feeding and reading {@link ModelRunner} in tests and
 * tools. Elements are stored as doubles whatever the element type (exact for FLOAT, INT64 values
 * below 2^53 and BOOL). Not for hot paths: those use preallocated direct buffers.
 *
 * @param type the element type
 * @param dims the static dimensions
 * @param values the elements in row-major order
 */
public record HostTensor(ElementType type, long[] dims, double[] values) {

    /**
     * Checks that the element count matches the dimensions.
     *
     * @param type the element type
     * @param dims the static dimensions
     * @param values the elements in row-major order
     */
    public HostTensor {
        long count = 1;
        for (long dim : dims) {
            if (dim < 0) {
                throw new IllegalArgumentException("Host tensor dimensions must be static, got "
                        + Arrays.toString(dims) + ".");
            }
            count *= dim;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("Dimensions " + Arrays.toString(dims) + " need "
                    + count + " values, got " + values.length + ".");
        }
        dims = dims.clone();
        values = values.clone();
    }

    /**
     * Makes a tensor of a floating-point type.
     *
     * @param type FLOAT or DOUBLE
     * @param values the elements
     * @param dims the dimensions (none for a scalar)
     * @return the tensor
     */
    public static HostTensor of(ElementType type, double[] values, long... dims) {
        return new HostTensor(type, dims, values);
    }

    /**
     * Makes an INT64 tensor.
     *
     * @param values the elements
     * @param dims the dimensions (none for a scalar)
     * @return the tensor
     */
    public static HostTensor int64(long[] values, long... dims) {
        return new HostTensor(ElementType.INT64, dims, Arrays.stream(values).asDoubleStream().toArray());
    }

    /**
     * Returns a copy of the dimensions.
     *
     * @return the dimensions
     */
    @Override
    public long[] dims() {
        return dims.clone();
    }

    /**
     * Returns a copy of the elements.
     *
     * @return the elements in row-major order
     */
    @Override
    public double[] values() {
        return values.clone();
    }

    /**
     * Returns one element.
     *
     * @param index the row-major index
     * @return the element
     */
    public double get(int index) {
        return values[index];
    }

    /**
     * Returns the single element of a one-element tensor.
     *
     * @return the element
     * @throws IllegalStateException if the tensor has another size
     */
    public double scalar() {
        if (values.length != 1) {
            throw new IllegalStateException("Tensor of dimensions " + Arrays.toString(dims)
                    + " is not a scalar.");
        }
        return values[0];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostTensor that && type == that.type
                && Arrays.equals(dims, that.dims) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Arrays.hashCode(dims)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return type + Arrays.toString(dims) + Arrays.toString(values);
    }
}
