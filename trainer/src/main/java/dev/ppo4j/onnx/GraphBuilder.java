package dev.ppo4j.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.util.onnx.ONNXContext;

/**
 * Builds an ONNX {@link ModelProto} from Java, one operator call at a time, with static shape
 * tracking so that the {@link Gradients differentiator} can reduce broadcast gradients without
 * run-time shape arithmetic wherever the shapes allow it.
 *
 * <p>Every operator method checks its arguments, records the node and returns its output
 * {@link Value}. Graph inputs may have any rank and element type; dimensions are static sizes or
 * symbolic dimensions ({@link #BATCH}, or ones made with {@link #symbolicDim(String)}).
 * Constants become graph initializers. The floating-point type given to the constructor is the
 * type of the constants made by {@link #scalar(double)} and {@link #constant(double[], long...)}
 * and of inputs declared without a type, so one piece of graph code can be built in float32 for
 * production and in float64 for finite-difference checks.
 *
 * <p>The model is written with IR version {@value #IR_VERSION} and opset {@value #OPSET_VERSION}
 * of the default domain. A builder is not thread-safe.
 */
public final class GraphBuilder {
    /** The pinned opset version of the default ONNX domain. */
    public static final int OPSET_VERSION = 18;
    /** The pinned ONNX IR version (the one that introduced opset 18). */
    public static final long IR_VERSION = 8;
    /** The symbolic batch dimension, written as {@code dim_param "batch"}. */
    public static final long BATCH = -1;

    private static final String BATCH_NAME = "batch";

