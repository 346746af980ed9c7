package dev.ppo4j.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Static shape inference for the {@link GraphBuilder}'s operators: the output dimensions of each
 * operator from its operands' dimensions, and the symbolic dimensions of one graph.
 *
 * <p>A dimension is a static size ({@code >= 0}) or a symbolic one (negative). Named symbols
 * ({@link GraphBuilder#BATCH} and those declared with {@link #symbolicDim(String)}) are written
 * into the model as {@code dim_param}s; anonymous ones, made where a size is known only at run
 * time (e.g. the result of broadcasting two unrelated symbols), are written without a name.
 * Two equal negative entries denote the same run-time size, which is what lets the
 * differentiator reduce broadcast gradients statically.
 */
final class ShapeInference {
    /**
     * The axes an axis-taking operator acts on, normalised to count from the front, and its
     * output dimensions.
     *
     * @param axes the normalised axes, in the order given
     * @param dims the output dimensions
     */
    record Axes(long[] axes, long[] dims) {
    }

    private static final String BATCH_NAME = "batch";

    private final Map<Long, String> symbolNames = new HashMap<>();
    private long nextSymbol = -2;

    ShapeInference() {
        symbolNames.put(GraphBuilder.BATCH, BATCH_NAME);
    }

    // ---------------------------------------------------------------- symbolic dimensions

    /** Returns the id of the named symbolic dimension, declaring it on first use. */
    long symbolicDim(String name) {
        for (Map.Entry<Long, String> entry : symbolNames.entrySet()) {
            if (entry.getValue().equals(name)) {
                return entry.getKey();
            }
        }
        long id = nextSymbol--;
        symbolNames.put(id, name);
        return id;
    }

    /** Tells whether a negative dimension is a named symbol of this graph. */
    boolean isNamed(long dim) {
        return symbolNames.containsKey(dim);
    }

    /** The {@code dim_param} of a symbolic dimension, or null for an anonymous one. */
    String symbolName(long dim) {
        return symbolNames.get(dim);
    }

    /** A new anonymous symbolic dimension: a size known only at run time. */
    long freshSymbol() {
        return nextSymbol--;
    }

    // ---------------------------------------------------------------- elementwise and reductions

    /** Numpy broadcasting of dims, with symbolic dims kept when they are known to win. */
    long[] broadcast(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            int ia = i - (rank - a.length);
            int ib = i - (rank - b.length);
            long da = ia < 0 ? 1 : a[ia];
            long db = ib < 0 ? 1 : b[ib];
            if (da == db || db == 1) {
                dims[i] = da;
            } else if (da == 1) {
                dims[i] = db;
            } else if (da >= 0 && db >= 0) {
                throw new IllegalArgumentException("Dimensions " + Arrays.toString(a) + " and "
                        + Arrays.toString(b) + " do not broadcast.");
            } else if (da >= 0 || db >= 0) {
                dims[i] = Math.max(da, db);
            } else {
                dims[i] = freshSymbol();
            }
        }
        return dims;
    }

    /**
     * A reduction over axes (none: all axes), reduced axes kept as size one or dropped. The
     * normalised axes come out ascending, each once.
     */
    Axes reduce(Value x, boolean keepDims, long... axes) {
        boolean[] reduced = new boolean[x.rank()];
        if (axes.length == 0) {
            Arrays.fill(reduced, true);
        }
        for (long axis : axes) {
            reduced[normalizeAxis(axis, x.rank())] = true;
        }
        long[] normalized = new long[countTrue(reduced)];
        long[] dims = new long[keepDims ? x.rank() : x.rank() - normalized.length];
        int k = 0;
        int d = 0;
        for (int i = 0; i < x.rank(); i++) {
            if (reduced[i]) {
                normalized[k++] = i;
                if (keepDims) {
                    dims[d++] = 1;
                }
            } else {
                dims[d++] = x.dim(i);
            }
        }
        return new Axes(normalized, dims);
    }

    // ---------------------------------------------------------------- linear algebra and indexing

    /** The {@code [rows, cols]} of a Gemm, checking that the inner dimensions agree. */
    long[] gemm(Value a, Value b, boolean transA, boolean transB) {
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException("Gemm needs rank-2 operands, got " + a + " and " + b
                    + ".");
        }
        long rows = transA ? a.dim(1) : a.dim(0);
        long innerA = transA ? a.dim(0) : a.dim(1);
        long innerB = transB ? b.dim(1) : b.dim(0);
        long cols = transB ? b.dim(0) : b.dim(1);
        if (innerA >= 0 && innerB >= 0 && innerA != innerB) {
            throw new IllegalArgumentException("Gemm inner dimensions of " + a + " and " + b
                    + " do not match.");
        }
        return new long[] {rows, cols};
    }

    /**
     * The dims of a MatMul of a vector and a matrix ({@code [k] × [k, n]} gives {@code [n]}) or of
     * a matrix and a vector ({@code [m, k] × [k]} gives {@code [m]}), checking the inner dimensions.
     */
    long[] vectorMatrixProduct(Value a, Value b) {
        boolean vectorFirst = a.rank() == 1 && b.rank() == 2;
        if (!vectorFirst && !(a.rank() == 2 && b.rank() == 1)) {
            throw new IllegalArgumentException("MatMul here multiplies a vector and a matrix, got " + a + " and "
                    + b + ".");
        }
        long innerA = a.dim(a.rank() - 1);
        long innerB = b.dim(0);
        if (innerA >= 0 && innerB >= 0 && innerA != innerB) {
            throw new IllegalArgumentException("MatMul inner dimensions of " + a + " and " + b + " do not match.");
        }
        return new long[] {vectorFirst ? b.dim(1) : a.dim(0)};
    }

    /** Checks that a Gemm bias broadcasts to the product's dims (when its own dims are static). */
    void requireGemmBias(Value c, long[] dims) {
        if (!Arrays.equals(broadcast(dims, c.dims()), dims) && c.isStatic()) {
            throw new IllegalArgumentException("Gemm bias " + c + " does not broadcast to "
                    + Arrays.toString(dims) + ".");
        }
    }

    /** GatherElements and ScatterElements: indices of the data's rank; returns the axis. */
    int elementIndices(Value data, Value indices, long axis, String op) {
        if (indices.rank() != data.rank()) {
            throw new IllegalArgumentException(op + " needs indices of the data's rank, got "
                    + data + " and " + indices + ".");
        }
        return normalizeAxis(axis, data.rank());
    }

    // ---------------------------------------------------------------- shapes

    /** Reshape to a constant target: 0 copies the input's dimension, -1 is inferred. */
    long[] reshape(Value x, long[] shape) {
        long[] dims = new long[shape.length];
        int inferred = -1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0) {
                if (i >= x.rank()) {
                    throw new IllegalArgumentException("Reshape of " + x + " copies axis " + i
                            + " that does not exist.");
                }
                dims[i] = x.dim(i);
            } else if (shape[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("Reshape allows one -1, got "
                            + Arrays.toString(shape) + ".");
                }
                inferred = i;
            } else if (shape[i] < -1) {
                throw new IllegalArgumentException("Reshape target " + Arrays.toString(shape)
                        + " has an invalid entry.");
            } else {
                dims[i] = shape[i];
            }
        }
        inferReshapedAxis(x, shape, dims, inferred);
        return dims;
    }

    /**
     * Fills in the -1 entry of a reshape (if any) by matching the static and symbolic factors of
     * the input's element count against the target's, and checks the count where both are static.
     */
    private void inferReshapedAxis(Value x, long[] shape, long[] dims, int inferred) {
        List<Long> inSymbols = new ArrayList<>();
        long inStatic = 1;
        for (long dim : x.dims()) {
            if (dim < 0) {
                inSymbols.add(dim);
            } else {
                inStatic *= dim;
            }
        }
        List<Long> outSymbols = new ArrayList<>();
        long outStatic = 1;
        for (int i = 0; i < dims.length; i++) {
            if (i == inferred) {
                continue;
            }
            if (dims[i] < 0) {
                if (!inSymbols.remove((Long) dims[i])) {
                    outSymbols.add(dims[i]);
                }
            } else {
                outStatic *= dims[i];
            }
        }
        boolean allStatic = inSymbols.isEmpty() && outSymbols.isEmpty();
        if (inferred < 0) {
            if (allStatic && inStatic != outStatic) {
                throw new IllegalArgumentException("Reshape of " + x + " to "
                        + Arrays.toString(shape) + " changes the element count.");
            }
        } else if (allStatic) {
            if (outStatic == 0 || inStatic % outStatic != 0) {
                throw new IllegalArgumentException("Reshape of " + x + " to "
                        + Arrays.toString(shape) + " does not divide evenly.");
            }
            dims[inferred] = inStatic / outStatic;
        } else if (inSymbols.size() == 1 && outSymbols.isEmpty() && inStatic == outStatic) {
            dims[inferred] = inSymbols.get(0);
        } else {
            dims[inferred] = freshSymbol();
        }
    }

    /** Unsqueeze: size-one axes inserted at positions of the output. */
    Axes unsqueeze(Value x, long[] axes) {
        int outRank = x.rank() + axes.length;
        boolean[] inserted = new boolean[outRank];
        long[] normalized = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int ax = normalizeAxis(axes[i], outRank);
            if (inserted[ax]) {
                throw new IllegalArgumentException("Unsqueeze axes repeat: "
                        + Arrays.toString(axes) + ".");
            }
            inserted[ax] = true;
            normalized[i] = ax;
        }
        long[] dims = new long[outRank];
        int k = 0;
        for (int i = 0; i < outRank; i++) {
            dims[i] = inserted[i] ? 1 : x.dim(k++);
        }
        return new Axes(normalized, dims);
    }

    /** Squeeze: the listed axes, each of size one (or symbolic), removed. */
    Axes squeeze(Value x, long[] axes) {
        if (axes.length == 0) {
            throw new IllegalArgumentException("Squeeze needs explicit axes so that the result's "
                    + "rank is known; list the size-one axes to remove.");
        }
        boolean[] removed = new boolean[x.rank()];
        long[] normalized = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int ax = normalizeAxis(axes[i], x.rank());
            if (x.dim(ax) > 1 || x.dim(ax) == 0) {
                throw new IllegalArgumentException("Squeeze axis " + ax + " of " + x
                        + " does not have size one.");
            }
            removed[ax] = true;
            normalized[i] = ax;
        }
        long[] dims = new long[x.rank() - countTrue(removed)];
        int k = 0;
        for (int i = 0; i < x.rank(); i++) {
            if (!removed[i]) {
                dims[k++] = x.dim(i);
            }
        }
        return new Axes(normalized, dims);
    }

    /** Concat along a normalised axis: parts of one rank, equal off that axis. */
    long[] concat(int axis, Value... parts) {
        Value first = parts[0];
        long[] dims = first.dims();
        long total = 0;
        for (Value part : parts) {
            if (part.rank() != first.rank()) {
                throw new IllegalArgumentException("Concat needs tensors of one rank, got " + first
                        + " and " + part + ".");
            }
            for (int i = 0; i < dims.length; i++) {
                if (i != axis) {
                    dims[i] = unify(dims[i], part.dim(i), "Concat of " + first + " and " + part);
                }
            }
            total = total < 0 || part.dim(axis) < 0 ? -1 : total + part.dim(axis);
        }
        dims[axis] = total < 0 ? freshSymbol() : total;
        return dims;
    }

    /** Slice with step one: {@code [starts[i], ends[i])} along {@code axes[i]}, clamped. */
    Axes slice(Value x, long[] starts, long[] ends, long[] axes) {
        if (starts.length != ends.length || starts.length != axes.length) {
            throw new IllegalArgumentException("Slice needs starts, ends and axes of one length.");
        }
        long[] dims = x.dims();
        long[] normalized = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int ax = normalizeAxis(axes[i], x.rank());
            normalized[i] = ax;
            long dim = x.dim(ax);
            if (dim < 0) {
                dims[ax] = freshSymbol();
            } else {
                long start = clampIndex(starts[i], dim);
                long end = clampIndex(ends[i], dim);
                dims[ax] = Math.max(0, end - start);
            }
        }
        return new Axes(normalized, dims);
    }

    /** Pad in ONNX layout: all leading pads, then all trailing pads, one per axis. */
    long[] pad(Value x, long[] pads) {
        if (pads.length != 2 * x.rank()) {
            throw new IllegalArgumentException("Pad of " + x + " needs " + 2 * x.rank()
                    + " pad amounts, got " + pads.length + ".");
        }
        long[] dims = x.dims();
        for (int i = 0; i < dims.length; i++) {
            long extra = pads[i] + pads[i + dims.length];
            if (extra != 0) {
                dims[i] = dims[i] < 0 ? freshSymbol() : dims[i] + extra;
            }
        }
        return dims;
    }

    // ---------------------------------------------------------------- helpers

    /** An axis counted from the front; negative axes count from the end. */
    static int normalizeAxis(long axis, int rank) {
        long ax = axis < 0 ? axis + rank : axis;
        if (ax < 0 || ax >= rank) {
            throw new IllegalArgumentException("Axis " + axis + " is out of range for rank " + rank
                    + ".");
        }
        return (int) ax;
    }

    private static long unify(long a, long b, String what) {
        if (a == b) {
            return a;
        }
        if (a >= 0 && b >= 0) {
            throw new IllegalArgumentException(what + ": dimensions " + a + " and " + b
                    + " differ.");
        }
        return a >= 0 ? a : b;
    }

    private static long clampIndex(long index, long dim) {
        long i = index < 0 ? index + dim : index;
        return Math.max(0, Math.min(dim, i));
    }

    private static int countTrue(boolean[] flags) {
        int count = 0;
        for (boolean flag : flags) {
            if (flag) {
                count++;
            }
        }
        return count;
    }
}
