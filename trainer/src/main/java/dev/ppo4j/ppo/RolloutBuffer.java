package dev.ppo4j.ppo;

/**
 * One rollout of T steps × N envs in flat arrays (row {@code t * N + i} is env {@code i} at step
 * {@code t}), with GAE computed where the data lives (as Stable-Baselines3's RolloutBuffer).
 *
 * <p>Episode ends are kept as two flags: {@code terminated} cuts the bootstrap, {@code truncated}
 * bootstraps from V(final observation), stored in {@link #truncationValues}.
 */
public final class RolloutBuffer {
    /** Steps per env T. */
    public final int steps;
    /** Envs N. */
    public final int numEnvs;
    /** Flat observation length. */
    public final int observationDim;
    /** Flat action length. */
    public final int actionDim;
    /** Length of the distribution parameters stored per row (Gaussian mean, or categorical logits). */
    public final int distributionDim;

    /** Normalised observations as fed to the policy, T·N × observationDim. */
    public final float[] observations;
    /** Unclipped sampled actions, T·N × actionDim. */
    public final float[] actions;
    /** Log-probabilities of the actions under the collecting policy. */
    public final float[] logProbs;
    /** Distribution parameters of the collecting policy (mean or logits), T·N × distributionDim. */
    public final float[] distributions;
    /** Rewards as trained on (after scaling). */
    public final float[] rewards;
    /** V(s_t) under the collecting critic (or the latest critic after a recompute). */
    public final float[] values;
    /** V(final observation) for rows whose episode was truncated; 0 elsewhere. */
    public final float[] truncationValues;
    /** The transition ended the episode in a terminal state. */
    public final boolean[] terminated;
    /** The transition ended the episode by truncation. */
    public final boolean[] truncated;
    /** GAE advantages (after {@link #computeAdvantages}). */
    public final float[] advantages;
    /** Value targets: advantages + values (after {@link #computeAdvantages}). */
    public final float[] returns;

    /** Allocates a buffer for T steps of N envs. */
    public RolloutBuffer(int steps, int numEnvs, int observationDim, int actionDim, int distributionDim) {
        this.steps = steps;
        this.numEnvs = numEnvs;
        this.observationDim = observationDim;
        this.actionDim = actionDim;
        this.distributionDim = distributionDim;
        int rows = steps * numEnvs;
        observations = new float[rows * observationDim];
        actions = new float[rows * actionDim];
        logProbs = new float[rows];
        distributions = new float[rows * distributionDim];
        rewards = new float[rows];
        values = new float[rows];
        truncationValues = new float[rows];
        terminated = new boolean[rows];
        truncated = new boolean[rows];
        advantages = new float[rows];
        returns = new float[rows];
    }

    /** Rows in the buffer: T × N. */
    public int size() {
        return steps * numEnvs;
    }

    /**
     * GAE(γ, λ) backwards in time per env:
     * δ_t = r_t + γ·V_next·(1 − terminated_t) − V(s_t), where V_next is V(final observation) if
     * the episode was truncated at t, V(s_{t+1}) otherwise (and {@code lastValues} after the last
     * step); Â_t = δ_t + γλ·(1 − episode_end_t)·Â_{t+1}. Fills {@link #advantages} and
     * {@link #returns}.
     *
     * @param stateValues V(s_t) per row: {@link #values}, or the latest critic's values when recomputing
     * @param finalValues V(final observation) per truncated row: {@link #truncationValues}, or recomputed ones
     * @param lastValues V of each env's observation after the last step, length N
     */
    public void computeAdvantages(float[] stateValues, float[] finalValues, float[] lastValues, double gamma, double lambda) {
        for (int env = 0; env < numEnvs; env++) {
            double nextAdvantage = 0.0;
            for (int t = steps - 1; t >= 0; t--) {
                int row = t * numEnvs + env;
                double nextValue;
                if (terminated[row]) {
                    nextValue = 0.0;
                } else if (truncated[row]) {
                    nextValue = finalValues[row];
                } else {
                    nextValue = t == steps - 1 ? lastValues[env] : stateValues[row + numEnvs];
                }
                boolean episodeEnded = terminated[row] || truncated[row];
                double delta = rewards[row] + gamma * nextValue - stateValues[row];
                double advantage = delta + (episodeEnded ? 0.0 : gamma * lambda * nextAdvantage);
                advantages[row] = (float) advantage;
                returns[row] = (float) (advantage + stateValues[row]);
                nextAdvantage = advantage;
            }
        }
    }
}
