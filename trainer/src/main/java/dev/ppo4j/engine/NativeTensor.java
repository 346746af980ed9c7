package dev.ppo4j.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/**
 * A tensor backed by a direct buffer that ONNX Runtime reads and writes in place: filling the
 * buffer changes the tensor's contents with no copy and no native allocation.
 */
final class NativeTensor implements AutoCloseable {
    private final FloatBuffer floats;
    private final LongBuffer longs;
    private final OnnxTensor tensor;

    private NativeTensor(FloatBuffer floats, LongBuffer longs, OnnxTensor tensor) {
        this.floats = floats;
        this.longs = longs;
        this.tensor = tensor;
    }

    /** A float32 tensor of the given shape ({@code new long[0]} for a scalar). */
    static NativeTensor floats(OrtEnvironment env, long... shape) throws OrtException {
        FloatBuffer buffer = ByteBuffer.allocateDirect(4 * elementCount(shape)).order(ByteOrder.nativeOrder()).asFloatBuffer();
        return new NativeTensor(buffer, null, OnnxTensor.createTensor(env, buffer, shape));
    }

    /** An int64 tensor of the given shape. */
    static NativeTensor longs(OrtEnvironment env, long... shape) throws OrtException {
        LongBuffer buffer = ByteBuffer.allocateDirect(8 * elementCount(shape)).order(ByteOrder.nativeOrder()).asLongBuffer();
        return new NativeTensor(null, buffer, OnnxTensor.createTensor(env, buffer, shape));
    }

    private static int elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return Math.toIntExact(Math.max(n, 1));
    }

    OnnxTensor tensor() {
        return tensor;
    }

    /**
     * A tensor over part of this float tensor's buffer, sharing its memory: what ONNX Runtime
     * writes here is what the view reads, with no copy. The caller closes the view; this tensor
     * must outlive it.
     *
     * @param env the environment
     * @param offset the first element of the part
     * @param shape the view's shape; its element count must fit from {@code offset}
     * @return the view
     */
    OnnxTensor view(OrtEnvironment env, int offset, long... shape) throws OrtException {
        return OnnxTensor.createTensor(env, floats.slice(offset, elementCount(shape)), shape);
    }

    /** Copies {@code count} values from {@code src} into the tensor. */
    void write(float[] src, int count) {
        floats.put(0, src, 0, count);
    }

    /**
     * Copies {@code rows} rows of {@code width} values into the first {@code width} columns of a
     * {@code [rows, width + 1]} tensor whose last column holds ones ({@link #fillLastColumn}).
     */
    void writeRowsBeforeLastColumn(float[] src, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            floats.put(r * (width + 1), src, r * width, width);
        }
    }

    /** Sets the last column of a {@code [rows, width + 1]} tensor to {@code value}. */
    void fillLastColumn(int rows, int width, float value) {
        for (int r = 0; r < rows; r++) {
            floats.put(r * (width + 1) + width, value);
        }
    }

    /** Copies indices given as floats into an int64 tensor. */
    void writeIndices(float[] src, int count) {
        for (int i = 0; i < count; i++) {
            longs.put(i, (long) src[i]);
        }
    }

    void writeScalar(double value) {
        floats.put(0, (float) value);
    }

    /** Copies {@code count} values out of the tensor into {@code dst}. */
    void read(float[] dst, int count) {
        floats.get(0, dst, 0, count);
    }

    /** Copies {@code count} values starting at element {@code offset} into {@code dst}. */
    void read(int offset, float[] dst, int count) {
        floats.get(offset, dst, 0, count);
    }

    float scalar() {
        return floats.get(0);
    }

    int capacity() {
        return floats.capacity();
    }

    @Override
    public void close() {
        tensor.close();
    }
}