    private final String graphName;
    private final ElementType floatType;
    private final ONNXContext nodeNames = new ONNXContext();
    private final List<Node> nodes = new ArrayList<>();
    private final List<NodeProto> nodeProtos = new ArrayList<>();
    private final List<Value> inputs = new ArrayList<>();
    private final Map<String, Value> outputs = new LinkedHashMap<>();
    private final List<TensorProto> initializers = new ArrayList<>();
    private final Map<Value, double[]> constantValues = new HashMap<>();
    private final Map<String, Value> scalarCache = new HashMap<>();
    private final Map<Value, Value> shapeCache = new HashMap<>();
    private final Map<Value, Value> sizeCache = new HashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private final Map<Long, String> symbolNames = new HashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private long nextSymbol = -2;
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
        symbolNames.put(BATCH, BATCH_NAME);
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
        for (Map.Entry<Long, String> entry : symbolNames.entrySet()) {
            if (entry.getValue().equals(name)) {
                return entry.getKey();
            }
        }
        long id = nextSymbol--;
        symbolNames.put(id, name);
        return id;
    }

    /**
     * Returns the number of nodes recorded so far.
     *
     * @return the node count
     */
    public int nodeCount() {
        return nodes.size();
    }

    /**
     * Adds a {@code metadata_props} entry to the model, e.g. provenance.
     *
     * @param key the key
     * @param value the value
     */
    public void metadata(String key, String value) {
        metadata.put(key, value);
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
            if (dim < 0 && !symbolNames.containsKey(dim)) {
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
                        false, name);
        outputs.put(name, exposed);
        return exposed;
    }

    /**
     * Returns the graph inputs declared so far, in order.
     *
     * @return an unmodifiable list of the inputs
     */
    public List<Value> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    /**
     * Returns the graph outputs declared so far, by name.
     *
     * @return an unmodifiable map of the outputs
     */
    public Map<String, Value> outputs() {
        return Collections.unmodifiableMap(outputs);
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
        initializers.add(tensorProto(value.name(), type, dims, values));
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
     * Adds any number of tensors of one type in one node, with broadcasting.
     *
     * @param terms the tensors, at least one
     * @return their sum
     */
    public Value sum(Value... terms) {
        if (terms.length == 0) {
            throw new IllegalArgumentException("Sum needs at least one tensor.");
        }
        long[] dims = new long[0];
        for (Value term : terms) {
            check(term);
            requireSameType(terms[0], term, "Sum");
            dims = broadcastDims(dims, term.dims());
        }
        return addNode(OnnxOp.SUM, List.of(terms), Map.of(), terms[0].type(), dims, false, null);
    }

    /**
     * Raises to a tensor power with broadcasting.
     *
     * @param base the base
     * @param exponent the exponent, of the base's type
     * @return base ^ exponent
     */
    public Value pow(Value base, Value exponent) {
        return broadcastBinary(OnnxOp.POW, base, exponent, base.type());
    }

    /**
     * Raises to a constant power.
     *
     * @param base the base
     * @param exponent the exponent
     * @return base ^ exponent
     */
    public Value pow(Value base, double exponent) {
        return pow(base, scalar(base.type(), exponent));
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
     * Elementwise equality.
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
     * Elementwise {@code a <= b}.
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
     * Elementwise {@code a >= b}.
     *
     * @param a the left operand
     * @param b the right operand
     * @return a boolean tensor
     */
    public Value greaterOrEqual(Value a, Value b) {
        return broadcastBinary(OnnxOp.GREATER_OR_EQUAL, a, b, ElementType.BOOL);
    }

    /**
     * Elementwise logical and of boolean tensors.
     *
     * @param a the left operand
     * @param b the right operand
     * @return a and b
     */
    public Value and(Value a, Value b) {
        return broadcastBinary(OnnxOp.AND, a, b, ElementType.BOOL);
    }

    /**
     * Elementwise logical or of boolean tensors.
     *
     * @param a the left operand
     * @param b the right operand
     * @return a or b
     */
    public Value or(Value a, Value b) {
        return broadcastBinary(OnnxOp.OR, a, b, ElementType.BOOL);
    }

    /**
     * Elementwise logical not of a boolean tensor.
     *
     * @param x the operand
     * @return not x
     */
    public Value not(Value x) {
        return unary(OnnxOp.NOT, x);
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
     * Elementwise sign: -1, 0 or 1 (no gradient flows through it).
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
     * Elementwise logistic sigmoid.
     *
     * @param x the operand
     * @return 1 / (1 + exp(-x))
     */
    public Value sigmoid(Value x) {
        return unary(OnnxOp.SIGMOID, x);
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
     * Elementwise natural logarithm.
     *
     * @param x the operand
     * @return log(x)
     */
    public Value log(Value x) {
        return unary(OnnxOp.LOG, x);
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
     * Copies a value (useful to give a value a second name).
     *
     * @param x the operand
     * @return a copy of x
     */
    public Value identity(Value x) {
        return unary(OnnxOp.IDENTITY, x);
    }

    /**
     * Copies a value and blocks gradients through the copy: the differentiator treats the result
     * as a constant.
     *
     * @param x the operand
     * @return a copy of x that carries no gradient
     */
    public Value stopGradient(Value x) {
        check(x);
        return addNode(OnnxOp.IDENTITY, List.of(x), Map.of(), x.type(), x.dims(), true, null);
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
        return addNode(OnnxOp.CLIP, operands, Map.of(), x.type(), x.dims(), false, null);
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
        long[] dims = broadcastDims(broadcastDims(condition.dims(), whenTrue.dims()), whenFalse.dims());
        return addNode(OnnxOp.WHERE, List.of(condition, whenTrue, whenFalse), Map.of(),
                whenTrue.type(), dims, false, null);
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
        return addNode(OnnxOp.CAST, List.of(x), Map.of("to", type.onnxCode()), type, x.dims(),
                false, null);
    }

    // ---------------------------------------------------------------- reductions and softmax

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
     * Maximum over axes (no gradient flows through it).
     *
     * @param x the operand
     * @param keepDims whether reduced axes stay as size one
     * @param axes the axes (negative counts from the end); none means all axes
     * @return the maximum
     */
    public Value reduceMax(Value x, boolean keepDims, long... axes) {
        return reduce(OnnxOp.REDUCE_MAX, x, keepDims, axes);
    }

    /**
     * Log-softmax along an axis.
     *
     * @param x the operand
     * @param axis the axis (negative counts from the end)
     * @return x - logsumexp(x, axis)
     */
    public Value logSoftmax(Value x, long axis) {
        return softmaxLike(OnnxOp.LOG_SOFTMAX, x, axis);
    }

    /**
     * Softmax along an axis.
     *
     * @param x the operand
     * @param axis the axis (negative counts from the end)
     * @return exp(x) / sum(exp(x), axis)
     */
    public Value softmax(Value x, long axis) {
        return softmaxLike(OnnxOp.SOFTMAX, x, axis);
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
     * General matrix multiply {@code alpha A' B' + beta C} of rank-2 tensors.
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
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException("Gemm needs rank-2 operands, got " + a + " and " + b
                    + "; use matMul for other ranks.");
        }
        long rows = transA ? a.dim(1) : a.dim(0);
        long innerA = transA ? a.dim(0) : a.dim(1);
        long innerB = transB ? b.dim(1) : b.dim(0);
        long cols = transB ? b.dim(0) : b.dim(1);
        requireCompatible(innerA, innerB, "Gemm inner dimensions of " + a + " and " + b);
        long[] dims = {rows, cols};
        List<Value> operands = new ArrayList<>(List.of(a, b));
        if (c != null) {
            check(c);
            requireSameType(a, c, "Gemm");
            if (!Arrays.equals(broadcastDims(dims, c.dims()), dims) && c.isStatic()) {
                throw new IllegalArgumentException("Gemm bias " + c + " does not broadcast to "
                        + Arrays.toString(dims) + ".");
            }
            operands.add(c);
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("alpha", (float) alpha);
        attributes.put("beta", (float) beta);
        attributes.put("transA", transA ? 1 : 0);
        attributes.put("transB", transB ? 1 : 0);
        return addNode(OnnxOp.GEMM, operands, attributes, a.type(), dims, false, null);
    }

    /**
     * Numpy-style matrix product of tensors of rank 2 or more (leading axes broadcast).
     *
     * @param a the left operand
     * @param b the right operand
     * @return the product
     */
    public Value matMul(Value a, Value b) {
        check(a);
        check(b);
        requireSameType(a, b, "MatMul");
        if (a.rank() < 2 || b.rank() < 2) {
            throw new IllegalArgumentException("matMul needs operands of rank 2 or more, got " + a
                    + " and " + b + "; unsqueeze vectors first.");
        }
        requireCompatible(a.dim(a.rank() - 1), b.dim(b.rank() - 2),
                "MatMul inner dimensions of " + a + " and " + b);
        long[] batch = broadcastDims(Arrays.copyOf(a.dims(), a.rank() - 2),
                Arrays.copyOf(b.dims(), b.rank() - 2));
        long[] dims = Arrays.copyOf(batch, batch.length + 2);
        dims[batch.length] = a.dim(a.rank() - 2);
        dims[batch.length + 1] = b.dim(b.rank() - 1);
        return addNode(OnnxOp.MAT_MUL, List.of(a, b), Map.of(), a.type(), dims, false, null);
    }

    // ---------------------------------------------------------------- indexing

    /**
     * Takes slices along an axis: output dims are data's dims with that axis replaced by the
     * indices' dims.
     *
     * @param data the tensor to index
     * @param indices INT64 indices
     * @param axis the axis (negative counts from the end)
     * @return the gathered slices
     */
    public Value gather(Value data, Value indices, long axis) {
        check(data);
        requireIndices(indices, "Gather");
        int ax = normalizeAxis(axis, data.rank());
        long[] dims = new long[data.rank() - 1 + indices.rank()];
        int k = 0;
        for (int i = 0; i < ax; i++) {
            dims[k++] = data.dim(i);
        }
        for (int i = 0; i < indices.rank(); i++) {
            dims[k++] = indices.dim(i);
        }
        for (int i = ax + 1; i < data.rank(); i++) {
            dims[k++] = data.dim(i);
        }
        return addNode(OnnxOp.GATHER, List.of(data, indices), Map.of("axis", ax), data.type(), dims,
                false, null);
    }

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
        if (indices.rank() != data.rank()) {
            throw new IllegalArgumentException("GatherElements needs indices of the data's rank, got "
                    + data + " and " + indices + ".");
        }
        int ax = normalizeAxis(axis, data.rank());
        return addNode(OnnxOp.GATHER_ELEMENTS, List.of(data, indices), Map.of("axis", ax),
                data.type(), indices.dims(), false, null);
    }

    /**
     * Takes slices at index tuples: with indices of dims [..., k], the output has dims
     * indices[:-1] + data[k:].
     *
     * @param data the tensor to index
     * @param indices INT64 index tuples; the last axis (the tuple length k) must be static
     * @return the gathered slices
     */
    public Value gatherNd(Value data, Value indices) {
        check(data);
        requireIndices(indices, "GatherND");
        long tupleLength = indices.rank() == 0 ? -1 : indices.dim(indices.rank() - 1);
        if (tupleLength < 0 || tupleLength > data.rank()) {
            throw new IllegalArgumentException("GatherND needs indices whose last axis is static and "
                    + "at most the data's rank, got " + data + " and " + indices + ".");
        }
        long[] dims = new long[indices.rank() - 1 + data.rank() - (int) tupleLength];
        int k = 0;
        for (int i = 0; i < indices.rank() - 1; i++) {
            dims[k++] = indices.dim(i);
        }
        for (int i = (int) tupleLength; i < data.rank(); i++) {
            dims[k++] = data.dim(i);
        }
        return addNode(OnnxOp.GATHER_ND, List.of(data, indices), Map.of(), data.type(), dims, false,
                null);
    }

    /**
     * Scatters updates into a copy of data at element indices, adding where indices repeat.
     *
     * @param data the tensor to write into
     * @param indices INT64 indices, shaped like updates
     * @param updates the values to add
     * @param axis the axis (negative counts from the end)
     * @return the updated copy of data
     */
    public Value scatterElementsAdd(Value data, Value indices, Value updates, long axis) {
        check(data);
        check(updates);
        requireIndices(indices, "ScatterElements");
        requireSameType(data, updates, "ScatterElements");
        int ax = normalizeAxis(axis, data.rank());
        return addNode(OnnxOp.SCATTER_ELEMENTS, List.of(data, indices, updates),
                Map.of("axis", ax, "reduction", "add"), data.type(), data.dims(), false, null);
    }

    /**
     * Scatters slices into a copy of data at index tuples (last axis of indices), adding where
     * tuples repeat.
     *
     * @param data the tensor to write into
     * @param indices INT64 index tuples
     * @param updates the slices to add
     * @return the updated copy of data
     */
    public Value scatterNdAdd(Value data, Value indices, Value updates) {
        check(data);
        check(updates);
        requireIndices(indices, "ScatterND");
        requireSameType(data, updates, "ScatterND");
        return addNode(OnnxOp.SCATTER_ND, List.of(data, indices, updates), Map.of("reduction", "add"),
                data.type(), data.dims(), false, null);
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
        long[] dims = inferReshape(x, shape);
        return addNode(OnnxOp.RESHAPE, List.of(x, constantInt64(shape, shape.length)), Map.of(),
                x.type(), dims, false, null);
    }

    /**
     * Reshapes to another value's shape (read at run time when it has symbolic dimensions).
     *
     * @param x the operand
     * @param like the value whose shape to take
     * @return x reshaped
     */
    public Value reshapeAs(Value x, Value like) {
        check(x);
        check(like);
        Value shape = like.isStatic() ? constantInt64(like.dims(), like.rank()) : shape(like);
        return addNode(OnnxOp.RESHAPE, List.of(x, shape), Map.of(), x.type(), like.dims(), false,
                null);
    }

    /**
     * Broadcasts to constant dimensions.
     *
     * @param x the operand
     * @param dims the target dimensions
     * @return x broadcast
     */
    public Value expand(Value x, long... dims) {
        check(x);
        return addNode(OnnxOp.EXPAND, List.of(x, constantInt64(dims, dims.length)), Map.of(),
                x.type(), broadcastDims(x.dims(), dims), false, null);
    }

    /**
     * Broadcasts to another value's shape (read at run time when it has symbolic dimensions).
     *
     * @param x the operand
     * @param like the value whose shape to take
     * @return x broadcast
     */
    public Value expandAs(Value x, Value like) {
        check(x);
        check(like);
        if (like.isStatic()) {
            return expand(x, like.dims());
        }
        return addNode(OnnxOp.EXPAND, List.of(x, shape(like)), Map.of(), x.type(),
                broadcastDims(x.dims(), like.dims()), false, null);
    }

    /**
     * A tensor of zeros shaped like another value, of that value's type.
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
        int outRank = x.rank() + axes.length;
        boolean[] inserted = new boolean[outRank];
        long[] normalized = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int ax = normalizeAxis(axes[i], outRank);
            if (inserted[ax]) {
                throw new IllegalArgumentException("Unsqueeze axes repeat: " + Arrays.toString(axes) + ".");
            }
            inserted[ax] = true;
            normalized[i] = ax;
        }
        long[] dims = new long[outRank];
        int k = 0;
        for (int i = 0; i < outRank; i++) {
            dims[i] = inserted[i] ? 1 : x.dim(k++);
        }
        return addNode(OnnxOp.UNSQUEEZE, List.of(x, constantInt64(normalized, normalized.length)),
                Map.of(), x.type(), dims, false, null);
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
        return addNode(OnnxOp.SQUEEZE, List.of(x, constantInt64(normalized, normalized.length)),
                Map.of(), x.type(), dims, false, null);
    }

    /**
     * Permutes axes.
     *
     * @param x the operand
     * @param perm output axis i is input axis perm[i]
     * @return x transposed
     */
    public Value transpose(Value x, int... perm) {
        check(x);
        if (perm.length != x.rank()) {
            throw new IllegalArgumentException("Transpose of " + x + " needs a permutation of "
                    + x.rank() + " axes, got " + Arrays.toString(perm) + ".");
        }
        long[] dims = new long[perm.length];
        boolean[] seen = new boolean[perm.length];
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] < 0 || perm[i] >= perm.length || seen[perm[i]]) {
                throw new IllegalArgumentException("Transpose permutation " + Arrays.toString(perm)
                        + " is not a permutation of 0.." + (perm.length - 1) + ".");
            }
            seen[perm[i]] = true;
            dims[i] = x.dim(perm[i]);
        }
        return addNode(OnnxOp.TRANSPOSE, List.of(x), Map.of("perm", perm.clone()), x.type(), dims,
                false, null);
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
        int ax = normalizeAxis(axis, first.rank());
        long[] dims = first.dims();
        long total = 0;
        for (Value part : parts) {
            check(part);
            requireSameType(first, part, "Concat");
            if (part.rank() != first.rank()) {
                throw new IllegalArgumentException("Concat needs tensors of one rank, got " + first
                        + " and " + part + ".");
            }
            for (int i = 0; i < dims.length; i++) {
                if (i != ax) {
                    dims[i] = unify(dims[i], part.dim(i), "Concat of " + first + " and " + part);
                }
            }
            total = total < 0 || part.dim(ax) < 0 ? -1 : total + part.dim(ax);
        }
        dims[ax] = total < 0 ? freshSymbol() : total;
        return addNode(OnnxOp.CONCAT, List.of(parts), Map.of("axis", ax), first.type(), dims, false,
                null);
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
        if (starts.length != ends.length || starts.length != axes.length) {
            throw new IllegalArgumentException("Slice needs starts, ends and axes of one length.");
        }
        long[] dims = x.dims();
        long[] normalizedAxes = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int ax = normalizeAxis(axes[i], x.rank());
            normalizedAxes[i] = ax;
            long dim = x.dim(ax);
            if (dim < 0) {
                dims[ax] = freshSymbol();
            } else {
                long start = clampIndex(starts[i], dim);
                long end = clampIndex(ends[i], dim);
                dims[ax] = Math.max(0, end - start);
            }
        }
        return addNode(OnnxOp.SLICE, List.of(x, constantInt64(starts, starts.length),
                constantInt64(ends, ends.length), constantInt64(normalizedAxes, axes.length)),
                Map.of(), x.type(), dims, false, null);
    }

    /**
     * Pads with zeros.
     *
     * @param x the operand
     * @param pads ONNX layout: all leading pads, then all trailing pads, one per axis
     * @return x padded
     */
    public Value pad(Value x, long... pads) {
        check(x);
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
        return addNode(OnnxOp.PAD, List.of(x, constantInt64(pads, pads.length)), Map.of(), x.type(),
                dims, false, null);
    }

    /**
     * The shape of a value as an INT64 vector (one node per value, however often asked).
     *
     * @param x the operand
     * @return its shape
     */
    public Value shape(Value x) {
        check(x);
        // a value's shape never changes, so one Shape node per value suffices
        return shapeCache.computeIfAbsent(x, v -> addNode(OnnxOp.SHAPE, List.of(v), Map.of(),
                ElementType.INT64, new long[] {v.rank()}, false, null));
    }

    /**
     * The element count of a value as an INT64 scalar.
     *
     * @param x the operand
     * @return its size
     */
    public Value size(Value x) {
        check(x);
        return sizeCache.computeIfAbsent(x, v -> addNode(OnnxOp.SIZE, List.of(v), Map.of(),
                ElementType.INT64, new long[0], false, null));
    }

    /**
     * The indices of non-zero (true) elements, one row per axis.
     *
     * @param x the operand
     * @return an INT64 tensor of dims [rank, count]
     */
    public Value nonZero(Value x) {
        check(x);
        return addNode(OnnxOp.NON_ZERO, List.of(x), Map.of(), ElementType.INT64,
                new long[] {x.rank(), freshSymbol()}, false, null);
    }

    /**
     * Adds a node of any operator whose output type and dimensions the caller states. The
     * differentiator cannot pass gradients through such nodes unless they are ops it knows.
     *
     * @param op the operator
     * @param operands the inputs; null entries leave optional inputs out
     * @param attributes the attributes (Integer, Float, String, int[] or float[] values)
     * @param type the output's element type
     * @param dims the output's dimensions
     * @return the output
     */
    public Value custom(OnnxOp op, List<Value> operands, Map<String, Object> attributes,
            ElementType type, long... dims) {
        for (Value operand : operands) {
            if (operand != null) {
                check(operand);
            }
        }
        return addNode(op, operands, attributes, type, dims, false, null);
    }

    // ---------------------------------------------------------------- building

    /**
     * Writes the model: IR version {@value #IR_VERSION}, opset {@value #OPSET_VERSION}, the
     * declared inputs and outputs, all nodes, constants as initializers and the metadata.
     *
     * @return the model
     * @throws IllegalStateException if no output was declared
     */
    public ModelProto build() {
        if (outputs.isEmpty()) {
            throw new IllegalStateException("Graph '" + graphName
                    + "' has no outputs; declare them with output(name, value) before build().");
        }
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName(graphName)
                .addAllNode(nodeProtos).addAllInitializer(initializers);
        for (Value input : inputs) {
            graph.addInput(valueInfo(input.name(), input));
        }
        for (Map.Entry<String, Value> output : outputs.entrySet()) {
            graph.addOutput(valueInfo(output.getKey(), output.getValue()));
        }
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION)
                .setProducerName("ppo4j").setGraph(graph)
                .addOpsetImport(OnnxOp.ADD.opsetProto());
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder()
                    .setKey(entry.getKey()).setValue(entry.getValue()));
        }
        return model.build();
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
        return nextSymbol--;
    }

    // ---------------------------------------------------------------- internals

    private Value unary(OnnxOp op, Value x) {
        check(x);
        return addNode(op, List.of(x), Map.of(), x.type(), x.dims(), false, null);
    }

    private Value broadcastBinary(OnnxOp op, Value a, Value b, ElementType outType) {
        check(a);
        check(b);
        requireSameType(a, b, op.getOpName());
        return addNode(op, List.of(a, b), Map.of(), outType, broadcastDims(a.dims(), b.dims()),
                false, null);
    }

    private Value reduce(OnnxOp op, Value x, boolean keepDims, long... axes) {
        check(x);
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
        if (normalized.length == 0) {
            // a rank-0 operand: reduce nothing, explicitly, rather than ONNX's reduce-all default
            return addNode(op, List.of(x), Map.of("keepdims", keepDims ? 1 : 0,
                    "noop_with_empty_axes", 1), x.type(), dims, false, null);
        }
        return addNode(op, List.of(x, constantInt64(normalized, normalized.length)),
                Map.of("keepdims", keepDims ? 1 : 0), x.type(), dims, false, null);
    }

    private Value softmaxLike(OnnxOp op, Value x, long axis) {
        check(x);
        int ax = normalizeAxis(axis, x.rank());
        return addNode(op, List.of(x), Map.of("axis", ax), x.type(), x.dims(), false, null);
    }

    private Value addNode(OnnxOp op, List<Value> operands, Map<String, Object> attributes,
            ElementType type, long[] dims, boolean stopsGradient, String outputName) {
        Value output = new Value(this, outputName == null
                ? freshName(op.getOpName().toLowerCase(java.util.Locale.ROOT)) : claimName(outputName),
                type, dims);
        String[] inputNames = new String[operands.size()];
        for (int i = 0; i < inputNames.length; i++) {
            inputNames[i] = operands.get(i) == null ? "" : operands.get(i).name();
        }
        nodeProtos.add(op.build(nodeNames, inputNames, new String[] {output.name()}, attributes));
        nodes.add(new Node(op, Collections.unmodifiableList(new ArrayList<>(operands)), output,
                Map.copyOf(attributes), stopsGradient));
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

    private static void requireCompatible(long a, long b, String what) {
        if (a >= 0 && b >= 0 && a != b) {
            throw new IllegalArgumentException(what + " do not match.");
        }
    }

    private long unify(long a, long b, String what) {
        if (a == b) {
            return a;
        }
        if (a >= 0 && b >= 0) {
            throw new IllegalArgumentException(what + ": dimensions " + a + " and " + b
                    + " differ.");
        }
        return a >= 0 ? a : b;
    }

    /** Numpy broadcasting of dims, with symbolic dims kept when they are known to win. */
    long[] broadcastDims(long[] a, long[] b) {
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

    private long[] inferReshape(Value x, long[] shape) {
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
        if (inferred >= 0) {
            if (inSymbols.isEmpty() && outSymbols.isEmpty()) {
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
        } else if (inSymbols.isEmpty() && outSymbols.isEmpty() && inStatic != outStatic) {
            throw new IllegalArgumentException("Reshape of " + x + " to " + Arrays.toString(shape)
                    + " changes the element count.");
        }
        return dims;
    }

    private static int normalizeAxis(long axis, int rank) {
        long ax = axis < 0 ? axis + rank : axis;
        if (ax < 0 || ax >= rank) {
            throw new IllegalArgumentException("Axis " + axis + " is out of range for rank " + rank
                    + ".");
        }
        return (int) ax;
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

    private ValueInfoProto valueInfo(String name, Value value) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long dim : value.dims()) {
            TensorShapeProto.Dimension.Builder dimension = TensorShapeProto.Dimension.newBuilder();
            if (dim >= 0) {
                dimension.setDimValue(dim);
            } else if (symbolNames.containsKey(dim)) {
                dimension.setDimParam(symbolNames.get(dim));
            }
            shape.addDim(dimension);
        }
        TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder()
                .setElemType(value.type().onnxCode()).setShape(shape);
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    /**
     * Encodes values as an ONNX tensor in little-endian raw data.
     *
     * @param name the tensor name
     * @param type the element type
     * @param dims static dimensions
     * @param values the elements in row-major order
     * @return the tensor proto
     */
    static TensorProto tensorProto(String name, ElementType type, long[] dims, double[] values) {
        int width = switch (type) {
            case FLOAT -> Float.BYTES;
            case DOUBLE, INT64 -> Long.BYTES;
            case BOOL -> 1;
        };
        ByteBuffer bytes = ByteBuffer.allocate(values.length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (type) {
                case FLOAT -> bytes.putFloat((float) v);
                case DOUBLE -> bytes.putDouble(v);
                case INT64 -> bytes.putLong((long) v);
                case BOOL -> bytes.put((byte) (v != 0 ? 1 : 0));
                default -> throw new AssertionError(type);
            }
        }
        bytes.flip();
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
                .setDataType(type.onnxCode()).setRawData(ByteString.copyFrom(bytes));
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        return tensor.build();
    }
}
