package dev.ppo4j.ppo;

/** The β rule of the kl-adaptive objective (the PPO paper's section 4; docs/ppo.md, "Policy objectives"). */
public final class AdaptiveKl {
    private AdaptiveKl() {}

    /**
     * β after an update whose mean KL was {@code kl}: halved if kl < target/1.5, doubled if
     * kl > 1.5·target, unchanged otherwise.
     */
    public static double nextBeta(double beta, double kl, double target) {
        if (kl < target / 1.5) {
            return beta / 2.0;
        } else if (kl > target * 1.5) {
            return beta * 2.0;
        }
        return beta;
    }
}
