package dev.ppo4j.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ppo4j.onnx.ElementType;
import java.util.HashMap;
import java.util.Map;

/**
 * The surrogate E[r·Â] and the mean KL(π_old‖π_θ) of a parameter vector on one loaded batch
 * (the graph of {@link TrpoGraphs#surrogateAndKl}): TRPO's line search evaluates its candidates
 * with it, vpg-adaptive the KL its step caused. The batch's tensors and the candidate's are
 * allocated once; an evaluation allocates none.
 *
 * <p>Not thread-safe.
 */
public final class SurrogateEvaluation implements AutoCloseable {
    private final ParameterState state;
    private final OrtSession session;
    private final MinibatchTensors samples;
    private final NativeTensor candidate;
    private final NativeTensor surrogate;
    private final NativeTensor kl;
    private final Map<String, OnnxTensor> inputs = new HashMap<>();
    private final Map<String, OnnxTensor> outputs = new HashMap<>();

    /**
     * The surrogate and the KL of one parameter vector.
     *
     * @param surrogate E[r·Â], r = π_θ(a|s) / π_old(a|s)
     * @param kl the mean KL(π_old‖π_θ) over the batch
     */
    public record Evaluation(double surrogate, double kl) {
    }

    SurrogateEvaluation(OrtEnvironment env, ParameterState state, int batchSize) {
        this.state = state;
        this.session = Sessions.open(env, TrpoGraphs.surrogateAndKl(state.spec(), ElementType.FLOAT).toByteArray(),
                "surrogate and KL");
        NativeTensor[] owned = new NativeTensor[3];
        MinibatchTensors batch = null;
        try {
            batch = new MinibatchTensors(env, state.spec(), session.getInputNames(), batchSize, "surrogate evaluation");
            owned[0] = NativeTensor.floats(env, state.spec().parameterCount());
            owned[1] = NativeTensor.floats(env);
            owned[2] = NativeTensor.floats(env);
        } catch (OrtException | RuntimeException e) {
            Sessions.closeAll(session, batch, owned[0], owned[1], owned[2]);
            throw EngineException.allocating("the surrogate evaluation's tensors", e);
        }
        this.samples = batch;
        this.candidate = owned[0];
        this.surrogate = owned[1];
        this.kl = owned[2];
        samples.putInto(inputs);
        outputs.put(GraphNames.SURROGATE, surrogate.tensor());
        outputs.put(Diagnostic.KL_DIVERGENCE.graphName(), kl.tensor());
    }

    /**
     * Loads the batch later evaluations measure: observations, stored actions, the collecting
     * policy's log-probabilities and distribution, advantages (normalised if wanted).
     *
     * @param batch exactly the batch size this evaluation was opened for
     * @throws IllegalArgumentException if the size differs or a field is missing
     */
    public void load(Minibatch batch) {
        if (batch.size() != samples.size()) {
            throw new IllegalArgumentException("This evaluation holds batches of " + samples.size() + " samples, got "
                    + batch.size() + ".");
        }
        samples.fill(batch);
    }

    /**
     * Evaluates a candidate parameter vector (the engine's parameters are not changed).
     *
     * @param params the flat parameters, {@link dev.ppo4j.model.ModelSpec#parameterCount()} values
     * @return its surrogate and KL on the loaded batch
     * @throws EngineException if ONNX Runtime fails
     */
    public Evaluation evaluate(float[] params) {
        candidate.write(params, candidate.capacity());
        return run(candidate.tensor());
    }

    /**
     * Evaluates the engine's current parameters.
     *
     * @return their surrogate and KL on the loaded batch
     * @throws EngineException if ONNX Runtime fails
     */
    public Evaluation evaluateCurrent() {
        return run(state.currentParams());
    }

    private Evaluation run(OnnxTensor params) {
        inputs.put(GraphNames.PARAMS, params);
        try {
            session.run(inputs, outputs).close();
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime failed to evaluate the surrogate: " + e.getMessage(), e);
        }
        return new Evaluation(surrogate.scalar(), kl.scalar());
    }

    /** Closes the session and the tensors this evaluation allocated. */
    @Override
    public void close() {
        Sessions.closeAll(session, samples, candidate, surrogate, kl);
    }
}
