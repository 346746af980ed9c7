package dev.ppo4j.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.ppo4j.model.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine for one model: the shared {@link ParameterState} and the {@link PolicyRunner}
 * every algorithm collects with, plus what an algorithm opens over the same state (PPO's
 * {@link #openTrainStep}, also A2C's with RMSprop; TRPO's and vpg-adaptive's {@link #openNaturalGradient},
 * {@link #openSurrogateEvaluation}, {@link #openCriticStep}, {@link #openPolicyGradientStep});
 * all of them are closed together.
 */
public final class Engine implements AutoCloseable {
    private final OrtEnvironment env;
    private final ParameterState state;
    private final PolicyRunner policy;
    private final List<AutoCloseable> opened = new ArrayList<>();

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
        return openTrainStep(loss, Optimizer.ADAM);
    }

    /**
     * Builds the actor-critic train step for {@code loss} with the given optimiser (A2C's
     * RMSprop keeps its square averages in the second-moment buffers) and opens its session;
     * the engine closes it. Each step counts one in the state's step count.
     *
     * @param loss the loss shape of the train step
     * @param optimizer the update rule
     * @return the train step (one ONNX Runtime run per minibatch)
     * @throws EngineException if ONNX Runtime cannot create the session or its tensors
     */
    public TrainStep openTrainStep(LossConfig loss, Optimizer optimizer) {
        return own(new TrainStep(env, state, "loss (" + loss.objective() + ")",
                PpoGraphs.trainStep(state.spec(), loss, optimizer).toByteArray()));
    }

    /**
     * Opens the critic fit's train step ({@link TrpoGraphs#criticStep}): Adam on the value loss
     * over the critic's parameters, counted in the state's step count; the engine closes it.
     *
     * @return the train step (one ONNX Runtime run per minibatch; reads observations and returns)
     * @throws EngineException if ONNX Runtime cannot create the session or its tensors
     */
    public TrainStep openCriticStep() {
        return own(new TrainStep(env, state, "critic fit", TrpoGraphs.criticStep(state.spec()).toByteArray()));
    }

    /**
     * Opens vpg-adaptive's policy step ({@link TrpoGraphs#policyGradientStep}): Adam on
     * −E[log π(a|s)·Â] over the actor's parameters; the engine closes it.
     *
     * @return the train step (reads observations, actions and advantages)
     * @throws EngineException if ONNX Runtime cannot create the session or its tensors
     */
    public TrainStep openPolicyGradientStep() {
        return own(new TrainStep(env, state, "policy-gradient step",
                TrpoGraphs.policyGradientStep(state.spec()).toByteArray()));
    }

    /**
     * Opens a2c-trust-region's train step ({@link TrustRegionGraph#trainStep}); feed it the average
     * policy with {@link TrainStep#setAverageParameters}. The engine closes it.
     *
     * @return the train step (reads observations, actions, advantages and returns)
     * @throws EngineException if ONNX Runtime cannot create the session or its tensors
     */
    public TrainStep openTrustRegionStep() {
        return own(new TrainStep(env, state, "a2c-trust-region step",
                TrustRegionGraph.trainStep(state.spec()).toByteArray()));
    }

    /**
     * Opens TRPO's surrogate gradient and Fisher-vector products over this engine's parameters;
     * the engine closes them.
     *
     * @param batchSize samples of the surrogate's batch
     * @param fisherBatchSize samples of the Fisher-vector products' batch (the whole batch or a subsample)
     * @return the natural gradient's products
     * @throws EngineException if ONNX Runtime cannot create the sessions or their tensors
     */
    public NaturalGradient openNaturalGradient(int batchSize, int fisherBatchSize) {
        return own(new NaturalGradient(env, state, batchSize, fisherBatchSize));
    }

    /**
     * Opens the evaluation of candidate parameters' surrogate and KL on a batch; the engine closes it.
     *
     * @param batchSize samples of the batch
     * @return the evaluation
     * @throws EngineException if ONNX Runtime cannot create the session or its tensors
     */
    public SurrogateEvaluation openSurrogateEvaluation(int batchSize) {
        return own(new SurrogateEvaluation(env, state, batchSize));
    }

    /**
     * Opens a parameter vector of its own, a copy of the current parameters, for forward passes
     * with other parameters than the current ones (the cross-entropy method's candidates); the
     * engine closes it.
     *
     * @return the vector
     * @throws EngineException if ONNX Runtime cannot create its tensor
     */
    public CandidateParameters openCandidateParameters() {
        try {
            return own(new CandidateParameters(env, state));
        } catch (OrtException e) {
            throw new EngineException("Could not allocate a candidate parameter vector: " + e.getMessage(), e);
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        opened.add(resource);
        return resource;
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
            Sessions.closeAll(opened.toArray(AutoCloseable[]::new));
        } finally {
            state.close();
        }
    }
}
