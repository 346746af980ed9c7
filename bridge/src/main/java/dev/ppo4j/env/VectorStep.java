package dev.ppo4j.env;

import java.util.Arrays;

/**
 * Preallocated result buffers of one {@link VectorEnv#step}, reused across steps so the hot
 * path allocates nothing.
 */
public final class VectorStep {
    /** N × obsDim observations after the step (the next episode's first one where an episode ended). */
    public final float[] observations;
    /** N rewards. */
    public final double[] rewards;
    /** N flags: the episode reached a terminal state. */
    public final boolean[] terminated;
    /** N flags: the episode was cut short (time limit, or its worker was restarted). */
    public final boolean[] truncated;
    /** N × obsDim last observations of the episodes that ended in this step; other rows are stale. */
    public final float[] finalObservations;

    private final int numEnvs;
    private final int observationDim;

    /** Allocates buffers for {@code numEnvs} environments with observations of length {@code observationDim}. */
    public VectorStep(int numEnvs, int observationDim) {
        this.numEnvs = numEnvs;
        this.observationDim = observationDim;
        observations = new float[numEnvs * observationDim];
        rewards = new double[numEnvs];
        terminated = new boolean[numEnvs];
        truncated = new boolean[numEnvs];
        finalObservations = new float[numEnvs * observationDim];
    }

    /** The number of environments these buffers hold. */
    public int numEnvs() {
        return numEnvs;
    }

    /** Flat length of one observation. */
    public int observationDim() {
        return observationDim;
    }

    /** Whether env {@code i}'s episode ended in this step, by termination or truncation. */
    public boolean episodeEnded(int i) {
        return terminated[i] || truncated[i];
    }

    /** A copy of env {@code i}'s final observation; meaningful only if {@link #episodeEnded(int)}. */
    public float[] finalObservation(int i) {
        return Arrays.copyOfRange(finalObservations, i * observationDim, (i + 1) * observationDim);
    }
}
