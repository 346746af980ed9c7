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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.util.onnx.ONNXContext;

/**
 * Writes what a {@link GraphBuilder} records as ONNX protobuf: node protos (through Tribuo's
 * {@link org.tribuo.util.onnx.ONNXOperator}), constants as little-endian raw-data initializers,
 * the graph's inputs and outputs with their types and (symbolic) shapes, and the model with its
 * pinned IR version, opset and metadata.
 */
final class ModelWriter {
    /** The pinned opset version of the default ONNX domain. */
    static final int OPSET_VERSION = 18;
    /** The pinned ONNX IR version (the one that introduced opset 18). */
    static final long IR_VERSION = 8;

    private final ONNXContext nodeNames = new ONNXContext();
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /**
     * Appends a node; null operands leave optional inputs out. Attributes are written sorted by
     * name, so that a graph's bytes do not depend on a map's iteration order.
     */
    void node(OnnxOp op, List<Value> operands, Map<String, Object> attributes, String outputName) {
        String[] inputNames = new String[operands.size()];
        for (int i = 0; i < inputNames.length; i++) {
            inputNames[i] = operands.get(i) == null ? "" : operands.get(i).name();
        }
        nodes.add(op.build(nodeNames, inputNames, new String[] {outputName},
                new TreeMap<>(attributes)));
    }

    /** Appends a constant as an initializer. */
    void initializer(String name, ElementType type, long[] dims, double[] values) {
        initializers.add(tensorProto(name, type, dims, values));
    }

    /** Adds a {@code metadata_props} entry (a later value replaces an earlier one of the key). */
    void metadata(String key, String value) {
        metadata.put(key, value);
    }

    /**
     * Assembles the model: the given inputs and outputs, every node and initializer recorded so
     * far, and the metadata.
     *
     * @param graphName the name written into the graph
     * @param inputs the graph inputs, in order
     * @param outputs the graph outputs by name, in order
     * @param shapes the graph's symbolic dimensions, written as {@code dim_param}s
     * @return the model
     */
    ModelProto write(String graphName, List<Value> inputs, Map<String, Value> outputs,
            ShapeInference shapes) {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName(graphName)
                .addAllNode(nodes).addAllInitializer(initializers);
        for (Value input : inputs) {
            graph.addInput(valueInfo(input.name(), input, shapes));
        }
        for (Map.Entry<String, Value> output : outputs.entrySet()) {
            graph.addOutput(valueInfo(output.getKey(), output.getValue(), shapes));
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

    private static ValueInfoProto valueInfo(String name, Value value, ShapeInference shapes) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long dim : value.dims()) {
            TensorShapeProto.Dimension.Builder dimension = TensorShapeProto.Dimension.newBuilder();
            if (dim >= 0) {
                dimension.setDimValue(dim);
            } else if (shapes.isNamed(dim)) {
                dimension.setDimParam(shapes.symbolName(dim));
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
