package dev.ppo4j.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.ParameterTensor;
import dev.ppo4j.model.PolicyNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Batched forward passes over the current parameters for collection: the policy graph (mean or
 * logits and value) and the value-only graph (critic only, for recomputing advantages). Both
 * read the {@link ParameterState}'s current buffers directly, so an update is visible at once
 * without re-export; the policy graph also runs with a {@link CandidateParameters} vector instead
 * (the cross-entropy method's candidates). Tensors are allocated once per distinct batch size and
 * reused.
 *
 * <p>Not thread-safe.
 */
public final class PolicyRunner implements AutoCloseable {
    private final OrtEnvironment env;
    private final ParameterState state;
    private final ModelSpec spec;
    private final OrtSession policySession;
    private final OrtSession valueSession;
    private final String distOutput;
    private final int logStdOffset;
    private final Map<Integer, Batch> policyBatches = new HashMap<>();
    private final Map<Integer, Batch> valueBatches = new HashMap<>();

    PolicyRunner(OrtEnvironment env, ParameterState state, byte[] policyModel, byte[] valueModel) {
        this.env = env;
        this.state = state;
        this.spec = state.spec();
        this.distOutput = spec.isGaussian() ? PolicyNames.MEAN : PolicyNames.LOGITS;
        this.logStdOffset = spec.parameterTensors().stream().filter(p -> p.name().equals(PolicyNames.LOG_STD))
                .mapToInt(ParameterTensor::offset).findFirst().orElse(-1);
        this.policySession = Sessions.open(env, policyModel, "policy");
        OrtSession values;
        try {
            values = Sessions.open(env, valueModel, "value");
        } catch (RuntimeException e) {
            closeQuietly(policySession);
            throw e;
        }
        this.valueSession = values;
    }

    /**
     * Runs the actor and critic on a batch of normalised observations.
     *
     * @param normalisedObs {@code batch × observationDim} values (row-major)
     * @param batch number of observations
     * @param meanOrLogitsOut receives {@code batch × actionWidth} Gaussian means or logits
     * @param valueOut receives {@code batch} state values
     * @throws EngineException if ONNX Runtime fails
     */
    public void forward(float[] normalisedObs, int batch, float[] meanOrLogitsOut, float[] valueOut) {
        forward(state.currentParams(), normalisedObs, batch, meanOrLogitsOut, valueOut);
    }

    /**
     * Runs the actor and critic with a candidate's parameters instead of the current ones.
     *
     * @param parameters the parameters to run with
     * @param normalisedObs {@code batch × observationDim} values (row-major)
     * @param batch number of observations
     * @param meanOrLogitsOut receives {@code batch × actionWidth} Gaussian means or logits
     * @param valueOut receives {@code batch} state values
     * @throws EngineException if ONNX Runtime fails
     */
    public void forward(CandidateParameters parameters, float[] normalisedObs, int batch, float[] meanOrLogitsOut,
            float[] valueOut) {
        forward(parameters.tensor(), normalisedObs, batch, meanOrLogitsOut, valueOut);
    }

    private void forward(OnnxTensor parameters, float[] normalisedObs, int batch, float[] meanOrLogitsOut, float[] valueOut) {
        checkLength(meanOrLogitsOut, batch * spec.actionWidth(), "meanOrLogitsOut");
        checkLength(valueOut, batch, "valueOut");
        Batch b = batch(policyBatches, batch, true);
        b.run(policySession, normalisedObs, parameters);
        b.dist.read(meanOrLogitsOut, batch * spec.actionWidth());
        b.value.read(valueOut, batch);
    }

    /**
     * Runs the critic only (no actor, no gradient), e.g. for the whole batch when recomputing
     * advantages or for the final observations of truncated episodes.
     *
     * @param normalisedObs {@code batch × observationDim} values (row-major)
     * @param batch number of observations
     * @param valueOut receives {@code batch} state values
     * @throws EngineException if ONNX Runtime fails
     */
    public void values(float[] normalisedObs, int batch, float[] valueOut) {
        checkLength(valueOut, batch, "valueOut");
        Batch b = batch(valueBatches, batch, false);
        b.run(valueSession, normalisedObs, state.currentParams());
        b.value.read(valueOut, batch);
    }

    /**
     * The Gaussian head's current log standard deviation (state-independent).
     *
     * @param out receives {@code actionDim} values
     * @throws IllegalStateException for a categorical head
     */
    public void logStd(float[] out) {
        if (!spec.isGaussian()) {
            throw new IllegalStateException("A categorical policy has no log_std; use the logits from forward().");
        }
        checkLength(out, spec.actionWidth(), "out");
        state.readCurrentParameters(logStdOffset, out, spec.actionWidth());
    }

    private static void checkLength(float[] array, int length, String name) {
        if (array == null || array.length < length) {
            throw new IllegalArgumentException(name + " must hold at least " + length + " values, got "
                    + (array == null ? "null" : array.length) + ".");
        }
    }

    private Batch batch(Map<Integer, Batch> cache, int size, boolean withDist) {
        if (size < 1) {
            throw new IllegalArgumentException("A forward pass needs at least one observation, got batch " + size + ".");
        }
        Batch b = cache.get(size);
        if (b == null) {
            try {
                b = new Batch(size, withDist);
            } catch (OrtException e) {
                throw new EngineException("Could not allocate policy tensors for batch size " + size + ": "
                        + e.getMessage(), e);
            }
            cache.put(size, b);
        }
        return b;
    }

    /** Input and pinned output tensors for one batch size. */
    private final class Batch implements AutoCloseable {
        private final int size;
        private final List<NativeTensor> owned = new ArrayList<>();
        private final NativeTensor obs;
        private final NativeTensor dist;
        private final NativeTensor value;
        private final Map<String, OnnxTensor> inputs = new HashMap<>();
        private final Map<String, OnnxTensor> outputs = new HashMap<>();

        Batch(int size, boolean withDist) throws OrtException {
            this.size = size;
            try {
                obs = own(NativeTensor.floats(env, size, spec.observationDim()));
                value = own(NativeTensor.floats(env, size));
                dist = withDist ? own(NativeTensor.floats(env, size, spec.actionWidth())) : null;
            } catch (OrtException | RuntimeException e) {
                close();
                throw e;
            }
            inputs.put(PolicyNames.OBSERVATIONS, obs.tensor());
            outputs.put(PolicyNames.VALUE, value.tensor());
            if (dist != null) {
                outputs.put(distOutput, dist.tensor());
            }
        }

        private NativeTensor own(NativeTensor t) {
            owned.add(t);
            return t;
        }

        void run(OrtSession session, float[] normalisedObs, OnnxTensor parameters) {
            checkLength(normalisedObs, size * spec.observationDim(), "normalisedObs");
            obs.write(normalisedObs, size * spec.observationDim());
            inputs.put(GraphNames.PARAMS, parameters);
            try {
                // Outputs are pinned: the values land in this batch's buffers and the result owns nothing.
                session.run(inputs, outputs).close();
            } catch (OrtException e) {
                throw new EngineException("ONNX Runtime failed to run the policy: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            owned.forEach(NativeTensor::close);
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // Already failing: the original error is the one to report.
        }
    }

    /** Closes both sessions and every tensor this runner allocated (not the shared parameter state). */
    @Override
    public void close() {
        policyBatches.values().forEach(Batch::close);
        valueBatches.values().forEach(Batch::close);
        try {
            policySession.close();
            valueSession.close();
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime failed to close the policy sessions: " + e.getMessage(), e);
        }
    }
}
