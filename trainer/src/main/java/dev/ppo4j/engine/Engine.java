package dev.ppo4j.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.ppo4j.model.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine for one model: the shared {@link ParameterState} and the {@link PolicyRunner}
 * every algorithm collects with, plus the train steps an algorithm opens over the same state
 * ({@link #openTrainStep}); all of them are closed together.
 */
public final class Engine implements AutoCloseable {
    private final OrtEnvironment env;
    private final ParameterState state;
    private final PolicyRunner policy;
    private final List<TrainStep> trainSteps = new ArrayList<>();

    private Engine(OrtEnvironment env, ParameterState state, PolicyRunner policy) {
        this.env = env;
        this.state = state;
        this.policy = policy;
    }

    /**
     * Builds the policy and value graphs for the model and opens their sessions, starting from
     * the given parameters with zero Adam moments and step count 0.
     *
     * @param initial the starting parameters (their spec describes the network)
     * @return the engine; close it to release the native memory
     * @throws EngineException if ONNX Runtime cannot create the tensors or sessions
     */
    public static Engine open(Parameters initial) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        ParameterState state;
        try {
            state = new ParameterState(env, initial);
        } catch (OrtException e) {
            throw new EngineException("Could not allocate the parameter buffers: " + e.getMessage(), e);
        }
        try {
            PolicyRunner policy = new PolicyRunner(env, state, PpoGraphs.policy(initial.spec()).toByteArray(),
                    PpoGraphs.values(initial.spec()).toByteArray());
            return new Engine(env, state, policy);
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
    }

    /**
     * Builds the actor-critic train step for {@code loss} over this engine's parameters and opens
     * its session; the engine closes it.
     *
     * @param loss the loss shape of the train step
     * @return the train step (one ONNX Runtime run per minibatch)
     * @throws EngineException if ONNX Runtime cannot create the session or its tensors
     */
    public TrainStep openTrainStep(LossConfig loss) {
        TrainStep step = new TrainStep(env, state, loss, PpoGraphs.trainStep(state.spec(), loss).toByteArray());
        trainSteps.add(step);
        return step;
    }

    /**
     * Parameters, Adam moments and step count (get/set as flat arrays for checkpoints).
     *
     * @return the shared state
     */
    public ParameterState state() {
        return state;
    }

    /**
     * Forward passes for collection and value recomputation.
     *
     * @return the policy runner
     */
    public PolicyRunner policy() {
        return policy;
    }

    /** Closes the sessions and frees every native tensor. */
    @Override
    public void close() {
        try {
            policy.close();
            trainSteps.forEach(TrainStep::close);
        } finally {
            state.close();
        }
    }
}
