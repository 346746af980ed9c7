package dev.ppo4j.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Transformations of finished models. */
public final class OnnxModels {
    private OnnxModels() {
    }

    /**
     * Turns chosen graph inputs into initializers holding the given values, e.g. to export a
     * policy whose parameters were graph inputs during training. The other inputs stay inputs.
     *
     * @param model the model
     * @param values the values by input name; each input must have static dimensions, a FLOAT or
     *     DOUBLE element type, and exactly as many elements as the values given
     * @return a copy of the model with those inputs baked in
     * @throws IllegalArgumentException if a name is not a graph input or does not fit
     */
    public static ModelProto inputsToInitializers(ModelProto model, Map<String, float[]> values) {
        GraphProto graph = model.getGraph();
        GraphProto.Builder rewritten = graph.toBuilder().clearInput();
        Set<String> frozen = new HashSet<>();
        for (ValueInfoProto input : graph.getInputList()) {
            float[] data = values.get(input.getName());
            if (data == null) {
                rewritten.addInput(input);
                continue;
            }
            ElementType type = ElementType.of(TensorProto.DataType.forNumber(
                    input.getType().getTensorType().getElemType()));
            if (!type.isFloatingPoint()) {
                throw new IllegalArgumentException("Input '" + input.getName() + "' is " + type
                        + "; only FLOAT or DOUBLE inputs can be turned into initializers from floats.");
            }
            TensorShapeProto shape = input.getType().getTensorType().getShape();
            long[] dims = new long[shape.getDimCount()];
            long count = 1;
            for (int i = 0; i < dims.length; i++) {
                if (!shape.getDim(i).hasDimValue()) {
                    throw new IllegalArgumentException("Input '" + input.getName()
                            + "' has a symbolic dimension; only static inputs can become initializers.");
                }
                dims[i] = shape.getDim(i).getDimValue();
                count *= dims[i];
            }
            if (count != data.length) {
                throw new IllegalArgumentException("Input '" + input.getName() + "' holds " + count
                        + " elements but " + data.length + " values were given.");
            }
            double[] widened = new double[data.length];
            for (int i = 0; i < data.length; i++) {
                widened[i] = data[i];
            }
            rewritten.addInitializer(ModelWriter.tensorProto(input.getName(), type, dims, widened));
            frozen.add(input.getName());
        }
        if (!frozen.equals(values.keySet())) {
            Set<String> missing = new HashSet<>(values.keySet());
            missing.removeAll(frozen);
            throw new IllegalArgumentException("These names are not graph inputs: " + missing
                    + "; pass only names of the model's inputs.");
        }
        return model.toBuilder().setGraph(rewritten).build();
    }
}
