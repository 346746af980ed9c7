package dev.ppo4j.train;

/**
 * Reward scaling by the running standard deviation of the discounted return (Engstrom et al.'s
 * "reward scaling", as Gymnasium's NormalizeReward): each env keeps R ← γ·R + r, reset at every
 * episode end; rewards are divided by sqrt(Var[R] + ε) and clipped to ±clip.
 */
public final class RewardScaler {
    private static final double EPSILON = 1e-8;

    private final RunningMeanStd returnStats = new RunningMeanStd(1);
    private final double[] discountedReturns;
    private final boolean enabled;
    private final double gamma;
    private final double clip;

    /** A scaler for {@code numEnvs} envs. */
    public RewardScaler(int numEnvs, boolean enabled, double gamma, double clip) {
        this.discountedReturns = new double[numEnvs];
        this.enabled = enabled;
        this.gamma = gamma;
        this.clip = clip;
    }

    /**
     * Scales env {@code env}'s reward and advances its discounted return.
     *
     * @param episodeEnded the transition ended the episode (terminated or truncated)
     */
    public float scale(int env, double reward, boolean episodeEnded) {
        if (!enabled) {
            return (float) reward;
        }
        discountedReturns[env] = discountedReturns[env] * gamma + reward;
        returnStats.update(discountedReturns[env]);
        if (episodeEnded) {
            discountedReturns[env] = 0.0;
        }
        double scaled = reward / Math.sqrt(returnStats.var(0) + EPSILON);
        return (float) Math.max(-clip, Math.min(clip, scaled));
    }

    /** The running statistics of the discounted return (for checkpoints). */
    public RunningMeanStd stats() {
        return returnStats;
    }

    /** Each env's discounted return so far (live array, for checkpoints). */
    public double[] discountedReturns() {
        return discountedReturns;
    }
}
