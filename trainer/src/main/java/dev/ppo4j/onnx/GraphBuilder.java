package dev.ppo4j.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds an ONNX {@link ModelProto} from Java, one operator call at a time, with static shape
 * tracking so that the {@link Gradients differentiator} can reduce broadcast gradients without
 * run-time shape arithmetic wherever the shapes allow it.
 *
 * <p>Every operator method checks its arguments, records the node and returns its output
 * {@link Value}; {@code ShapeInference} works out the output's dimensions and
 * {@code ModelWriter} the protobuf. Graph inputs may have any rank and element type; dimensions
 * are static sizes or symbolic dimensions ({@link #BATCH}, or ones made with
 * {@link #symbolicDim(String)}). Constants become graph initializers. The floating-point type
 * given to the constructor is the type of the constants made by {@link #scalar(double)} and
 * {@link #constant(double[], long...)} and of inputs declared without a type, so one piece of
 * graph code can be built in float32 for production and in float64 for finite-difference checks.
 *
 * <p>The operators are the ones ppo4j's graphs use, plus the ones the differentiator's backward
 * passes emit (each says so), so that every graph built here can be differentiated again. The
 * model is written with IR version 8 and opset 18 of the default domain. A builder is not
 * thread-safe.
 */
public final class GraphBuilder {
    /** The symbolic batch dimension, written as {@code dim_param "batch"}. */
    public static final long BATCH = -1;

    private final String graphName;
    private final ElementType floatType;
    private final ShapeInference shapes = new ShapeInference();
    private final ModelWriter writer = new ModelWriter();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Value> inputs = new ArrayList<>();
    private final Map<String, Value> outputs = new LinkedHashMap<>();
    private final Map<Value, double[]> constantValues = new HashMap<>();
    private final Map<String, Value> scalarCache = new HashMap<>();
    private final Map<Value, Value> shapeCache = new HashMap<>();
    private final Map<List<Long>, Value> sizeCache = new HashMap<>();
    private final Map<String, Value> onesCache = new HashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private int nameCounter;

    /**
     * Creates a builder whose untyped inputs and constants are float32.
     *
     * @param graphName the name written into the graph
     */
    public GraphBuilder(String graphName) {
        this(graphName, ElementType.FLOAT);
    }

    /**
     * Creates a builder with a chosen floating-point type.
     *
     * @param graphName the name written into the graph
     * @param floatType FLOAT or DOUBLE: the type of untyped inputs and of constants
     * @throws IllegalArgumentException if floatType is not a floating-point type
     */
    public GraphBuilder(String graphName, ElementType floatType) {
        if (!floatType.isFloatingPoint()) {
            throw new IllegalArgumentException("The graph's float type must be FLOAT or DOUBLE, not "
                    + floatType + ".");
        }
        this.graphName = graphName;
        this.floatType = floatType;
    }

    /**
     * Returns the floating-point type of untyped inputs and constants.
     *
     * @return FLOAT or DOUBLE
     */
    public ElementType floatType() {
        return floatType;
    }

    /**
     * Declares a named symbolic dimension other than {@link #BATCH}.
     *
     * @param name the {@code dim_param} written for inputs and outputs that use it
     * @return the (negative) dimension id to use in dims arrays
     */
    public long symbolicDim(String name) {
        return shapes.symbolicDim(name);
    }

    /**
     * Adds a {@code metadata_props} entry to the model, e.g. provenance.
     *
     * @param key the key
     * @param value the value
     */
    public void metadata(String key, String value) {
        writer.metadata(key, value);
    }

    // ---------------------------------------------------------------- inputs, outputs, constants

    /**
     * Declares a graph input of the graph's float type.
     *
     * @param name the input name
     * @param dims the dimensions; negative entries are symbolic (e.g. {@link #BATCH})
     * @return the input value
     */
    public Value input(String name, long... dims) {
        return input(name, floatType, dims);
    }

    /**
     * Declares a graph input.
     *
     * @param name the input name
     * @param type the element type
     * @param dims the dimensions; negative entries are symbolic (e.g. {@link #BATCH})
     * @return the input value
     * @throws IllegalArgumentException if the name is taken or a symbolic dimension is unknown
     */
    public Value input(String name, ElementType type, long... dims) {
        for (long dim : dims) {
            if (dim < 0 && !shapes.isNamed(dim)) {
                throw new IllegalArgumentException("Input '" + name + "' uses symbolic dimension "
                        + dim + " that this builder never declared; use GraphBuilder.BATCH or "
                        + "symbolicDim(name).");
            }
        }
        Value value = new Value(this, claimName(name), type, dims);
        inputs.add(value);
        return value;
    }

    /**
     * Marks a value as a graph output under the given name (adding an Identity node when the value
     * carries another name).
     *
     * @param name the output name
     * @param value the value to expose
     * @return the output value (the given value itself when its name already matches)
     * @throws IllegalArgumentException if an output of that name exists
     */
    public Value output(String name, Value value) {
        check(value);
        if (outputs.containsKey(name)) {
            throw new IllegalArgumentException("The graph already has an output named '" + name
                    + "'; choose another name.");
        }
        Value exposed = value.name().equals(name) ? value
                : addNode(OnnxOp.IDENTITY, List.of(value), Map.of(), value.type(), value.dims(),
                        name);
        outputs.put(name, exposed);
        return exposed;
    }

    /**
     * Makes a scalar constant of the graph's float type.
     *
     * @param value the value
     * @return the constant
     */
    public Value scalar(double value) {
        return scalar(floatType, value);
    }

    /**
     * Makes a scalar constant of a given type. Equal scalars share one initializer.
     *
     * @param type the element type
     * @param value the value (rounded for FLOAT, truncated for INT64, non-zero is true for BOOL)
     * @return the constant
     */
    public Value scalar(ElementType type, double value) {
        String key = type + ":" + Double.doubleToLongBits(value);
        Value cached = scalarCache.get(key);
        if (cached == null) {
            cached = constant(type, new double[] {value});
            scalarCache.put(key, cached);
        }
        return cached;
    }

    /**
     * Makes a constant tensor of the graph's float type.
     *
     * @param values the elements in row-major order
     * @param dims the static dimensions (none for a scalar)
     * @return the constant
     */
    public Value constant(double[] values, long... dims) {
        return constant(floatType, values, dims);
    }

    /**
     * Makes an int64 constant tensor, e.g. for shapes, axes and indices.
     *
     * @param values the elements in row-major order
     * @param dims the static dimensions (none for a scalar)
     * @return the constant
     */
    public Value constantInt64(long[] values, long... dims) {
        double[] asDouble = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            asDouble[i] = values[i];
        }
        return constant(ElementType.INT64, asDouble, dims);
    }

    /**
     * Makes a constant tensor of any supported type.
     *
     * @param type the element type
     * @param values the elements in row-major order
     * @param dims the static dimensions (none for a scalar)
     * @return the constant
     * @throws IllegalArgumentException if the element count does not match the dimensions
     */
    public Value constant(ElementType type, double[] values, long... dims) {
        long count = 1;
        for (long dim : dims) {
            if (dim < 0) {
                throw new IllegalArgumentException("Constant dimensions must be static, got "
                        + Arrays.toString(dims) + ".");
            }
            count *= dim;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("A constant of dimensions " + Arrays.toString(dims)
                    + " needs " + count + " values, got " + values.length + ".");
        }
        Value value = new Value(this, freshName("const"), type, dims);
        writer.initializer(value.name(), type, dims, values);
        constantValues.put(value, values.clone());
        return value;
    }

    // ---------------------------------------------------------------- elementwise

    /**
     * Adds two tensors with broadcasting.
     *
     * @param a the left operand
     * @param b the right operand
     * @return a + b
     */
    public Value add(Value a, Value b) {
        return broadcastBinary(OnnxOp.ADD, a, b, a.type());
    }

    /**
     * Subtracts with broadcasting.
     *
     * @param a the left operand
     * @param b the right operand
     * @return a - b
     */
    public Value sub(Value a, Value b) {
        return broadcastBinary(OnnxOp.SUB, a, b, a.type());
    }

    /**
     * Multiplies with broadcasting.
     *
     * @param a the left operand
     * @param b the right operand
     * @return a * b
     */
    public Value mul(Value a, Value b) {
        return broadcastBinary(OnnxOp.MUL, a, b, a.type());
    }

    /**
     * Divides with broadcasting.
     *
     * @param a the dividend
     * @param b the divisor
     * @return a / b
     */
    public Value div(Value a, Value b) {
        return broadcastBinary(OnnxOp.DIV, a, b, a.type());
    }

    /**
     * Elementwise minimum of two tensors with broadcasting.
     *
     * @param a the first operand
     * @param b the second operand
     * @return min(a, b)
     */
    public Value min(Value a, Value b) {
        return broadcastBinary(OnnxOp.MIN, a, b, a.type());
    }

    /**
     * Elementwise maximum of two tensors with broadcasting.
     *
     * @param a the first operand
     * @param b the second operand
     * @return max(a, b)
     */
    public Value max(Value a, Value b) {
        return broadcastBinary(OnnxOp.MAX, a, b, a.type());
    }

    /**
     * Elementwise equality. Emitted where a broadcast gradient is summed over axes known only at
     * run time.
     *
     * @param a the left operand
     * @param b the right operand
     * @return a boolean tensor
     */
    public Value equal(Value a, Value b) {
        return broadcastBinary(OnnxOp.EQUAL, a, b, ElementType.BOOL);
    }

    /**
     * Elementwise {@code a < b}.
     *
     * @param a the left operand
     * @param b the right operand
     * @return a boolean tensor
     */
    public Value less(Value a, Value b) {
        return broadcastBinary(OnnxOp.LESS, a, b, ElementType.BOOL);
    }

    /**
     * Elementwise {@code a <= b}. Emitted by the gradients of Min and Clip.
     *
     * @param a the left operand
     * @param b the right operand
     * @return a boolean tensor
     */
    public Value lessOrEqual(Value a, Value b) {
        return broadcastBinary(OnnxOp.LESS_OR_EQUAL, a, b, ElementType.BOOL);
    }

    /**
     * Elementwise {@code a > b}.
     *
     * @param a the left operand
     * @param b the right operand
     * @return a boolean tensor
     */
    public Value greater(Value a, Value b) {
        return broadcastBinary(OnnxOp.GREATER, a, b, ElementType.BOOL);
    }

    /**
     * Elementwise {@code a >= b}. Emitted by the gradients of Max and Clip.
     *
     * @param a the left operand
     * @param b the right operand
     * @return a boolean tensor
     */
    public Value greaterOrEqual(Value a, Value b) {
        return broadcastBinary(OnnxOp.GREATER_OR_EQUAL, a, b, ElementType.BOOL);
    }

    /**
     * Elementwise logical and of boolean tensors. Emitted by the gradient of Clip.
     *
     * @param a the left operand
     * @param b the right operand
     * @return a and b
     */
    public Value and(Value a, Value b) {
        return broadcastBinary(OnnxOp.AND, a, b, ElementType.BOOL);
    }

    /**
     * Elementwise negation.
     *
     * @param x the operand
     * @return -x
     */
    public Value neg(Value x) {
        return unary(OnnxOp.NEG, x);
    }

    /**
     * Elementwise absolute value (gradient: the sign, 0 at 0).
     *
     * @param x the operand
     * @return |x|
     */
    public Value abs(Value x) {
        return unary(OnnxOp.ABS, x);
    }

    /**
     * Elementwise sign: -1, 0 or 1, with a zero gradient. Emitted by the gradient of Abs; its own
     * (zero) gradient rule lets that backward pass be differentiated again.
     *
     * @param x the operand
     * @return sign(x)
     */
    public Value sign(Value x) {
        return unary(OnnxOp.SIGN, x);
    }

    /**
     * Elementwise hyperbolic tangent.
     *
     * @param x the operand
     * @return tanh(x)
     */
    public Value tanh(Value x) {
        return unary(OnnxOp.TANH, x);
    }

    /**
     * Elementwise rectifier (gradient 0 at 0).
     *
     * @param x the operand
     * @return max(x, 0)
     */
    public Value relu(Value x) {
        return unary(OnnxOp.RELU, x);
    }

    /**
     * Elementwise exponential.
     *
     * @param x the operand
     * @return exp(x)
     */
    public Value exp(Value x) {
        return unary(OnnxOp.EXP, x);
    }

    /**
     * Elementwise square root.
     *
     * @param x the operand
     * @return sqrt(x)
     */
    public Value sqrt(Value x) {
        return unary(OnnxOp.SQRT, x);
    }

    /**
     * Clamps to scalar bounds; either bound may be null for none.
     *
     * @param x the operand
     * @param lower the scalar lower bound, or null
     * @param upper the scalar upper bound, or null
     * @return clip(x, lower, upper)
     */
    public Value clip(Value x, Value lower, Value upper) {
        check(x);
        for (Value bound : new Value[] {lower, upper}) {
            if (bound != null) {
                check(bound);
                requireSameType(x, bound, "Clip");
                if (bound.rank() != 0) {
                    throw new IllegalArgumentException("Clip bounds must be scalars, got "
                            + bound + "; reduce or reshape the bound to rank 0.");
                }
            }
        }
        List<Value> operands = upper == null ? Arrays.asList(x, lower) : Arrays.asList(x, lower, upper);
        return addNode(OnnxOp.CLIP, operands, Map.of(), x.type(), x.dims(), null);
    }

    /**
     * Clamps to constant bounds.
     *
     * @param x the operand
     * @param lower the lower bound
     * @param upper the upper bound
     * @return clip(x, lower, upper)
     */
    public Value clip(Value x, double lower, double upper) {
        return clip(x, scalar(x.type(), lower), scalar(x.type(), upper));
    }

    /**
     * Selects elementwise with broadcasting.
     *
     * @param condition a boolean tensor
     * @param whenTrue the values where the condition holds
     * @param whenFalse the values elsewhere
     * @return the selection
     */
    public Value where(Value condition, Value whenTrue, Value whenFalse) {
        check(condition);
        check(whenTrue);
        check(whenFalse);
        if (condition.type() != ElementType.BOOL) {
            throw new IllegalArgumentException("Where needs a BOOL condition, got " + condition + ".");
        }
        requireSameType(whenTrue, whenFalse, "Where");
        long[] dims = shapes.broadcast(shapes.broadcast(condition.dims(), whenTrue.dims()), whenFalse.dims());
        return addNode(OnnxOp.WHERE, List.of(condition, whenTrue, whenFalse), Map.of(),
                whenTrue.type(), dims, null);
    }

    /**
     * Converts the element type.
     *
     * @param x the operand
     * @param type the target type
     * @return x converted
     */
    public Value cast(Value x, ElementType type) {
        check(x);
        return addNode(OnnxOp.CAST, List.of(x), Map.of("to", type.onnxCode()), type, x.dims(), null);
    }

    // ---------------------------------------------------------------- reductions

    /**
     * Sums over axes.
     *
     * @param x the operand
     * @param keepDims whether reduced axes stay as size one
     * @param axes the axes (negative counts from the end); none means all axes
     * @return the sum
     */
    public Value reduceSum(Value x, boolean keepDims, long... axes) {
        return reduce(OnnxOp.REDUCE_SUM, x, keepDims, axes);
    }

    /**
     * Averages over axes.
     *
     * @param x the operand
     * @param keepDims whether reduced axes stay as size one
     * @param axes the axes (negative counts from the end); none means all axes
     * @return the mean
     */
    public Value reduceMean(Value x, boolean keepDims, long... axes) {
        return reduce(OnnxOp.REDUCE_MEAN, x, keepDims, axes);
    }

    /**
     * Sums squares over axes.
     *
     * @param x the operand
     * @param keepDims whether reduced axes stay as size one
     * @param axes the axes (negative counts from the end); none means all axes
     * @return the sum of squares
     */
    public Value reduceSumSquare(Value x, boolean keepDims, long... axes) {
        return reduce(OnnxOp.REDUCE_SUM_SQUARE, x, keepDims, axes);
    }

    /**
     * Log-softmax along an axis.
     *
     * @param x the operand
     * @param axis the axis (negative counts from the end)
     * @return x - logsumexp(x, axis)
     */
    public Value logSoftmax(Value x, long axis) {
        check(x);
        int ax = ShapeInference.normalizeAxis(axis, x.rank());
        return addNode(OnnxOp.LOG_SOFTMAX, List.of(x), Map.of("axis", ax), x.type(), x.dims(), null);
    }

    /**
     * The index of the largest element along an axis; ties go to the first index, as numpy's
     * argmax. No gradient flows through it (its output is INT64).
     *
     * @param x the operand
     * @param axis the axis (negative counts from the end)
     * @param keepDims whether the axis stays as size one
     * @return INT64 indices
     */
    public Value argMax(Value x, long axis, boolean keepDims) {
        check(x);
        ShapeInference.Axes reduced = shapes.reduce(x, keepDims, axis);
        return addNode(OnnxOp.ARG_MAX, List.of(x), Map.of("axis", (int) reduced.axes()[0],
                "keepdims", keepDims ? 1 : 0), ElementType.INT64, reduced.dims(), null);
    }

    // ---------------------------------------------------------------- linear algebra

    /**
     * Matrix product of rank-2 tensors plus a broadcast bias: {@code A' B' + C}.
     *
     * @param a the left matrix
     * @param b the right matrix
     * @param c the bias broadcastable to the result, or null
     * @param transA whether to transpose a
     * @param transB whether to transpose b
     * @return the product
     */
    public Value gemm(Value a, Value b, Value c, boolean transA, boolean transB) {
        return gemm(a, b, c, 1.0, 1.0, transA, transB);
    }

    /**
     * General matrix multiply {@code alpha A' B' + beta C} of rank-2 tensors. Product graphs use
     * {@link #gemm(Value, Value, Value, boolean, boolean)}; the scales are emitted by the gradient
     * of Gemm.
     *
     * @param a the left matrix
     * @param b the right matrix
     * @param c the bias broadcastable to the result, or null
     * @param alpha the product's scale
     * @param beta the bias's scale
     * @param transA whether to transpose a
     * @param transB whether to transpose b
     * @return the result
     */
    public Value gemm(Value a, Value b, Value c, double alpha, double beta, boolean transA,
            boolean transB) {
        check(a);
        check(b);
        requireSameType(a, b, "Gemm");
        long[] dims = shapes.gemm(a, b, transA, transB);
        List<Value> operands = new ArrayList<>(List.of(a, b));
        if (c != null) {
            check(c);
            requireSameType(a, c, "Gemm");
            shapes.requireGemmBias(c, dims);
            operands.add(c);
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("alpha", (float) alpha);
        attributes.put("beta", (float) beta);
        attributes.put("transA", transA ? 1 : 0);
        attributes.put("transB", transB ? 1 : 0);
        return addNode(OnnxOp.GEMM, operands, attributes, a.type(), dims, null);
    }

    /**
     * The product of a vector and a matrix, {@code [k] × [k, n] → [n]}, or of a matrix and a
     * vector, {@code [m, k] × [k] → [m]}. Emitted by {@link #sumRows} and by its own gradient.
     *
     * @param a the left operand, rank 1 or 2
     * @param b the right operand, rank 2 or 1
     * @return the product
     */
    public Value matMul(Value a, Value b) {
        check(a);
        check(b);
        requireSameType(a, b, "MatMul");
        return addNode(OnnxOp.MAT_MUL, List.of(a, b), Map.of(), a.type(), shapes.vectorMatrixProduct(a, b), null);
    }

    /**
     * The column sums of a matrix, {@code [m, n] → [n]}, as the product of a vector of ones and
     * the matrix: ONNX Runtime's MatMul takes less time than its ReduceSum over the first axis.
     * Emitted by the gradient of Gemm's bias.
     *
     * @param x the matrix
     * @return Σ_i x[i, j]
     */
    public Value sumRows(Value x) {
        return matMul(onesAlong(x, 0), x);
    }

    /**
     * A vector of ones as long as one axis of a value, of that value's type: a constant when the
     * axis is static, else expanded from the value's shape at run time. Emitted by {@link #sumRows}.
     *
     * @param like the value
     * @param axis the axis whose length to take
     * @return ones, {@code [like.dim(axis)]}
     */
    public Value onesAlong(Value like, int axis) {
        check(like);
        long length = like.dim(axis);
        if (length >= 0) {
            double[] ones = new double[(int) length];
            Arrays.fill(ones, 1.0);
            return constant(like.type(), ones, length);
        }
        // equal symbolic dims are equal at run time, so one vector per dim and type suffices
        return onesCache.computeIfAbsent(like.type() + ":" + length, k -> {
            Value extent = addNode(OnnxOp.SHAPE, List.of(like), Map.of("start", axis, "end", axis + 1),
                    ElementType.INT64, new long[] {1}, null);
            return addNode(OnnxOp.EXPAND, List.of(scalar(like.type(), 1.0), extent), Map.of(), like.type(),
                    new long[] {length}, null);
        });
    }

    // ---------------------------------------------------------------- indexing

    /**
     * Takes single elements along an axis: {@code out[i][j] = data[indices[i][j]][j]} for axis 0.
     *
     * @param data the tensor to index
     * @param indices INT64 indices of data's rank
     * @param axis the axis (negative counts from the end)
     * @return the gathered elements, shaped like indices
     */
    public Value gatherElements(Value data, Value indices, long axis) {
        check(data);
        requireIndices(indices, "GatherElements");
        int ax = shapes.elementIndices(data, indices, axis, "GatherElements");
        return addNode(OnnxOp.GATHER_ELEMENTS, List.of(data, indices), Map.of("axis", ax),
                data.type(), indices.dims(), null);
    }

    /**
     * Scatters updates into a copy of data at element indices, adding where indices repeat.
     * Emitted by the gradient of GatherElements.
     *
     * @param data the tensor to write into
     * @param indices INT64 indices of data's rank, shaped like updates
     * @param updates the values to add
     * @param axis the axis (negative counts from the end)
     * @return the updated copy of data
     */
    public Value scatterElementsAdd(Value data, Value indices, Value updates, long axis) {
        check(data);
        check(updates);
        requireIndices(indices, "ScatterElements");
        requireSameType(data, updates, "ScatterElements");
        int ax = shapes.elementIndices(data, indices, axis, "ScatterElements");
        return addNode(OnnxOp.SCATTER_ELEMENTS, List.of(data, indices, updates),
                Map.of("axis", ax, "reduction", "add"), data.type(), data.dims(), null);
    }

    // ---------------------------------------------------------------- shapes

    /**
     * Reshapes to constant dimensions; 0 copies the input's dimension, -1 is inferred.
     *
     * @param x the operand
     * @param shape the target shape
     * @return x reshaped
     */
    public Value reshape(Value x, long... shape) {
        check(x);
        long[] dims = shapes.reshape(x, shape);
        return addNode(OnnxOp.RESHAPE, List.of(x, constantInt64(shape, shape.length)), Map.of(),
                x.type(), dims, null);
    }

    /**
     * Reshapes to another value's shape (read at run time when it has symbolic dimensions).
     * Emitted by the gradient of Reshape.
     *
     * @param x the operand
     * @param like the value whose shape to take
     * @return x reshaped
     */
    public Value reshapeAs(Value x, Value like) {
        check(x);
        check(like);
        Value shape = like.isStatic() ? constantInt64(like.dims(), like.rank()) : shape(like);
        return addNode(OnnxOp.RESHAPE, List.of(x, shape), Map.of(), x.type(), like.dims(), null);
    }

    /**
     * Broadcasts to another value's shape (read at run time when it has symbolic dimensions).
     * Emitted by the gradients of the reductions and of GatherElements.
     *
     * @param x the operand
     * @param like the value whose shape to take
     * @return x broadcast
     */
    public Value expandAs(Value x, Value like) {
        check(x);
        check(like);
        Value shape = like.isStatic() ? constantInt64(like.dims(), like.rank()) : shape(like);
        return addNode(OnnxOp.EXPAND, List.of(x, shape), Map.of(), x.type(),
                shapes.broadcast(x.dims(), like.dims()), null);
    }

    /**
     * A tensor of zeros shaped like another value, of that value's type. Emitted by the gradient
     * of GatherElements, and by the differentiator for values the loss does not depend on.
     *
     * @param like the value whose shape and type to take
     * @return zeros
     */
    public Value zerosLike(Value like) {
        return expandAs(scalar(like.type(), 0.0), like);
    }

    /**
     * Inserts size-one axes.
     *
     * @param x the operand
     * @param axes positions in the output (negative counts from the end)
     * @return x with the new axes
     */
    public Value unsqueeze(Value x, long... axes) {
        check(x);
        ShapeInference.Axes inserted = shapes.unsqueeze(x, axes);
        return addAxesNode(OnnxOp.UNSQUEEZE, x, inserted);
    }

    /**
     * Removes size-one axes.
     *
     * @param x the operand
     * @param axes the axes to remove (negative counts from the end); at least one
     * @return x without those axes
     */
    public Value squeeze(Value x, long... axes) {
        check(x);
        ShapeInference.Axes removed = shapes.squeeze(x, axes);
        return addAxesNode(OnnxOp.SQUEEZE, x, removed);
    }

    /**
     * Joins tensors along an axis.
     *
     * @param axis the axis (negative counts from the end)
     * @param parts the tensors, of one type and rank, equal in every other axis
     * @return the concatenation
     */
    public Value concat(long axis, Value... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("Concat needs at least one tensor.");
        }
        Value first = parts[0];
        int ax = ShapeInference.normalizeAxis(axis, first.rank());
        for (Value part : parts) {
            check(part);
            requireSameType(first, part, "Concat");
        }
        long[] dims = shapes.concat(ax, parts);
        return addNode(OnnxOp.CONCAT, List.of(parts), Map.of("axis", ax), first.type(), dims, null);
    }

    /**
     * Takes the ranges {@code [starts[i], ends[i])} with step one along the given axes.
     *
     * @param x the operand
     * @param starts first indices (negative counts from the end)
     * @param ends end indices, exclusive (negative counts from the end; clamped)
     * @param axes the axes
     * @return the slice
     */
    public Value slice(Value x, long[] starts, long[] ends, long[] axes) {
        check(x);
        ShapeInference.Axes sliced = shapes.slice(x, starts, ends, axes);
        return addNode(OnnxOp.SLICE, List.of(x, constantInt64(starts, starts.length),
                constantInt64(ends, ends.length), constantInt64(sliced.axes(), axes.length)),
                Map.of(), x.type(), sliced.dims(), null);
    }

    /**
     * Pads with zeros. Emitted by the gradient of Slice.
     *
     * @param x the operand
     * @param pads ONNX layout: all leading pads, then all trailing pads, one per axis
     * @return x padded
     */
    public Value pad(Value x, long... pads) {
        check(x);
        long[] dims = shapes.pad(x, pads);
        return addNode(OnnxOp.PAD, List.of(x, constantInt64(pads, pads.length)), Map.of(), x.type(),
                dims, null);
    }

    /**
     * The shape of a value as an INT64 vector (one node per value, however often asked). Emitted
     * where gradients need a symbolic shape at run time (Reshape, reductions, broadcasting).
     *
     * @param x the operand
     * @return its shape
     */
    public Value shape(Value x) {
        check(x);
        // a value's shape never changes, so one Shape node per value suffices
        return shapeCache.computeIfAbsent(x, v -> addNode(OnnxOp.SHAPE, List.of(v), Map.of(),
                ElementType.INT64, new long[] {v.rank()}, null));
    }

    /**
     * The element count of a value as an INT64 scalar. Emitted by the gradient of ReduceMean over
     * a symbolic axis.
     *
     * @param x the operand
     * @return its size
     */
    public Value size(Value x) {
        check(x);
        // the count follows from the dims, and equal symbolic dims are equal at run time, so one
        // Size node per shape suffices (ONNX Runtime then merges the identical nodes built on it)
        return sizeCache.computeIfAbsent(Arrays.stream(x.dims()).boxed().toList(), d -> addNode(OnnxOp.SIZE,
                List.of(x), Map.of(), ElementType.INT64, new long[0], null));
    }

    /**
     * The indices of non-zero (true) elements, one row per axis. Emitted where a broadcast
     * gradient is summed over axes known only at run time.
     *
     * @param x the operand
     * @return an INT64 tensor of dims [rank, count]
     */
    public Value nonZero(Value x) {
        check(x);
        return addNode(OnnxOp.NON_ZERO, List.of(x), Map.of(), ElementType.INT64,
                new long[] {x.rank(), shapes.freshSymbol()}, null);
    }

    /**
     * Adds a node whose output type and dimensions the caller states: for the differentiator's
     * nodes whose axes or shape are inputs computed at run time.
     */
    Value custom(OnnxOp op, List<Value> operands, Map<String, Object> attributes,
            ElementType type, long... dims) {
        for (Value operand : operands) {
            if (operand != null) {
                check(operand);
            }
        }
        return addNode(op, operands, attributes, type, dims, null);
    }

    // ---------------------------------------------------------------- building

    /**
     * Writes the model: IR version 8, opset 18, the declared inputs and outputs, all nodes
     * (but Expand nodes whose uses broadcast anyway, see {@code RedundantExpands}), constants as
     * initializers and the metadata.
     *
     * @return the model
     * @throws IllegalStateException if no output was declared
     */
    public ModelProto build() {
        if (outputs.isEmpty()) {
            throw new IllegalStateException("Graph '" + graphName
                    + "' has no outputs; declare them with output(name, value) before build().");
        }
        return RedundantExpands.bypass(writer.write(graphName, inputs, outputs, shapes), nodes);
    }

    // ---------------------------------------------------------------- package-private access

    List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** The elements of a constant made by this builder, or null if the value is not one. */
    double[] constantValues(Value value) {
        double[] values = constantValues.get(value);
        return values == null ? null : values.clone();
    }

    long freshSymbol() {
        return shapes.freshSymbol();
    }

    // ---------------------------------------------------------------- internals

    private Value unary(OnnxOp op, Value x) {
        check(x);
        return addNode(op, List.of(x), Map.of(), x.type(), x.dims(), null);
    }

    private Value broadcastBinary(OnnxOp op, Value a, Value b, ElementType outType) {
        check(a);
        check(b);
        requireSameType(a, b, op.getOpName());
        return addNode(op, List.of(a, b), Map.of(), outType, shapes.broadcast(a.dims(), b.dims()),
                null);
    }

    private Value reduce(OnnxOp op, Value x, boolean keepDims, long... axes) {
        check(x);
        ShapeInference.Axes reduced = shapes.reduce(x, keepDims, axes);
        long[] normalized = reduced.axes();
        if (normalized.length == 0) {
            // a rank-0 operand: reduce nothing, explicitly, rather than ONNX's reduce-all default
            return addNode(op, List.of(x), Map.of("keepdims", keepDims ? 1 : 0,
                    "noop_with_empty_axes", 1), x.type(), reduced.dims(), null);
        }
        return addNode(op, List.of(x, constantInt64(normalized, normalized.length)),
                Map.of("keepdims", keepDims ? 1 : 0), x.type(), reduced.dims(), null);
    }

    /** Unsqueeze and Squeeze: the normalised axes as a constant second input. */
    private Value addAxesNode(OnnxOp op, Value x, ShapeInference.Axes axes) {
        long[] normalized = axes.axes();
        return addNode(op, List.of(x, constantInt64(normalized, normalized.length)), Map.of(),
                x.type(), axes.dims(), null);
    }

    private Value addNode(OnnxOp op, List<Value> operands, Map<String, Object> attributes,
            ElementType type, long[] dims, String outputName) {
        Value output = new Value(this, outputName == null
                ? freshName(op.getOpName().toLowerCase(Locale.ROOT)) : claimName(outputName),
                type, dims);
        writer.node(op, operands, attributes, output.name());
        nodes.add(new Node(op, Collections.unmodifiableList(new ArrayList<>(operands)), output,
                Map.copyOf(attributes)));
        return output;
    }

    private String claimName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Tensor names must be non-empty.");
        }
        if (!usedNames.add(name)) {
            throw new IllegalArgumentException("The graph already has a tensor named '" + name
                    + "'; choose another name.");
        }
        return name;
    }

    private String freshName(String base) {
        String name;
        do {
            name = base + "_" + nameCounter++;
        } while (usedNames.contains(name));
        usedNames.add(name);
        return name;
    }

    private void check(Value value) {
        if (value == null) {
            throw new IllegalArgumentException("A required operand is null.");
        }
        if (value.owner() != this) {
            throw new IllegalArgumentException("Value " + value + " belongs to another graph builder.");
        }
    }

    private static void requireSameType(Value a, Value b, String op) {
        if (a.type() != b.type()) {
            throw new IllegalArgumentException(op + " needs operands of one element type, got " + a
                    + " and " + b + "; cast one of them.");
        }
    }

    private void requireIndices(Value indices, String op) {
        check(indices);
        if (indices.type() != ElementType.INT64) {
            throw new IllegalArgumentException(op + " needs INT64 indices, got " + indices + ".");
        }
    }
}
