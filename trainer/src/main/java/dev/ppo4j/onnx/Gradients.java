package dev.ppo4j.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation of a {@link GraphBuilder} graph: appends the backward pass to the
 * same builder, using standard ONNX operators only, so that an ordinary ONNX Runtime session runs
 * forward and backward together.
 *
 * <p>Gradients flow through floating-point values only. Integer and boolean values and values
 * listed as constants carry none. Gradients
 * of broadcast operands are summed back to each operand's shape (statically where the tracked
 * dimensions decide it, with run-time shape arithmetic otherwise). A value used several times
 * receives the sum of its contributions.
 *
 * <p>Non-smooth points follow the project's convention: d min(x,y)/dx = 1 if x &le; y else 0 and
 * d min(x,y)/dy = 1 if y &lt; x else 0; d max(x,y)/dx = 1 if x &ge; y else 0 and d max(x,y)/dy =
 * 1 if y &gt; x else 0; d clip(x,a,b)/dx = 1 if a &le; x &le; b else 0 (the bounds receive the
 * rest); Relu and Abs have derivative 0 at 0.
 *
 * <p>Operators with gradient rules (each checked against finite differences in the tests): Add,
 * Sub, Mul, Div, two-operand Min and Max, Neg, Abs, Sign (zero), Tanh, Relu, Exp, Sqrt, Clip
 * (operand and bounds), Where, Identity, Cast between float types, ReduceSum, ReduceMean,
 * ReduceSumSquare, LogSoftmax, Gemm (all transpositions, alpha, beta), MatMul of a vector and a
 * matrix (either order), GatherElements,
 * ScatterElements with reduction "add", Reshape, Unsqueeze, Squeeze, Concat (static sizes on the
 * joined axis), Slice (step 1), Pad (constant mode) and Expand: the operators of ppo4j's graphs
 * and those their backward passes emit. The backward pass uses only these operators, comparisons
 * and integer shape arithmetic, so it can be differentiated again (Hessian-vector products, as
 * in TRPO's Fisher-vector products). Any other operator on a path from a differentiated value to
 * the output raises {@link UnsupportedGradientException}.
 */
public final class Gradients {
    private final GraphBuilder g;
    private final Map<Value, Value> grads = new IdentityHashMap<>();
    private final Set<Value> reach = Collections.newSetFromMap(new IdentityHashMap<>());

    private Gradients(GraphBuilder g) {
        this.g = g;
    }

    /**
     * Differentiates a scalar loss with respect to the given values.
     *
     * @param graph the builder that holds the loss; gradient nodes are appended to it
     * @param loss a rank-0 (or single-element) floating-point value
     * @param wrt the values to differentiate with respect to, typically parameter inputs
     * @return one gradient per value in wrt, shaped like it (zeros when the loss does not depend
     *     on it)
     */
    public static List<Value> of(GraphBuilder graph, Value loss, List<Value> wrt) {
        return of(graph, loss, wrt, List.of());
    }

    /**
     * Differentiates a scalar loss, treating some values as constants (stop-gradient).
     *
     * @param graph the builder that holds the loss; gradient nodes are appended to it
     * @param loss a rank-0 (or single-element) floating-point value
     * @param wrt the values to differentiate with respect to
     * @param constants values through which no gradient flows
     * @return one gradient per value in wrt, shaped like it
     */
    public static List<Value> of(GraphBuilder graph, Value loss, List<Value> wrt,
            Collection<Value> constants) {
        if (!loss.isStatic() || loss.staticSize() != 1) {
            throw new IllegalArgumentException("The loss must be a single element, got " + loss
                    + "; reduce it to a scalar or use vectorJacobianProduct.");
        }
        Value seed = loss.rank() == 0 ? graph.scalar(loss.type(), 1.0)
                : graph.constant(loss.type(), new double[] {1.0}, loss.dims());
        return vectorJacobianProduct(graph, loss, seed, wrt, constants);
    }

    /**
     * Appends the vector-Jacobian product: the gradient of {@code sum(output * outputGradient)}
     * with respect to each value in wrt.
     *
     * @param graph the builder that holds the output; gradient nodes are appended to it
     * @param output a floating-point value
     * @param outputGradient the upstream gradient, shaped like output
     * @param wrt the values to differentiate with respect to
     * @param constants values through which no gradient flows
     * @return one gradient per value in wrt, shaped like it
     * @throws UnsupportedGradientException if a path from wrt to output crosses a node without a
     *     gradient rule
     */
    public static List<Value> vectorJacobianProduct(GraphBuilder graph, Value output,
            Value outputGradient, List<Value> wrt, Collection<Value> constants) {
        return vectorJacobianProduct(graph, Map.of(output, outputGradient), wrt, constants);
    }

    /**
     * Appends the vector-Jacobian product of several outputs at once: the gradient of
     * {@code sum over outputs of sum(output * outputGradient)} with respect to each value in wrt.
     * A caller that knows the gradient of a loss with respect to some intermediate values in
     * closed form starts the backward pass there instead of at the loss.
     *
     * @param graph the builder that holds the outputs; gradient nodes are appended to it
     * @param outputGradients each output with its upstream gradient, shaped like it
     * @param wrt the values to differentiate with respect to
     * @param constants values through which no gradient flows
     * @return one gradient per value in wrt, shaped like it
     * @throws UnsupportedGradientException if a path from wrt to an output crosses a node without a
     *     gradient rule
     */
    public static List<Value> vectorJacobianProduct(GraphBuilder graph, Map<Value, Value> outputGradients,
            List<Value> wrt, Collection<Value> constants) {
        outputGradients.forEach((output, gradient) -> checkSeed(graph, output, gradient));
        Set<Value> blocked = Collections.newSetFromMap(new IdentityHashMap<>());
        blocked.addAll(constants);
        Gradients pass = new Gradients(graph);
        List<Node> nodes = new ArrayList<>(graph.nodes());
        int last = pass.markReach(nodes, outputGradients.keySet(), wrt, blocked);
        outputGradients.forEach((output, gradient) -> {
            if (pass.reach.contains(output)) {
                pass.accumulate(output, gradient);
            }
        });
        for (int i = last; i >= 0; i--) {
            Node node = nodes.get(i);
            Value upstream = pass.grads.get(node.output());
            if (upstream != null && pass.reach.contains(node.output())) {
                pass.backward(node, upstream);
            }
        }
        List<Value> result = new ArrayList<>();
        for (Value value : wrt) {
            Value grad = pass.grads.get(value);
            result.add(grad != null ? grad : graph.zerosLike(value));
        }
        return result;
    }

    private static void checkSeed(GraphBuilder graph, Value output, Value outputGradient) {
        if (output.owner() != graph || outputGradient.owner() != graph) {
            throw new IllegalArgumentException("The output and its gradient must belong to the "
                    + "given graph builder.");
        }
        if (output.rank() != outputGradient.rank()) {
            throw new IllegalArgumentException("The upstream gradient " + outputGradient
                    + " must have the rank of the output " + output + ".");
        }
        if (!output.type().isFloatingPoint() || output.type() != outputGradient.type()) {
            throw new IllegalArgumentException("Differentiate a FLOAT or DOUBLE output with an "
                    + "upstream gradient of the same type; got " + output + " and "
                    + outputGradient + ".");
        }
    }

    /**
     * Marks the values that depend on a differentiable value of wrt (not through blocked ones,
     * nor through integer or boolean values) and returns the index of the last node producing an
     * output, where the backward sweep starts (-1 when no output is a node's).
     */
    private int markReach(List<Node> nodes, Set<Value> outputs, List<Value> wrt, Set<Value> blocked) {
        for (Value value : wrt) {
            if (value.owner() != g) {
                throw new IllegalArgumentException("Value " + value + " belongs to another graph.");
            }
            if (!value.type().isFloatingPoint()) {
                throw new IllegalArgumentException("Cannot differentiate with respect to " + value
                        + "; only FLOAT and DOUBLE values carry gradients.");
            }
            if (!blocked.contains(value)) {
                reach.add(value);
            }
        }
        int last = -1;
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (outputs.contains(node.output())) {
                last = i;
            }
            if (blocked.contains(node.output()) || !node.output().type().isFloatingPoint()) {
                continue;
            }
            for (Value input : node.inputs()) {
                if (input != null && reach.contains(input)) {
                    reach.add(node.output());
                    break;
                }
            }
        }
        return last;
    }

    private boolean wants(Node node, int index) {
        Value input = node.input(index);
        return input != null && reach.contains(input);
    }

    private void accumulate(Value target, Value contribution) {
        grads.merge(target, contribution, g::add);
    }

    private void contribute(Node node, int index, Value contribution) {
        accumulate(node.input(index), contribution);
    }

    private void backward(Node node, Value gy) {
        Value a = node.input(0);
        switch (node.op()) {
            case ADD, SUB, MUL, DIV -> backwardArithmetic(node, gy);
            case MIN, MAX -> backwardMinMax(node, gy);
            case NEG, ABS, SIGN, TANH, RELU, EXP, SQRT, IDENTITY, CAST -> backwardUnary(node, gy);
            case CLIP -> backwardClip(node, gy);
            case WHERE -> backwardWhere(node, gy);
            case REDUCE_SUM, REDUCE_MEAN, REDUCE_SUM_SQUARE, LOG_SOFTMAX -> backwardReduction(node, gy);
            case GEMM -> backwardGemm(node, gy);
            case MAT_MUL -> backwardVectorMatrix(node, gy);
            case GATHER_ELEMENTS -> contribute(node, 0, g.scatterElementsAdd(g.zerosLike(a), node.input(1), gy,
                    node.intAttribute("axis", 0)));
            case SCATTER_ELEMENTS -> backwardScatterAdd(node, gy);
            case RESHAPE -> contribute(node, 0, g.reshapeAs(gy, a));
            case UNSQUEEZE -> contribute(node, 0, g.squeeze(gy, constantLongs(node, 1)));
            case SQUEEZE -> contribute(node, 0, g.unsqueeze(gy, constantLongs(node, 1)));
            case CONCAT -> backwardConcat(node, gy);
            case SLICE -> backwardSlice(node, gy);
            case PAD -> backwardPad(node, gy);
            case EXPAND -> contribute(node, 0, sumTo(gy, a));
            default -> throw unsupported(node, "the operator has no gradient rule");
        }
    }

    /** Add, Sub, Mul and Div, each operand's gradient summed back to its own (broadcast) shape. */
    private void backwardArithmetic(Node node, Value gy) {
        Value a = node.input(0);
        Value b = node.input(1);
        if (wants(node, 0)) {
            Value ga = switch (node.op()) {
                case ADD, SUB -> gy;
                case MUL -> g.mul(gy, b);
                default -> g.div(gy, b);
            };
            contribute(node, 0, sumTo(ga, a));
        }
        if (wants(node, 1)) {
            contribute(node, 1, switch (node.op()) {
                case ADD -> sumTo(gy, b);
                case SUB -> g.neg(sumTo(gy, b));
                case MUL -> sumTo(g.mul(gy, a), b);
                default -> g.neg(sumTo(g.div(g.mul(gy, node.output()), b), b));
            });
        }
    }

    /** One-operand operators. */
    private void backwardUnary(Node node, Value gy) {
        Value out = node.output();
        Value a = node.input(0);
        ElementType type = out.type();
        switch (node.op()) {
            case NEG -> contribute(node, 0, g.neg(gy));
            case ABS -> contribute(node, 0, g.mul(gy, g.sign(a)));
            case SIGN -> {
                // piecewise constant: zero gradient, nothing to add
            }
            case TANH -> contribute(node, 0, g.mul(gy, g.sub(g.scalar(type, 1.0), g.mul(out, out))));
            case RELU -> contribute(node, 0,
                    g.where(g.greater(a, g.scalar(type, 0.0)), gy, g.scalar(type, 0.0)));
            case EXP -> contribute(node, 0, g.mul(gy, out));
            case SQRT -> contribute(node, 0, g.div(g.mul(gy, g.scalar(type, 0.5)), out));
            case IDENTITY -> contribute(node, 0, gy);
            case CAST -> {
                if (a.type().isFloatingPoint()) {
                    contribute(node, 0, a.type() == type ? gy : g.cast(gy, a.type()));
                }
            }
            default -> throw unsupported(node, "the operator has no gradient rule");
        }
    }

    private void backwardWhere(Node node, Value gy) {
        Value condition = node.input(0);
        Value zero = g.scalar(node.output().type(), 0.0);
        if (wants(node, 1)) {
            contribute(node, 1, sumTo(g.where(condition, gy, zero), node.input(1)));
        }
        if (wants(node, 2)) {
            contribute(node, 2, sumTo(g.where(condition, zero, gy), node.input(2)));
        }
    }

    /** ReduceSum, ReduceMean, ReduceSumSquare and LogSoftmax: the gradient broadcast back over the reduced axes. */
    private void backwardReduction(Node node, Value gy) {
        Value a = node.input(0);
        switch (node.op()) {
            case REDUCE_SUM -> contribute(node, 0, broadcastBack(node, gy));
            case REDUCE_MEAN -> contribute(node, 0, broadcastBack(node, g.mul(gy, reciprocalCount(node))));
            case REDUCE_SUM_SQUARE -> contribute(node, 0,
                    g.mul(broadcastBack(node, gy), g.mul(a, g.scalar(node.output().type(), 2.0))));
            case LOG_SOFTMAX -> {
                long axis = node.intAttribute("axis", -1);
                Value total = g.reduceSum(gy, true, axis);
                contribute(node, 0, g.sub(gy, g.mul(g.exp(node.output()), total)));
            }
            default -> throw unsupported(node, "the operator has no gradient rule");
        }
    }

    private void backwardScatterAdd(Node node, Value gy) {
        if (!"add".equals(node.attributes().get("reduction"))) {
            throw unsupported(node, "only ScatterElements with reduction 'add' has a gradient");
        }
        if (wants(node, 0)) {
            contribute(node, 0, gy);
        }
        if (wants(node, 2)) {
            contribute(node, 2, g.gatherElements(gy, node.input(1), node.intAttribute("axis", 0)));
        }
    }

    private void backwardMinMax(Node node, Value gy) {
        if (node.inputs().size() != 2) {
            throw unsupported(node, "only two-operand Min and Max have a gradient");
        }
        Value x = node.input(0);
        Value y = node.input(1);
        Value zero = g.scalar(gy.type(), 0.0);
        boolean isMin = node.op() == OnnxOp.MIN;
        if (wants(node, 0)) {
            Value takesX = isMin ? g.lessOrEqual(x, y) : g.greaterOrEqual(x, y);
            contribute(node, 0, sumTo(g.where(takesX, gy, zero), x));
        }
        if (wants(node, 1)) {
            Value takesY = isMin ? g.less(y, x) : g.greater(y, x);
            contribute(node, 1, sumTo(g.where(takesY, gy, zero), y));
        }
    }

    private void backwardClip(Node node, Value gy) {
        Value x = node.input(0);
        Value lower = node.input(1);
        Value upper = node.input(2);
        Value zero = g.scalar(gy.type(), 0.0);
        if (wants(node, 0)) {
            Value inside = null;
            if (lower != null) {
                inside = g.greaterOrEqual(x, lower);
            }
            if (upper != null) {
                Value belowUpper = g.lessOrEqual(x, upper);
                inside = inside == null ? belowUpper : g.and(inside, belowUpper);
            }
            contribute(node, 0, inside == null ? gy : g.where(inside, gy, zero));
        }
        if (wants(node, 1)) {
            contribute(node, 1, g.reduceSum(g.where(g.less(x, lower), gy, zero), false));
        }
        if (wants(node, 2)) {
            contribute(node, 2, g.reduceSum(g.where(g.greater(x, upper), gy, zero), false));
        }
    }

    private void backwardGemm(Node node, Value gy) {
        Value a = node.input(0);
        Value b = node.input(1);
        Value c = node.input(2);
        double alpha = node.floatAttribute("alpha", 1.0);
        double beta = node.floatAttribute("beta", 1.0);
        boolean transA = node.intAttribute("transA", 0) != 0;
        boolean transB = node.intAttribute("transB", 0) != 0;
        if (wants(node, 0)) {
            Value ga = transA ? g.gemm(b, gy, null, alpha, 0.0, transB, true)
                    : g.gemm(gy, b, null, alpha, 0.0, false, !transB);
            contribute(node, 0, ga);
        }
        if (wants(node, 1)) {
            Value gb = transB ? g.gemm(gy, a, null, alpha, 0.0, true, transA)
                    : g.gemm(a, gy, null, alpha, 0.0, !transA, false);
            contribute(node, 1, gb);
        }
        if (wants(node, 2)) {
            Value scaled = beta == 1.0 ? gy : g.mul(gy, g.scalar(gy.type(), beta));
            boolean rowVector = c.rank() == 1 && c.dim(0) == gy.dim(1);
            // a bias shared by all rows gets the column sums
            contribute(node, 2, rowVector ? g.sumRows(scaled) : sumTo(scaled, c));
        }
    }

    /** y = a·B ([k] × [k, n]) or y = A·b ([m, k] × [k]): the operands' gradients are an outer product and the other form. */
    private void backwardVectorMatrix(Node node, Value gy) {
        Value a = node.input(0);
        Value b = node.input(1);
        boolean vectorFirst = a.rank() == 1;
        if (wants(node, 0)) {
            contribute(node, 0, vectorFirst ? g.matMul(b, gy) : g.mul(g.unsqueeze(gy, 1), b));
        }
        if (wants(node, 1)) {
            contribute(node, 1, vectorFirst ? g.mul(g.unsqueeze(a, 1), gy) : g.matMul(gy, a));
        }
    }




    private void backwardConcat(Node node, Value gy) {
        int axis = (int) node.intAttribute("axis", 0);
        long offset = 0;
        for (int i = 0; i < node.inputs().size(); i++) {
            Value part = node.input(i);
            long length = part.dim(axis);
            if (length < 0) {
                throw unsupported(node, "the concatenated axis must have static sizes");
            }
            if (wants(node, i)) {
                contribute(node, i, g.slice(gy, new long[] {offset}, new long[] {offset + length},
                        new long[] {axis}));
            }
            offset += length;
        }
    }

    private void backwardSlice(Node node, Value gy) {
        Value x = node.input(0);
        long[] starts = constantLongs(node, 1);
        long[] ends = constantLongs(node, 2);
        long[] axes = node.input(3) == null ? null : constantLongs(node, 3);
        if (node.input(4) != null) {
            for (long step : constantLongs(node, 4)) {
                if (step != 1) {
                    throw unsupported(node, "only slices with step 1 have a gradient");
                }
            }
        }
        long[] pads = new long[2 * x.rank()];
        for (int i = 0; i < starts.length; i++) {
            int axis = (int) (axes == null ? i : axes[i] < 0 ? axes[i] + x.rank() : axes[i]);
            long dim = x.dim(axis);
            if (dim >= 0) {
                long start = Math.max(0, Math.min(dim, starts[i] < 0 ? starts[i] + dim : starts[i]));
                long end = Math.max(start, Math.min(dim, ends[i] < 0 ? ends[i] + dim : ends[i]));
                pads[axis] = start;
                pads[axis + x.rank()] = dim - end;
            } else if (starts[i] >= 0 && ends[i] >= Integer.MAX_VALUE) {
                pads[axis] = starts[i];
            } else {
                throw unsupported(node, "slicing a symbolic axis has a gradient only from a "
                        + "non-negative start to the end");
            }
        }
        contribute(node, 0, g.pad(gy, pads));
    }

    private void backwardPad(Node node, Value gy) {
        Object mode = node.attributes().get("mode");
        if ((mode != null && !"constant".equals(mode)) || node.input(3) != null) {
            throw unsupported(node, "only constant padding of all axes has a gradient");
        }
        long[] pads = constantLongs(node, 1);
        int rank = node.input(0).rank();
        List<Long> starts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        List<Long> axes = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            if (pads[i] < 0 || pads[i + rank] < 0) {
                throw unsupported(node, "negative pads (cropping) have no gradient rule");
            }
            if (pads[i] != 0 || pads[i + rank] != 0) {
                starts.add(pads[i]);
                ends.add(pads[i + rank] == 0 ? Long.MAX_VALUE : -pads[i + rank]);
                axes.add((long) i);
            }
        }
        contribute(node, 0, axes.isEmpty() ? gy : g.slice(gy, toArray(starts), toArray(ends),
                toArray(axes)));
    }

    /** Spreads the gradient of a reduction back over the reduced axes of its operand. */
    private Value broadcastBack(Node node, Value gy) {
        Value x = node.input(0);
        if (node.input(1) == null) {
            // reduce-nothing form (noop_with_empty_axes): the output is the operand
            return gy;
        }
        if (node.intAttribute("keepdims", 1) != 0) {
            // the reduced axes stayed as size one, so broadcasting restores them whatever they
            // were: this also differentiates the run-time-axes sums that sumToAtRunTime emits
            return g.expandAs(gy, x);
        }
        long[] axes = constantLongs(node, 1);
        // broadcasting aligns trailing axes, so dropped leading axes need no Unsqueeze
        boolean leadingOnly = true;
        for (int i = 0; i < axes.length; i++) {
            leadingOnly &= axes[i] == i;
        }
        Value spread = leadingOnly ? gy : g.unsqueeze(gy, axes);
        return g.expandAs(spread, x);
    }

    /** 1 / (number of elements averaged into each output element) of a ReduceMean node. */
    private Value reciprocalCount(Node node) {
        Value x = node.input(0);
        ElementType type = x.type();
        if (node.input(1) == null) {
            return g.scalar(type, 1.0);
        }
        long count = 1;
        for (long axis : constantLongs(node, 1)) {
            long dim = x.dim((int) axis);
            if (dim < 0) {
                Value outputSize = node.output().isStatic()
                        ? g.scalar(type, node.output().staticSize())
                        : g.cast(g.size(node.output()), type);
                return g.div(outputSize, g.cast(g.size(x), type));
            }
            count *= dim;
        }
        return g.scalar(type, 1.0 / count);
    }

    /** Sums a broadcast gradient back to the shape of the operand it belongs to. */
    private Value sumTo(Value grad, Value target) {
        long[] gd = grad.dims();
        long[] td = target.dims();
        if (Arrays.equals(gd, td)) {
            return grad;
        }
        int lead = gd.length - td.length;
        if (lead < 0) {
            throw new IllegalStateException("Gradient " + grad + " has a lower rank than its operand "
                    + target + "; this is a bug in a gradient rule.");
        }
        List<Long> axes = new ArrayList<>();
        for (int i = 0; i < gd.length; i++) {
            if (i < lead) {
                axes.add((long) i);
                continue;
            }
            long t = td[i - lead];
            long d = gd[i];
            if (t == d || t > 1 || t == 0) {
                continue;
            }
            if (t == 1) {
                axes.add((long) i);
            } else {
                return sumToAtRunTime(grad, target, lead);
            }
        }
        if (axes.isEmpty()) {
            // the dims differ only in how they are known (static versus symbolic)
            return grad;
        }
        if (axes.size() == lead) {
            // only leading axes: one reduction that drops them
            return g.reduceSum(grad, false, toArray(axes));
        }
        Value summed = g.reduceSum(grad, true, toArray(axes));
        if (lead > 0) {
            long[] leading = new long[lead];
            for (int i = 0; i < lead; i++) {
                leading[i] = i;
            }
            summed = g.squeeze(summed, leading);
        }
        return summed;
    }

    /** The general case: the target has a symbolic axis that may be broadcast at run time. */
    private Value sumToAtRunTime(Value grad, Value target, int lead) {
        Value targetShape = g.shape(target);
        Value padded = lead == 0 ? targetShape : g.concat(0, g.constantInt64(ones(lead), lead),
                targetShape);
        Value axes = g.reshape(g.nonZero(g.equal(padded, g.scalar(ElementType.INT64, 1.0))), -1);
        long[] summedDims = grad.dims();
        for (int i = 0; i < summedDims.length; i++) {
            summedDims[i] = i < lead ? 1 : g.freshSymbol();
        }
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("keepdims", 1);
        attributes.put("noop_with_empty_axes", 1);
        Value summed = g.custom(OnnxOp.REDUCE_SUM, List.of(grad, axes), attributes, grad.type(),
                summedDims);
        return g.custom(OnnxOp.RESHAPE, List.of(summed, targetShape), Map.of(), grad.type(),
                target.dims());
    }

    private long[] constantLongs(Node node, int index) {
        double[] values = g.constantValues(node.input(index));
        if (values == null) {
            throw unsupported(node, "its input " + index + " must be a constant for differentiation");
        }
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = (long) values[i];
        }
        return longs;
    }

    private static long[] toArray(List<Long> values) {
        long[] array = new long[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    private static long[] ones(int count) {
        long[] ones = new long[count];
        Arrays.fill(ones, 1);
        return ones;
    }

    private static UnsupportedGradientException unsupported(Node node, String reason) {
        return new UnsupportedGradientException("Cannot differentiate through " + node.op().getOpName()
                + " producing '" + node.output().name() + "': " + reason
                + ". List the value as a constant if no gradient should flow there.");
    }
}
