package dev.ppo4j.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * The standard ONNX operators ppo4j graphs use, all at the pinned opset
 * {@value ModelWriter#OPSET_VERSION} of the default domain.
 *
 * <p>Implements Tribuo's {@link ONNXOperator} so that Tribuo validates input counts and
 * attributes and writes the {@code NodeProto}s. Tribuo's own {@code ONNXOperators} is pinned to
 * an older opset and lacks most of these operators.
 */
public enum OnnxOp implements ONNXOperator {
    /** Elementwise addition with broadcasting. */
    ADD("Add", 2, 0),
    /** Elementwise subtraction with broadcasting. */
    SUB("Sub", 2, 0),
    /** Elementwise multiplication with broadcasting. */
    MUL("Mul", 2, 0),
    /** Elementwise division with broadcasting. */
    DIV("Div", 2, 0),
    /** Elementwise minimum of its inputs with broadcasting. */
    MIN("Min", ONNXAttribute.VARIADIC_INPUT, 0),
    /** Elementwise maximum of its inputs with broadcasting. */
    MAX("Max", ONNXAttribute.VARIADIC_INPUT, 0),
    /** Elementwise equality test. */
    EQUAL("Equal", 2, 0),
    /** Elementwise less-than test. */
    LESS("Less", 2, 0),
    /** Elementwise less-or-equal test. */
    LESS_OR_EQUAL("LessOrEqual", 2, 0),
    /** Elementwise greater-than test. */
    GREATER("Greater", 2, 0),
    /** Elementwise greater-or-equal test. */
    GREATER_OR_EQUAL("GreaterOrEqual", 2, 0),
    /** Elementwise logical and. */
    AND("And", 2, 0),
    /** Elementwise negation. */
    NEG("Neg", 1, 0),
    /** Elementwise absolute value. */
    ABS("Abs", 1, 0),
    /** Elementwise sign. */
    SIGN("Sign", 1, 0),
    /** Elementwise hyperbolic tangent. */
    TANH("Tanh", 1, 0),
    /** Elementwise rectifier. */
    RELU("Relu", 1, 0),
    /** Elementwise exponential. */
    EXP("Exp", 1, 0),
    /** Elementwise square root. */
    SQRT("Sqrt", 1, 0),
    /** Clamps its input to scalar bounds given as optional inputs. */
    CLIP("Clip", 1, 2),
    /** Elementwise selection by a boolean condition. */
    WHERE("Where", 3, 0),
    /** Copies its input. */
    IDENTITY("Identity", 1, 0),
    /** Converts the element type. */
    CAST("Cast", 1, 0, attribute("to", AttributeType.INT, true)),
    /** Sum over the axes given as the second input. */
    REDUCE_SUM("ReduceSum", 1, 1, attribute("keepdims", AttributeType.INT, false),
            attribute("noop_with_empty_axes", AttributeType.INT, false)),
    /** Mean over the axes given as the second input. */
    REDUCE_MEAN("ReduceMean", 1, 1, attribute("keepdims", AttributeType.INT, false),
            attribute("noop_with_empty_axes", AttributeType.INT, false)),
    /** Sum of squares over the axes given as the second input. */
    REDUCE_SUM_SQUARE("ReduceSumSquare", 1, 1, attribute("keepdims", AttributeType.INT, false),
            attribute("noop_with_empty_axes", AttributeType.INT, false)),
    /** Log of the softmax along one axis. */
    LOG_SOFTMAX("LogSoftmax", 1, 0, attribute("axis", AttributeType.INT, false)),
    /** The index of the largest element along one axis. */
    ARG_MAX("ArgMax", 1, 0, attribute("axis", AttributeType.INT, false),
            attribute("keepdims", AttributeType.INT, false),
            attribute("select_last_index", AttributeType.INT, false)),
    /** Vector-matrix and matrix-vector products (the rank-1 and rank-2 forms of MatMul). */
    MAT_MUL("MatMul", 2, 0),
    /** General matrix multiply {@code alpha * A' * B' + beta * C}. */
    GEMM("Gemm", 2, 1, attribute("alpha", AttributeType.FLOAT, false),
            attribute("beta", AttributeType.FLOAT, false),
            attribute("transA", AttributeType.INT, false),
            attribute("transB", AttributeType.INT, false)),
    /** Takes single elements along one axis at the given indices. */
    GATHER_ELEMENTS("GatherElements", 2, 0, attribute("axis", AttributeType.INT, false)),
    /** Writes (or accumulates) updates into a copy of the data at element indices. */
    SCATTER_ELEMENTS("ScatterElements", 3, 0, attribute("axis", AttributeType.INT, false),
            attribute("reduction", AttributeType.STRING, false)),
    /** Changes the shape, the target shape being the second input. */
    RESHAPE("Reshape", 2, 0, attribute("allowzero", AttributeType.INT, false)),
    /** Inserts size-one axes given as the second input. */
    UNSQUEEZE("Unsqueeze", 2, 0),
    /** Removes size-one axes given as the optional second input. */
    SQUEEZE("Squeeze", 1, 1),
    /** Joins its inputs along one axis. */
    CONCAT("Concat", ONNXAttribute.VARIADIC_INPUT, 0, attribute("axis", AttributeType.INT, true)),
    /** Takes a strided slice; starts and ends are inputs, axes and steps optional inputs. */
    SLICE("Slice", 3, 2),
    /** Pads with a constant; pads are the second input. */
    PAD("Pad", 2, 2, attribute("mode", AttributeType.STRING, false)),
    /** Broadcasts its input to the shape given as the second input. */
    EXPAND("Expand", 2, 0),
    /** The shape of its input as an int64 vector. */
    SHAPE("Shape", 1, 0, attribute("start", AttributeType.INT, false),
            attribute("end", AttributeType.INT, false)),
    /** The element count of its input as an int64 scalar. */
    SIZE("Size", 1, 0),
    /** The indices of the non-zero elements, one row per axis. */
    NON_ZERO("NonZero", 1, 0);

    private final String opName;
    private final int numInputs;
    private final int numOptionalInputs;
    private final Map<String, ONNXAttribute> attributes;
    private final Set<String> mandatoryAttributeNames;

    OnnxOp(String opName, int numInputs, int numOptionalInputs, ONNXAttribute... attributes) {
        this.opName = opName;
        this.numInputs = numInputs;
        this.numOptionalInputs = numOptionalInputs;
        Map<String, ONNXAttribute> byName = new LinkedHashMap<>();
        Set<String> mandatory = new LinkedHashSet<>();
        for (ONNXAttribute attribute : attributes) {
            byName.put(attribute.getName(), attribute);
            if (attribute.isMandatory()) {
                mandatory.add(attribute.getName());
            }
        }
        this.attributes = Collections.unmodifiableMap(byName);
        this.mandatoryAttributeNames = Collections.unmodifiableSet(mandatory);
    }

    private static ONNXAttribute attribute(String name, AttributeType type, boolean mandatory) {
        return new ONNXAttribute(name, type, mandatory);
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return numInputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return numOptionalInputs;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return mandatoryAttributeNames;
    }

    @Override
    public int getOpVersion() {
        return ModelWriter.OPSET_VERSION;
    }

    /** The default ONNX domain, written as the empty string as the ONNX spec prefers. */
    @Override
    public String getOpDomain() {
        return "";
    }
}
