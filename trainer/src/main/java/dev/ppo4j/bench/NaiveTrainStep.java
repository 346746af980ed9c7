package dev.ppo4j.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ppo4j.engine.GraphNames;
import dev.ppo4j.engine.HyperParameters;
import dev.ppo4j.engine.Minibatch;
import dev.ppo4j.engine.StepInput;
import dev.ppo4j.model.ParameterTensor;
import dev.ppo4j.model.Parameters;
import dev.ppo4j.model.PolicyNames;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline of {@link UpdateBenchmark}: the same train-step graph, but every step wraps fresh
 * tensors around Java arrays and lets ONNX Runtime allocate the outputs, which are then copied
 * back into the arrays. It exists to show what the engine's pinned buffers save; training never
 * uses it.
 */
final class NaiveTrainStep implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Minibatch mb;
    private final int observationDim;
    private final int actionDim;
    private final List<ParameterTensor> tensors;
    private final float[] params;
    private final float[] m;
    private final float[] v;
    private final HyperParameters hp;
    private long t;

    NaiveTrainStep(byte[] graph, Parameters initial, Minibatch mb, int observationDim, int actionDim, HyperParameters hp)
            throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session = env.createSession(graph, options);
        }
        this.mb = mb;
        this.observationDim = observationDim;
        this.actionDim = actionDim;
        this.tensors = initial.spec().parameterTensors();
        this.params = initial.values();
        this.m = new float[params.length];
        this.v = new float[params.length];
        this.hp = hp;
    }

    /** One Adam step on the minibatch. */
    void step() throws OrtException {
        t++;
        int n = mb.size();
        List<OnnxTensor> created = new ArrayList<>();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            put(inputs, created, GraphNames.PARAMS, params, params.length);
            put(inputs, created, GraphNames.ADAM_M, m, m.length);
            put(inputs, created, GraphNames.ADAM_V, v, v.length);
            for (ParameterTensor tensor : tensors) {
                put(inputs, created, tensor.name(), Arrays.copyOfRange(params, tensor.offset(),
                        tensor.offset() + tensor.size()), tensor.dims());
                if (tensor.isMatrix()) {
                    // the first layers read their weight with the bias as a last row, named after the layer
                    long[] dims = tensor.dims();
                    put(inputs, created, tensor.name().substring(0, tensor.name().lastIndexOf('.')),
                            Arrays.copyOfRange(params, tensor.offset(), tensor.offset() + tensor.size() + (int) dims[1]),
                            dims[0] + 1, dims[1]);
                }
            }
            put(inputs, created, PolicyNames.OBSERVATIONS, mb.observations(), n, observationDim);
            put(inputs, created, GraphNames.OBSERVATIONS_WITH_ONES, withOnes(mb.observations(), n), n, observationDim + 1);
            put(inputs, created, GraphNames.ACTIONS, mb.actions(), n, actionDim);
            put(inputs, created, GraphNames.OLD_LOG_PROB, mb.oldLogProbs(), n);
            put(inputs, created, GraphNames.ADVANTAGES, mb.advantages(), n);
            put(inputs, created, GraphNames.RETURNS, mb.returns(), n);
            put(inputs, created, GraphNames.OLD_VALUES, mb.oldValues(), n);
            for (StepInput key : StepInput.values()) {
                put(inputs, created, key.graphName(), new float[] {(float) key.valueAt(hp, t, n)});
            }
            try (OrtSession.Result result = session.run(inputs)) {
                copy(result, GraphNames.PARAMS_OUT, params);
                copy(result, GraphNames.ADAM_M_OUT, m);
                copy(result, GraphNames.ADAM_V_OUT, v);
            }
        } finally {
            created.forEach(OnnxTensor::close);
        }
    }

    /** Wraps {@code data} as the input {@code name} if the graph reads it. */
    private void put(Map<String, OnnxTensor> inputs, List<OnnxTensor> created, String name, float[] data, long... shape)
            throws OrtException {
        if (!session.getInputNames().contains(name)) {
            return;
        }
        OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
        created.add(tensor);
        inputs.put(name, tensor);
    }

    private float[] withOnes(float[] observations, int rows) {
        float[] out = new float[rows * (observationDim + 1)];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(observations, r * observationDim, out, r * (observationDim + 1), observationDim);
            out[r * (observationDim + 1) + observationDim] = 1f;
        }
        return out;
    }

    private static void copy(OrtSession.Result result, String name, float[] into) {
        ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer().get(into);
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
