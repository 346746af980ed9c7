package dev.ppo4j.train;

import dev.ppo4j.engine.Minibatch;
import java.util.Arrays;

/**
 * One rollout of T steps × N envs in flat arrays that only this class writes (row
 * {@code t * N + i} is env {@code i} at step {@code t}), filled by the {@link Collector} through
 * {@link #addPolicyStep} and {@link #addTransition}, with GAE computed where the data lives (as
 * Stable-Baselines3's {@code RolloutBuffer}).
 *
 * <p>Episode ends are kept as two flags: {@code terminated} cuts the bootstrap, {@code truncated}
 * bootstraps from V(final observation); the buffer keeps each truncated row's normalised final
 * observation so that the bootstrap can be recomputed with a newer critic.
 */
public final class RolloutBuffer {
    /** A critic evaluated on a batch of normalised observations (the engine's value graph). */
    @FunctionalInterface
    public interface ValueFunction {
        /**
         * Writes V(s) for {@code rows} observations.
         *
         * @param observations {@code rows × observationDim} normalised observations
         * @param rows number of observations
         * @param out receives {@code rows} values
         */
        void values(float[] observations, int rows, float[] out);
    }

    private final int steps;
    private final int numEnvs;
    private final int observationDim;
    private final int actionDim;
    private final int distributionDim;

    private final float[] observations;
    private final float[] actions;
    private final float[] logProbs;
    private final float[] distributions;
    private final float[] rewards;
    private final float[] values;
    private final float[] truncationValues;
    private final float[] truncationObservations;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private final float[] advantages;
    private final float[] returns;
    private final float[] lastObservations;
    private final float[] lastValues;
    private final float[] logStd;
    private final float[] recomputedValues;
    private final float[] recomputedTruncationValues;

    /**
     * Allocates a buffer for T steps of N envs.
     *
     * @param steps steps per env T
     * @param numEnvs envs N
     * @param observationDim flat observation length
     * @param actionDim stored action length (the action dimension, or 1 for a categorical index)
     * @param distributionDim distribution parameters per row (Gaussian mean, or categorical logits)
     * @param logStdDim length of the state-independent log-std (0 for a categorical policy)
     */
    public RolloutBuffer(int steps, int numEnvs, int observationDim, int actionDim, int distributionDim, int logStdDim) {
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
        truncationObservations = new float[rows * observationDim];
        terminated = new boolean[rows];
        truncated = new boolean[rows];
        advantages = new float[rows];
        returns = new float[rows];
        lastObservations = new float[numEnvs * observationDim];
        lastValues = new float[numEnvs];
        logStd = new float[logStdDim];
        recomputedValues = new float[rows];
        recomputedTruncationValues = new float[rows];
    }

    /** Rows in the buffer: T × N. */
    public int size() {
        return steps * numEnvs;
    }

    /** Envs N. */
    public int numEnvs() {
        return numEnvs;
    }

    /**
     * Records what the policy saw and did at step {@code t} for envs {@code [first, first + count)}.
     *
     * @param t the step, 0 ≤ t &lt; T
     * @param first the first env
     * @param count the number of envs
     * @param normalisedObs observations as fed to the policy, env {@code i} at row {@code i}
     * @param sampledActions unclipped sampled actions (or indices), env {@code i} at row {@code i}
     * @param actionLogProbs log-probabilities of the actions under the collecting policy, per env
     * @param stateValues values V(s_t) under the collecting critic, per env
     * @param distributionParameters means or logits, env {@code i} at row {@code i}
     */
    public void addPolicyStep(int t, int first, int count, float[] normalisedObs, float[] sampledActions,
            float[] actionLogProbs, float[] stateValues, float[] distributionParameters) {
        int row0 = t * numEnvs + first;
        System.arraycopy(normalisedObs, first * observationDim, observations, row0 * observationDim, count * observationDim);
        System.arraycopy(sampledActions, first * actionDim, actions, row0 * actionDim, count * actionDim);
        System.arraycopy(actionLogProbs, first, logProbs, row0, count);
        System.arraycopy(stateValues, first, values, row0, count);
        System.arraycopy(distributionParameters, first * distributionDim, distributions, row0 * distributionDim,
                count * distributionDim);
    }

    /**
     * Records the env's answer for one row.
     *
     * @param row {@code t * N + env}
     * @param reward the reward as trained on (after scaling)
     * @param isTerminated the transition ended the episode in a terminal state
     * @param isTruncated the transition ended the episode by truncation (and did not terminate)
     */
    public void addTransition(int row, float reward, boolean isTerminated, boolean isTruncated) {
        rewards[row] = reward;
        terminated[row] = isTerminated;
        truncated[row] = isTruncated;
        truncationValues[row] = 0f;
    }

    /**
     * Records the bootstrap of a truncated row: its normalised final observation and V of it.
     *
     * @param row the truncated row
     * @param normalisedFinalObs holds the final observation at {@code offset}
     * @param offset where the observation starts
     * @param value V(final observation) under the collecting critic
     */
    public void addTruncationBootstrap(int row, float[] normalisedFinalObs, int offset, float value) {
        truncationValues[row] = value;
        System.arraycopy(normalisedFinalObs, offset, truncationObservations, row * observationDim, observationDim);
    }

