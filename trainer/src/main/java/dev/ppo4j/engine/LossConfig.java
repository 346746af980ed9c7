package dev.ppo4j.engine;

/**
 * The build-time shape of the PPO loss: which objective, whether the value loss is clipped,
 * whether the entropy bonus is part of the graph. Coefficients and ranges are not here: they
 * are inputs of every step ({@link HyperParameters}).
 *
 * @param objective the policy objective
 * @param clipValueLoss use the clipped value loss ½·max((V−V̂)², (V_clip−V̂)²) instead of ½·(V−V̂)²
 * @param entropyBonus include −ent_coef·H[π] in the loss (when false the entropy is still reported)
 */
public record LossConfig(Objective objective, boolean clipValueLoss, boolean entropyBonus) {
    /** Checks that an objective is given. */
    public LossConfig {
        if (objective == null) {
            throw new IllegalArgumentException("A loss needs an objective; use clip for PPO's default.");
        }
    }

    /**
     * The MuJoCo default: clip objective, clipped value loss, entropy term present (its
     * coefficient defaults to 0).
     *
     * @return the default loss
     */
    public static LossConfig defaults() {
        return new LossConfig(Objective.CLIP, true, true);
    }
}
