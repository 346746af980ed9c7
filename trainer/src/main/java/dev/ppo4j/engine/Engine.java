package dev.ppo4j.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.ppo4j.model.Parameters;

/**
 * The training engine for one model: the shared {@link ParameterState}, the {@link TrainStep}
 * and the {@link PolicyRunner}, opened together and closed together.
 */
public final class Engine implements AutoCloseable {
    private final ParameterState state;
    private final TrainStep trainStep;
    private final PolicyRunner policy;

    private Engine(ParameterState state, TrainStep trainStep, PolicyRunner policy) {
        this.state = state;
        this.trainStep = trainStep;
        this.policy = policy;
    }

    /**
     * Builds the graphs for the model and loss and opens their sessions, starting from the given
     * parameters with zero Adam moments and step count 0.
     *
     * @param initial the starting parameters (their spec describes the network)
     * @param loss the loss shape of the train step
     * @return the engine; close it to release the native memory
     * @throws EngineException if ONNX Runtime cannot create the tensors or sessions
     */
    public static Engine open(Parameters initial, LossConfig loss) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        ParameterState state;
        try {
            state = new ParameterState(env, initial);
        } catch (OrtException e) {
            throw new EngineException("Could not allocate the parameter buffers: " + e.getMessage(), e);
        }
        TrainStep step = null;
        try {
            step = new TrainStep(env, state, loss, PpoGraphs.trainStep(initial.spec(), loss).toByteArray());
            PolicyRunner policy = new PolicyRunner(env, state, PpoGraphs.policy(initial.spec()).toByteArray(),
                    PpoGraphs.values(initial.spec()).toByteArray());
            return new Engine(state, step, policy);
        } catch (RuntimeException e) {
            if (step != null) {
                step.close();
            }
            state.close();
            throw e;
        }
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
     * The train step (one ONNX Runtime run per minibatch).
     *
     * @return the train step
     */
    public TrainStep trainStep() {
        return trainStep;
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
            trainStep.close();
        } finally {
            state.close();
        }
    }
}
