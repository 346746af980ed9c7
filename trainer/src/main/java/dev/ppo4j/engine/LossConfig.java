package dev.ppo4j.engine;

/**
 * The build-time shape of the actor-critic loss: which objective, whether the value loss is
 * clipped, whether the entropy bonus is part of the graph, and the policy term (the objective's
 * own, or another algorithm's such as A2C's). Coefficients and ranges are not here: they are
 * inputs of every step ({@link HyperParameters}).
 *
 * @param objective the PPO objective; it also decides whether the step reads the old distribution (KL objectives)
 * @param clipValueLoss use the clipped value loss ½·max((V−V̂)², (V_clip−V̂)²) instead of ½·(V−V̂)²
 * @param entropyBonus include −ent_coef·H[π] in the loss (when false the entropy is still reported)
 * @param policyTerm the policy loss −L; {@code objective} itself for PPO
 */
public record LossConfig(Objective objective, boolean clipValueLoss, boolean entropyBonus, PolicyTerm policyTerm) {
    /** Checks that an objective and a policy term are given. */
    public LossConfig {
        if (objective == null || policyTerm == null) {
            throw new IllegalArgumentException("A loss needs an objective and a policy term; use clip for PPO's default.");
        }
    }

    /**
     * PPO's loss: the objective is the policy term.
     *
     * @param objective the policy objective
     * @param clipValueLoss use the clipped value loss
     * @param entropyBonus include −ent_coef·H[π] in the loss
     */
    public LossConfig(Objective objective, boolean clipValueLoss, boolean entropyBonus) {
        this(objective, clipValueLoss, entropyBonus, objective);
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
