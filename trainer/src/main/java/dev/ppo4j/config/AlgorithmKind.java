package dev.ppo4j.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The update rules the config key {@code algorithm} chooses between; {@code Algorithm.create} in
 * {@code dev.ppo4j.train} builds each.
 */
public enum AlgorithmKind {
    /** Proximal policy optimisation (Schulman et al. 2017), with the objective config key's variants. */
    PPO,
    /** Trust region policy optimisation (Schulman et al. 2015): a natural-gradient step inside a KL trust region. */
    TRPO,
    /** Vanilla policy gradient with the Adam step size adapted to a KL target (the PPO paper's baseline). */
    VPG_ADAPTIVE,
    /** Synchronous advantage actor-critic (Mnih et al. 2016): one RMSprop step per short rollout (docs/a2c.md). */
    A2C,
    /**
     * A2C with ACER's efficient trust-region update (Wang et al. 2016, §3.3): the policy gradient
     * projected per sample against the KL from an average policy.
     */
    A2C_TRUST_REGION,
    /** The noisy cross-entropy method over the actor's parameters (Szita and Lőrincz 2006), the PPO paper's CEM baseline. */
    CEM;

    /** The name in config files: lower case, {@code -} between words. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The names a config may use, for messages. */
    public static String allowed() {
        return Arrays.stream(values()).map(AlgorithmKind::configName).collect(Collectors.joining(", "));
    }
}