    /**
     * Records the state after the last step, from which the rollout is bootstrapped, and the
     * collecting policy's log-std (read by the KL-penalty objectives).
     *
     * @param normalisedObs {@code N × observationDim} observations after step T − 1
     * @param stateValues their values under the collecting critic
     * @param collectionLogStd the Gaussian log-std during collection (empty for a categorical policy)
     */
    public void finish(float[] normalisedObs, float[] stateValues, float[] collectionLogStd) {
        System.arraycopy(normalisedObs, 0, lastObservations, 0, lastObservations.length);
        System.arraycopy(stateValues, 0, lastValues, 0, numEnvs);
        System.arraycopy(collectionLogStd, 0, logStd, 0, logStd.length);
    }

    /** GAE with the collecting critic's values (see {@link #computeAdvantages(float[], float[], float[], double, double)}). */
    public void computeAdvantages(double gamma, double lambda) {
        computeAdvantages(values, truncationValues, lastValues, gamma, lambda);
    }

    /**
     * Re-evaluates every state, every truncation bootstrap and the last states with {@code critic}
     * (the latest one, between epochs) and recomputes GAE from those values. The collection-time
     * values stay as they were (they are the old values of the clipped value loss).
     */
    public void recomputeAdvantages(ValueFunction critic, double gamma, double lambda) {
        critic.values(observations, size(), recomputedValues);
        recomputeTruncationValues(critic);
        critic.values(lastObservations, numEnvs, lastValues);
        computeAdvantages(recomputedValues, recomputedTruncationValues, lastValues, gamma, lambda);
    }

    private void recomputeTruncationValues(ValueFunction critic) {
        Arrays.fill(recomputedTruncationValues, 0f);
        int[] rows = new int[size()];
        int count = 0;
        for (int row = 0; row < size(); row++) {
            if (truncated[row]) {
                rows[count++] = row;
            }
        }
        if (count == 0) {
            return;
        }
        float[] finalObservations = new float[count * observationDim];
        for (int k = 0; k < count; k++) {
            System.arraycopy(truncationObservations, rows[k] * observationDim, finalObservations, k * observationDim, observationDim);
        }
        float[] finalValues = new float[count];
        critic.values(finalObservations, count, finalValues);
        for (int k = 0; k < count; k++) {
            recomputedTruncationValues[rows[k]] = finalValues[k];
        }
    }

    /**
     * GAE(γ, λ) backwards in time per env:
     * δ_t = r_t + γ·V_next·(1 − terminated_t) − V(s_t), where V_next is V(final observation) if
     * the episode was truncated at t, V(s_{t+1}) otherwise (and {@code last} after the last
     * step); Â_t = δ_t + γλ·(1 − episode_end_t)·Â_{t+1}. Fills the advantages and the returns
     * (advantages + values).
     */
    private void computeAdvantages(float[] stateValues, float[] finalValues, float[] last, double gamma, double lambda) {
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
                    nextValue = t == steps - 1 ? last[env] : stateValues[row + numEnvs];
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

    /**
     * Copies rows {@code order[start..start+size)} into a minibatch: observations, actions,
     * old log-probs, advantages (not normalised), returns, old values, and for the KL-penalty
     * objectives the old distribution parameters and log-std when the minibatch has room for them.
     */
    public void gather(int[] order, int start, Minibatch mb) {
        for (int k = 0; k < mb.size(); k++) {
            int row = order[start + k];
            System.arraycopy(observations, row * observationDim, mb.observations(), k * observationDim, observationDim);
            System.arraycopy(actions, row * actionDim, mb.actions(), k * actionDim, actionDim);
            mb.oldLogProbs()[k] = logProbs[row];
            mb.returns()[k] = returns[row];
            mb.oldValues()[k] = values[row];
            mb.advantages()[k] = advantages[row];
            if (mb.oldMeansOrLogits() != null) {
                System.arraycopy(distributions, row * distributionDim, mb.oldMeansOrLogits(), k * distributionDim, distributionDim);
            }
            if (mb.oldLogStd() != null) {
                System.arraycopy(logStd, 0, mb.oldLogStd(), k * logStd.length, logStd.length);
            }
        }
    }

    /** 1 − Var[returns − values] / Var[returns]: how much of the return the collecting critic explains (NaN if returns are constant). */
    public double explainedVariance() {
        int n = size();
        double meanReturn = 0;
        double meanResidual = 0;
        for (int i = 0; i < n; i++) {
            meanReturn += returns[i];
            meanResidual += returns[i] - values[i];
        }
        meanReturn /= n;
        meanResidual /= n;
        double varReturn = 0;
        double varResidual = 0;
        for (int i = 0; i < n; i++) {
            varReturn += (returns[i] - meanReturn) * (returns[i] - meanReturn);
            double r = returns[i] - values[i] - meanResidual;
            varResidual += r * r;
        }
        return varReturn == 0 ? Double.NaN : 1 - varResidual / varReturn;
    }

    /** Advantage of a row (after {@link #computeAdvantages}); for tests and diagnostics. */
    float advantage(int row) {
        return advantages[row];
    }

    /** Value target of a row (after {@link #computeAdvantages}); for tests and diagnostics. */
    float valueTarget(int row) {
        return returns[row];
    }
}
