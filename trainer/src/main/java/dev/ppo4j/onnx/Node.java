package dev.ppo4j.onnx;

import java.util.List;
import java.util.Map;

/**
 * One recorded node of a {@link GraphBuilder}: what the differentiator reads to append the
 * backward pass. Optional inputs left out are {@code null} entries in {@code inputs}.
 */
record Node(OnnxOp op, List<Value> inputs, Value output, Map<String, Object> attributes) {

    /** Returns an integer attribute, or the ONNX default when the node does not set it. */
    long intAttribute(String name, long defaultValue) {
        Object value = attributes.get(name);
        return value == null ? defaultValue : ((Integer) value).longValue();
    }

    /** Returns a float attribute, or the ONNX default when the node does not set it. */
    double floatAttribute(String name, double defaultValue) {
        Object value = attributes.get(name);
        return value == null ? defaultValue : ((Float) value).doubleValue();
    }

    /** Returns the input at a position, or null when the optional input was left out. */
    Value input(int index) {
        return index < inputs.size() ? inputs.get(index) : null;
    }
}
