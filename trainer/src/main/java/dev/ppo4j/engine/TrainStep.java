package dev.ppo4j.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ppo4j.model.ModelSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A train step: one {@code OrtSession.run} per minibatch computes the loss, its gradient and the
 * Adam update (PPO's step also clips the gradient's norm), writing the new parameters and moments
 * into the {@link ParameterState}'s other buffer set through pinned outputs. Runs PPO's graph
 * ({@link PpoGraphs#trainStep}) and the critic and actor steps of TRPO and vpg-adaptive
 * ({@link TrpoGraphs}); it feeds the minibatch inputs and step inputs its graph declares. Input
 * tensors are allocated once per distinct minibatch size and reused; a step allocates no tensors.
 *
 * <p>Not thread-safe: one training loop drives it.
 */
public final class TrainStep implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ParameterState state;
    private final ModelSpec spec;
    private final String lossDescription;
    private final Set<String> inputNames;
    private final Map<StepInput, NativeTensor> scalars = new EnumMap<>(StepInput.class);
    private final Map<Diagnostic, NativeTensor> diagnostics = new EnumMap<>(Diagnostic.class);
    private final List<Map<String, OnnxTensor>> pinnedOutputs = new ArrayList<>(2);
    private final Map<Integer, BatchInputs> batches = new HashMap<>();
    /** The average policy's parameters, for a graph that reads {@link GraphNames#AVERAGE_PARAMS}; else null. */
    private final NativeTensor averageParams;
    /** Whether the graph reports the loss's terms but not their total ({@link PpoGraphs#trainStep}), which the step adds. */
    private final boolean sumsTotalLoss;

    TrainStep(OrtEnvironment env, ParameterState state, String lossDescription, byte[] model) {
        this.env = env;
        this.state = state;
        this.spec = state.spec();
        this.lossDescription = lossDescription;
        this.session = Sessions.open(env, model, "train-step");
        try {
            this.inputNames = session.getInputNames();
            this.averageParams = inputNames.contains(GraphNames.AVERAGE_PARAMS)
                    ? NativeTensor.floats(env, spec.parameterCount()) : null;
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
            this.sumsTotalLoss = !diagnostics.containsKey(Diagnostic.LOSS)
                    && diagnostics.containsKey(Diagnostic.POLICY_LOSS) && diagnostics.containsKey(Diagnostic.VALUE_LOSS);
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
     * Takes one Adam step on a minibatch, counted in the {@link ParameterState}'s step count, and
     * returns the minibatch's diagnostics (measured with the parameters before the update).
     *
     * @param minibatch the samples; arrays are read, never kept
     * @param hp this step's values of the step inputs (the bias corrections follow from the step count)
     * @return the diagnostics the graph computes
     * @throws IllegalArgumentException if an array is missing or too short
     * @throws EngineException if ONNX Runtime fails
     */
    public Diagnostics step(Minibatch minibatch, HyperParameters hp) {
        Diagnostics diagnostics = step(minibatch, hp, state.stepCount() + 1);
        state.countStep();
        return diagnostics;
    }

    /**
     * Takes one Adam step whose bias corrections are those of step {@code adamStep}, for an
     * optimiser that keeps its own count over its part of the parameters (vpg-adaptive's actor
     * steps once per update); the {@link ParameterState}'s step count is left as it is.
     *
     * @param minibatch the samples; arrays are read, never kept
     * @param hp this step's values of the step inputs
     * @param adamStep the number of this step in its optimiser's count, 1 for the first
     * @return the diagnostics the graph computes (with the parameters before the update)
     * @throws IllegalArgumentException if an array is missing or too short
     * @throws EngineException if ONNX Runtime fails
     */
    public Diagnostics step(Minibatch minibatch, HyperParameters hp, long adamStep) {
        BatchInputs in = inputsFor(minibatch.size());
        in.fill(minibatch);
        scalars.forEach((key, tensor) -> tensor.writeScalar(key.valueAt(hp, adamStep, minibatch.size())));
        int side = state.currentSide();
        try {
            // Every output is pinned, so the result owns nothing; closing it only marks it closed.
            session.run(in.inputs.get(side), pinnedOutputs.get(side)).close();
            state.swapSides();
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime failed to run the train step: " + e.getMessage(), e);
        }
        Map<Diagnostic, Double> values = new EnumMap<>(Diagnostic.class);
        diagnostics.forEach((d, tensor) -> values.put(d, (double) tensor.scalar()));
        if (sumsTotalLoss) {
            values.put(Diagnostic.LOSS, (double) totalLoss(hp));
        }
        return new Diagnostics(values);
    }

    /**
     * −L + vf·L_V (− ent·H when the graph reads the entropy coefficient) from the reported terms,
     * in float32 and in the order {@link PpoGraphs#loss} adds them, so the value is the one the
     * graph would have output.
     */
    private float totalLoss(HyperParameters hp) {
        float valueCoef = (float) hp.get(StepInput.VALUE_COEF);
        float loss = diagnostics.get(Diagnostic.POLICY_LOSS).scalar()
                + valueCoef * diagnostics.get(Diagnostic.VALUE_LOSS).scalar();
        if (scalars.containsKey(StepInput.ENTROPY_COEF)) {
            float entropyCoef = (float) hp.get(StepInput.ENTROPY_COEF);
            loss -= entropyCoef * diagnostics.get(Diagnostic.ENTROPY).scalar();
        }
        return loss;
    }

    /**
     * Sets the average policy's parameters the following steps read (a2c-trust-region's step).
     *
     * @param values the flat parameters, {@link ModelSpec#parameterCount()} of them
     * @throws IllegalStateException if this step's graph has no average policy
     */
    public void setAverageParameters(float[] values) {
        if (averageParams == null) {
            throw new IllegalStateException("This train step (" + lossDescription + ") reads no average policy.");
        }
        averageParams.write(values, spec.parameterCount());
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

    /** The minibatch tensors for one minibatch size, and the two input maps (one per buffer side). */
    private final class BatchInputs implements AutoCloseable {
        private final MinibatchTensors tensors;
        private final List<Map<String, OnnxTensor>> inputs = new ArrayList<>(2);

        BatchInputs(int size) throws OrtException {
            tensors = new MinibatchTensors(env, spec, inputNames, size, lossDescription);
            for (int side = 0; side < 2; side++) {
                Map<String, OnnxTensor> map = new HashMap<>();
                map.put(GraphNames.PARAMS, state.params(side));
                map.put(GraphNames.ADAM_M, state.firstMoments(side));
                map.put(GraphNames.ADAM_V, state.secondMoments(side));
                map.putAll(state.parameterTensors(side));
                tensors.putInto(map);
                scalars.forEach((key, t) -> map.put(key.graphName(), t.tensor()));
                if (averageParams != null) {
                    map.put(GraphNames.AVERAGE_PARAMS, averageParams.tensor());
                }
                map.keySet().retainAll(inputNames);
                inputs.add(map);
            }
        }

        void fill(Minibatch mb) {
            tensors.fill(mb);
        }

        @Override
        public void close() {
            tensors.close();
        }
    }

    /** Closes the session and every tensor this step allocated (not the shared parameter state). */
    @Override
    public void close() {
        batches.values().forEach(BatchInputs::close);
        scalars.values().forEach(NativeTensor::close);
        diagnostics.values().forEach(NativeTensor::close);
        if (averageParams != null) {
            averageParams.close();
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime failed to close the train-step session: " + e.getMessage(), e);
        }
    }
}
