package dev.ppo4j.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link ModelProto} in an ordinary ONNX Runtime session on one intra-op thread, with
 * {@link HostTensor}s in and out. Meant for tests and tools; the training hot path keeps its
 * tensors in pinned buffers instead.
 */
public final class ModelRunner implements AutoCloseable {
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    /**
     * Creates a session for the model.
     *
     * @param model the model
     * @throws OrtException if ONNX Runtime rejects the model
     */
    public ModelRunner(ModelProto model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = environment.createSession(model.toByteArray(), options);
        }
    }

    /**
     * Runs the model and returns every graph output.
     *
     * @param inputs one tensor per graph input, by name
     * @return the outputs by name, in the graph's output order
     * @throws OrtException if ONNX Runtime fails to run the model
     */
    public Map<String, HostTensor> run(Map<String, HostTensor> inputs) throws OrtException {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        List<OnnxTensor> created = new ArrayList<>();
        try {
            for (Map.Entry<String, HostTensor> input : inputs.entrySet()) {
                OnnxTensor tensor = toOnnx(input.getValue());
                created.add(tensor);
                feeds.put(input.getKey(), tensor);
            }
            Map<String, HostTensor> outputs = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(feeds)) {
                for (Map.Entry<String, OnnxValue> output : result) {
                    outputs.put(output.getKey(), fromOnnx((OnnxTensor) output.getValue()));
                }
            }
            return outputs;
        } finally {
            for (OnnxTensor tensor : created) {
                tensor.close();
            }
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }

    private OnnxTensor toOnnx(HostTensor host) throws OrtException {
        double[] values = host.values();
        long[] dims = host.dims();
        switch (host.type()) {
            case FLOAT -> {
                float[] floats = new float[values.length];
                for (int i = 0; i < values.length; i++) {
                    floats[i] = (float) values[i];
                }
                return OnnxTensor.createTensor(environment, FloatBuffer.wrap(floats), dims);
            }
            case DOUBLE -> {
                return OnnxTensor.createTensor(environment, DoubleBuffer.wrap(values), dims);
            }
            case INT64 -> {
                long[] longs = new long[values.length];
                for (int i = 0; i < values.length; i++) {
                    longs[i] = (long) values[i];
                }
                return OnnxTensor.createTensor(environment, LongBuffer.wrap(longs), dims);
            }
            case BOOL -> {
                ByteBuffer bytes = ByteBuffer.allocateDirect(values.length).order(ByteOrder.nativeOrder());
                for (double value : values) {
                    bytes.put((byte) (value != 0 ? 1 : 0));
                }
                bytes.flip();
                return OnnxTensor.createTensor(environment, bytes, dims, OnnxJavaType.BOOL);
            }
            default -> throw new AssertionError(host.type());
        }
    }

    private static HostTensor fromOnnx(OnnxTensor tensor) {
        TensorInfo info = tensor.getInfo();
        long[] dims = info.getShape();
        int count = Math.toIntExact(info.getNumElements());
        double[] values = new double[count];
        ElementType type;
        switch (info.type) {
            case FLOAT -> {
                type = ElementType.FLOAT;
                FloatBuffer buffer = tensor.getFloatBuffer();
                for (int i = 0; i < count; i++) {
                    values[i] = buffer.get(i);
                }
            }
            case DOUBLE -> {
                type = ElementType.DOUBLE;
                tensor.getDoubleBuffer().get(values);
            }
            case INT64 -> {
                type = ElementType.INT64;
                LongBuffer buffer = tensor.getLongBuffer();
                for (int i = 0; i < count; i++) {
                    values[i] = buffer.get(i);
                }
            }
            case BOOL -> {
                type = ElementType.BOOL;
                ByteBuffer buffer = tensor.getByteBuffer();
                for (int i = 0; i < count; i++) {
                    values[i] = buffer.get(i) != 0 ? 1 : 0;
                }
            }
            default -> throw new IllegalStateException("Output element type " + info.type
                    + " is not supported by HostTensor; cast the output to FLOAT, DOUBLE, INT64 "
                    + "or BOOL.");
        }
        return new HostTensor(type, dims, values);
    }
}
