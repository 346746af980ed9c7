package dev.ppo4j.env.classic;

import dev.ppo4j.env.EnvClosedException;
import dev.ppo4j.env.EpisodeEndedException;
import dev.ppo4j.env.InPlaceEnv;
import dev.ppo4j.env.InvalidActionException;
import dev.ppo4j.env.ResetResult;
import dev.ppo4j.env.StepResult;
import dev.ppo4j.env.VectorStep;
import dev.ppo4j.env.random.NumpyGenerator;
import java.util.Arrays;
import java.util.Map;

/**
 * What {@code gymnasium.make} wraps around a classic-control env, done once for both ports:
 * Gymnasium's seeding rules, the time limit ({@code TimeLimit}), reset-before-step
 * ({@code OrderEnforcing}), action checking and the closed state.
 */
abstract class TimeLimitedEnv implements InPlaceEnv {
    private final String id;
    private final int maxEpisodeSteps;
    private NumpyGenerator rng;
    private boolean episodeRunning;
    private boolean closed;
    private int elapsedSteps;
    private boolean lastTerminated;
    private boolean lastTruncated;

    TimeLimitedEnv(String id, int maxEpisodeSteps) {
        this.id = id;
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    /** The registered id, e.g. {@code CartPole-v1}. */
    public final String id() {
        return id;
    }

    /** The number of steps after which an episode is truncated. */
    public final int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A seed replaces the random stream with Gymnasium's {@code np_random(seed)}; without one
     * the stream continues, and the very first reset without a seed draws it from OS entropy.
     *
     * @throws IllegalArgumentException if the seed is negative or an option is invalid
     */
    @Override
    public final ResetResult reset(Long seed, Map<String, Object> options) {
        float[] observation = new float[observationSpace().flatDim()];
        resetInto(seed, options, observation, 0);
        return new ResetResult(observation, Map.of());
    }

    @Override
    public final void resetInto(Long seed, Map<String, Object> options, float[] observationsOut, int offset) {
        ensureOpen();
        if (seed != null) {
            rng = NumpyGenerator.seeded(seed);
        } else if (rng == null) {
            rng = NumpyGenerator.fromOsEntropy();
        }
        resetState(rng, options == null ? Map.of() : options);
        elapsedSteps = 0;
        episodeRunning = true;
        writeObservation(observationsOut, offset);
    }

    @Override
    public final StepResult step(float[] action) {
        double reward = advanceChecked(action);
        float[] observation = new float[observationSpace().flatDim()];
        writeObservation(observation, 0);
        return new StepResult(observation, reward, lastTerminated, lastTruncated, Map.of());
    }

    @Override
    public final void stepInto(float[] action, VectorStep out, int index) {
        out.rewards[index] = advanceChecked(action);
        out.terminated[index] = lastTerminated;
        out.truncated[index] = lastTruncated;
        writeObservation(out.observations, index * out.observationDim());
    }

    private double advanceChecked(float[] action) {
        ensureOpen();
        if (!episodeRunning) {
            throw new EpisodeEndedException(id + " has no running episode: call reset() before step()"
                    + (elapsedSteps > 0 ? ", because the last step ended the episode." : "."));
        }
        if (action == null || action.length != actionSpace().flatDim()) {
            throw new InvalidActionException(id + " takes actions of length " + actionSpace().flatDim() + " from "
                    + actionSpace() + ", got " + (action == null ? "null" : "length " + action.length)
                    + ". Pass one flat action per step.");
        }
        if (!actionSpace().contains(action)) {
            throw new InvalidActionException(id + " got the action " + Arrays.toString(action)
                    + ", which lies outside its action space " + actionSpace().toJson() + ". " + actionHint());
        }
        double reward = advance(action);
        elapsedSteps++;
        lastTerminated = isTerminal();
        lastTruncated = elapsedSteps >= maxEpisodeSteps;
        episodeRunning = !lastTerminated && !lastTruncated;
        return reward;
    }

    @Override
    public final void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return id;
    }

    /** Draws a new initial state, as the Gymnasium env's {@code reset} after seeding. */
    abstract void resetState(NumpyGenerator random, Map<String, Object> options);

    /** Applies an action already checked against the action space; returns the reward. */
    abstract double advance(float[] action);

    /** Whether the current state is terminal. */
    abstract boolean isTerminal();

    /** Writes the current observation (float32, as Gymnasium returns it) to {@code out[offset, offset + dim)}. */
    abstract void writeObservation(float[] out, int offset);

    /** One sentence telling the caller what a valid action looks like. */
    abstract String actionHint();

    private void ensureOpen() {
        if (closed) {
            throw new EnvClosedException(id + " was closed; create a new environment to keep going.");
        }
    }

    /** Gymnasium's {@code verify_number_and_cast}: a reset option read as a float. */
    static double optionAsDouble(Map<String, Object> options, String key, double fallback) {
        if (!options.containsKey(key)) {
            return fallback;
        }
        Object value = options.get(key);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        String problem = "The reset option " + key + " (" + value + ") could not be converted to a float; pass a number.";
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(problem);
        }
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(problem, e);
        }
    }
}
