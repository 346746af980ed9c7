package dev.ppo4j.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

/**
 * Element types a {@link GraphBuilder} graph may carry.
 *
 * <p>FLOAT is the production type; DOUBLE exists so that the same graph code can be built in
 * float64 for tight finite-difference checks of the differentiator.
 */
public enum ElementType {
    /** 32-bit IEEE float. */
    FLOAT(DataType.FLOAT),
    /** 64-bit IEEE float. */
    DOUBLE(DataType.DOUBLE),
    /** 64-bit signed integer, used for indices and shape tensors. */
    INT64(DataType.INT64),
    /** Boolean, produced by comparisons. */
    BOOL(DataType.BOOL);

    private final DataType dataType;

    ElementType(DataType dataType) {
        this.dataType = dataType;
    }

    /**
     * Returns the ONNX protobuf data type of this element type.
     *
     * @return the ONNX data type
     */
    public DataType dataType() {
        return dataType;
    }

    /**
     * Returns the ONNX numeric code of this element type, as used by the {@code Cast} op's
     * {@code to} attribute.
     *
     * @return the ONNX data type code
     */
    public int onnxCode() {
        return dataType.getNumber();
    }

    /**
     * Tells whether values of this type can carry gradients.
     *
     * @return true for FLOAT and DOUBLE
     */
    public boolean isFloatingPoint() {
        return this == FLOAT || this == DOUBLE;
    }

    /**
     * Returns the element type with the given ONNX data type.
     *
     * @param dataType an ONNX data type
     * @return the matching element type
     * @throws IllegalArgumentException if ppo4j graphs do not use that type
     */
    public static ElementType of(DataType dataType) {
        for (ElementType type : values()) {
            if (type.dataType == dataType) {
                return type;
            }
        }
        throw new IllegalArgumentException("ONNX data type " + dataType
                + " is not supported by ppo4j graphs; use FLOAT, DOUBLE, INT64 or BOOL.");
    }
}
