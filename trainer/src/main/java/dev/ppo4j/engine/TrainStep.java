package dev.ppo4j.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.PolicyNames;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The PPO train step: one {@code OrtSession.run} per minibatch computes the loss, its gradient,
 * global-norm clipping and the Adam update, writing the new parameters and moments into the
 * {@link ParameterState}'s other buffer set through pinned outputs. Input tensors are allocated
 * once per distinct minibatch size and reused; a step allocates no tensors.
 *
 * <p>Not thread-safe: one training loop drives it.
 */
public final class TrainStep implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ParameterState state;
    private final ModelSpec spec;
    private final LossConfig loss;
    private final Set<String> inputNames;
    private final Map<StepInput, NativeTensor> scalars = new EnumMap<>(StepInput.class);
    private final Map<Diagnostic, NativeTensor> diagnostics = new EnumMap<>(Diagnostic.class);
    private final List<Map<String, OnnxTensor>> pinnedOutputs = new ArrayList<>(2);
    private final Map<Integer, BatchInputs> batches = new HashMap<>();

    TrainStep(OrtEnvironment env, ParameterState state, LossConfig loss, byte[] model) {
        this.env = env;
        this.state = state;
        this.spec = state.spec();
        this.loss = loss;
        this.session = Sessions.open(env, model, "train-step");
        try {
            this.inputNames = session.getInputNames();
            Set<String> outputNames = session.getOutputNames();
            for (StepInput key : StepInput.values()) {
                if (inputNames.contains(key.graphName())) {
                    scalars.put(key, NativeTensor.floats(env));
                }
            }
            for (Diagnostic d : Diagnostic.values()) {
                if (outputNames.contains(d.graphName())) {
                    diagnostics.put(d, NativeTensor.floats(env));
                }
            }
            for (int side = 0; side < 2; side++) {
                Map<String, OnnxTensor> outputs = new HashMap<>();
                outputs.put(GraphNames.PARAMS_OUT, state.params(1 - side));
                outputs.put(GraphNames.ADAM_M_OUT, state.firstMoments(1 - side));
                outputs.put(GraphNames.ADAM_V_OUT, state.secondMoments(1 - side));
                diagnostics.forEach((d, t) -> outputs.put(d.graphName(), t.tensor()));
                pinnedOutputs.add(outputs);
            }
        } catch (OrtException | RuntimeException e) {
            close();
            throw e instanceof OrtException oe ? new EngineException("Could not prepare the train step's tensors: "
                    + oe.getMessage(), oe) : (RuntimeException) e;
        }
    }

    /**
     * Takes one Adam step on a minibatch and returns the minibatch's diagnostics (measured with
     * the parameters before the update).
     *
     * @param minibatch the samples; arrays are read, never kept
     * @param hp this step's values of the step inputs (the bias corrections follow from the step count)
     * @return the diagnostics the graph computes
     * @throws IllegalArgumentException if an array is missing or too short
     * @throws EngineException if ONNX Runtime fails
     */
    public Diagnostics step(Minibatch minibatch, HyperParameters hp) {
        BatchInputs in = inputsFor(minibatch.size());
        in.fill(minibatch);
        long t = state.stepCount() + 1;
        scalars.forEach((key, tensor) -> tensor.writeScalar(key.valueAt(hp, t)));
        int side = state.currentSide();
        try {
            // Every output is pinned, so the result owns nothing; closing it only marks it closed.
            session.run(in.inputs.get(side), pinnedOutputs.get(side)).close();
            state.commitStep();
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime failed to run the train step: " + e.getMessage(), e);
        }
        Map<Diagnostic, Double> values = new EnumMap<>(Diagnostic.class);
        diagnostics.forEach((d, tensor) -> values.put(d, (double) tensor.scalar()));
        return new Diagnostics(values);
    }

    private BatchInputs inputsFor(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("A minibatch needs at least one sample, got size " + size + ".");
        }
        BatchInputs in = batches.get(size);
        if (in == null) {
            try {
                in = new BatchInputs(size);
            } catch (OrtException e) {
                throw new EngineException("Could not allocate the train step's inputs for minibatch size " + size
                        + ": " + e.getMessage(), e);
            }
            batches.put(size, in);
        }
        return in;
    }

    /** The minibatch input tensors for one minibatch size, and the two input maps (one per buffer side). */
    private final class BatchInputs implements AutoCloseable {
        private final int size;
        private final List<NativeTensor> owned = new ArrayList<>();
        private final NativeTensor observations;
        private final NativeTensor actions;
        private final NativeTensor oldLogProbs;
        private final NativeTensor advantages;
        private final NativeTensor returns;
        private final NativeTensor oldValues;
        private final NativeTensor oldDist;
        private final NativeTensor oldLogStd;
        private final List<Map<String, OnnxTensor>> inputs = new ArrayList<>(2);

        BatchInputs(int size) throws OrtException {
            this.size = size;
            int width = spec.actionWidth();
            try {
                observations = own(NativeTensor.floats(env, size, spec.observationDim()));
                actions = own(spec.isGaussian() ? NativeTensor.floats(env, size, width) : NativeTensor.longs(env, size));
                oldLogProbs = own(NativeTensor.floats(env, size));
                advantages = own(NativeTensor.floats(env, size));
                returns = own(NativeTensor.floats(env, size));
                oldValues = inputNames.contains(GraphNames.OLD_VALUES) ? own(NativeTensor.floats(env, size)) : null;
                oldDist = inputNames.contains(GraphNames.OLD_DIST) ? own(NativeTensor.floats(env, size, width)) : null;
                oldLogStd = inputNames.contains(GraphNames.OLD_LOG_STD) ? own(NativeTensor.floats(env, size, width)) : null;
            } catch (OrtException | RuntimeException e) {
                close();
                throw e;
            }
            for (int side = 0; side < 2; side++) {
                Map<String, OnnxTensor> map = new HashMap<>();
                map.put(GraphNames.PARAMS, state.params(side));
                map.put(GraphNames.ADAM_M, state.firstMoments(side));
                map.put(GraphNames.ADAM_V, state.secondMoments(side));
                map.put(PolicyNames.OBSERVATIONS, observations.tensor());
                map.put(GraphNames.ACTIONS, actions.tensor());
                map.put(GraphNames.OLD_LOG_PROB, oldLogProbs.tensor());
                map.put(GraphNames.ADVANTAGES, advantages.tensor());
                map.put(GraphNames.RETURNS, returns.tensor());
                if (oldValues != null) {
                    map.put(GraphNames.OLD_VALUES, oldValues.tensor());
                }
                if (oldDist != null) {
                    map.put(GraphNames.OLD_DIST, oldDist.tensor());
                }
                if (oldLogStd != null) {
                    map.put(GraphNames.OLD_LOG_STD, oldLogStd.tensor());
                }
                scalars.forEach((key, t) -> map.put(key.graphName(), t.tensor()));
                map.keySet().retainAll(inputNames);
                inputs.add(map);
            }
        }

        private NativeTensor own(NativeTensor t) {
            owned.add(t);
            return t;
        }

        void fill(Minibatch mb) {
            int width = spec.actionWidth();
            int obs = size * spec.observationDim();
            observations.write(require(mb.observations(), obs, "observations"), obs);
            if (spec.isGaussian()) {
                actions.write(require(mb.actions(), size * width, "actions"), size * width);
            } else {
                actions.writeIndices(require(mb.actions(), size, "actions"), size);
            }
            oldLogProbs.write(require(mb.oldLogProbs(), size, "oldLogProbs"), size);
            advantages.write(require(mb.advantages(), size, "advantages"), size);
            returns.write(require(mb.returns(), size, "returns"), size);
            if (oldValues != null) {
                oldValues.write(require(mb.oldValues(), size, "oldValues"), size);
            }
            if (oldDist != null) {
                oldDist.write(require(mb.oldMeansOrLogits(), size * width, "oldMeansOrLogits"), size * width);
            }
            if (oldLogStd != null) {
                oldLogStd.write(require(mb.oldLogStd(), size * width, "oldLogStd"), size * width);
            }
        }

        private float[] require(float[] array, int length, String name) {
            if (array == null || array.length < length) {
                throw new IllegalArgumentException("Minibatch." + name + " must hold at least " + length
                        + " values for a minibatch of " + size + " with this model and loss ("
                        + loss.objective() + "), got " + (array == null ? "null" : array.length) + ".");
            }
            return array;
        }

        @Override
        public void close() {
            owned.forEach(NativeTensor::close);
        }
    }

    /** Closes the session and every tensor this step allocated (not the shared parameter state). */
    @Override
    public void close() {
        batches.values().forEach(BatchInputs::close);
        scalars.values().forEach(NativeTensor::close);
        diagnostics.values().forEach(NativeTensor::close);
        try {
            session.close();
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime failed to close the train-step session: " + e.getMessage(), e);
        }
    }
}
