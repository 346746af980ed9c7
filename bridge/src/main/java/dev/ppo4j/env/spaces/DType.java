package dev.ppo4j.env.spaces;

/** Element types a {@link Box} can declare, named as numpy names them. */
public enum DType {
    /** 32-bit float. */
    FLOAT32,
    /** 64-bit float (travels as float32 on the hot path). */
    FLOAT64,
    /** 32-bit signed integer. */
    INT32,
    /** 64-bit signed integer. */
    INT64,
    /** 8-bit unsigned integer (e.g. images). */
    UINT8;

    /** numpy's name of the type, e.g. {@code float32}. */
    public String numpyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses numpy's name of a type.
     *
     * @throws IllegalArgumentException if the type is not one of these, naming the supported ones
     */
    public static DType fromNumpy(String name) {
        for (DType type : values()) {
            if (type.numpyName().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("The numpy dtype '" + name + "' is not supported; Box spaces may use "
                + java.util.Arrays.stream(values()).map(DType::numpyName).toList() + ".");
    }

    /** Whether values of this type are integers. */
    public boolean isInteger() {
        return this != FLOAT32 && this != FLOAT64;
    }
}
