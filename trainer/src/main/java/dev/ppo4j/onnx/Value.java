package dev.ppo4j.onnx;

import java.util.Arrays;

/**
 * A named tensor in a graph under construction: a graph input, a constant, or a node output.
 *
 * <p>Every value knows its element type and its rank. Each dimension is either a static size
 * ({@code >= 0}) or a symbolic dimension (negative), such as {@link GraphBuilder#BATCH}; two
 * equal negative entries denote the same runtime size. Values are compared by identity.
 */
public final class Value {
    private final GraphBuilder owner;
    private final String name;
    private final ElementType type;
    private final long[] dims;

    Value(GraphBuilder owner, String name, ElementType type, long[] dims) {
        this.owner = owner;
        this.name = name;
        this.type = type;
        this.dims = dims.clone();
    }

    /**
     * Returns the tensor name in the ONNX graph.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the element type.
     *
     * @return the element type
     */
    public ElementType type() {
        return type;
    }

    /**
     * Returns a copy of the dimensions; negative entries are symbolic.
     *
     * @return the dimensions
     */
    public long[] dims() {
        return dims.clone();
    }

    /**
     * Returns one dimension; negative means symbolic.
     *
     * @param axis the axis, {@code 0 <= axis < rank()}
     * @return the dimension
     */
    public long dim(int axis) {
        return dims[axis];
    }

    /**
     * Returns the number of dimensions.
     *
     * @return the rank
     */
    public int rank() {
        return dims.length;
    }

    /**
     * Tells whether every dimension is static.
     *
     * @return true if no dimension is symbolic
     */
    public boolean isStatic() {
        for (long dim : dims) {
            if (dim < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the element count if the shape is static.
     *
     * @return the product of the dimensions
     * @throws IllegalStateException if a dimension is symbolic
     */
    public long staticSize() {
        if (!isStatic()) {
            throw new IllegalStateException("Value '" + name + "' has symbolic dimensions "
                    + Arrays.toString(dims) + "; its size is only known at run time.");
        }
        long size = 1;
        for (long dim : dims) {
            size *= dim;
        }
        return size;
    }

    GraphBuilder owner() {
        return owner;
    }

    @Override
    public String toString() {
        return name + ":" + type + Arrays.toString(dims);
    }
}
