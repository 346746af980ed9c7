package dev.ppo4j.engine;

/** The policy objective L maximised by the train step (docs/ppo.md, "Policy objectives"). */
public enum Objective {
    /** PPO-Clip: E[min(r·Â, clip(r, 1−ε, 1+ε)·Â)]. */
    CLIP,
    /** Clip, and for Â &lt; 0 additionally bounded below by c·Â (c &gt; 1). */
    DUAL_CLIP,
    /** E[r·Â] − β·KL(π_old‖π_θ), β adapted by the training loop after each update. */
    KL_ADAPTIVE,
    /** E[r·Â] − β·KL(π_old‖π_θ) with constant β. */
    KL_FIXED,
    /** E[r·Â]: no clipping, no penalty. */
    NONE;

    /**
     * Whether the objective has the KL penalty, so the train step needs the old distribution's
     * parameters (old mean and log-std, or old logits) for every sample.
     *
     * @return true for {@link #KL_ADAPTIVE} and {@link #KL_FIXED}
     */
    public boolean usesKlPenalty() {
        return this == KL_ADAPTIVE || this == KL_FIXED;
    }

    /**
     * Parses a configuration value: {@code clip}, {@code dual-clip}, {@code kl-adaptive},
     * {@code kl-fixed} or {@code none} (case-insensitive; {@code _} and {@code -} alike).
     *
     * @param name the objective's name
     * @return the objective
     * @throws IllegalArgumentException for any other name
     */
    public static Objective parse(String name) {
        String key = name.trim().replace('-', '_');
        for (Objective o : values()) {
            if (o.name().equalsIgnoreCase(key)) {
                return o;
            }
        }
        throw new IllegalArgumentException("Unknown objective '" + name + "'; use clip, dual-clip, kl-adaptive, kl-fixed or none.");
    }
}
