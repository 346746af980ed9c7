package dev.ppo4j.ppo;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The policy objective the optimiser maximises (PPO_SPEC "Policy objectives"). */
public enum Objective {
    /** PPO-Clip: E[min(r·Â, clip(r, 1−ε, 1+ε)·Â)]. */
    CLIP,
    /** PPO-Clip with a floor of c·Â for negative advantages. */
    DUAL_CLIP,
    /** E[r·Â] − β·KL(π_old‖π), with β adapted towards a KL target after every update. */
    KL_ADAPTIVE,
    /** E[r·Â] − β·KL(π_old‖π) with a constant β. */
    KL_FIXED,
    /** E[r·Â]: no clipping and no penalty. */
    NONE;

    /** The name used in config files, e.g. {@code dual-clip}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the objective carries the β·KL penalty term. */
    public boolean hasKlPenalty() {
        return this == KL_ADAPTIVE || this == KL_FIXED;
    }

    /** Parses a config name such as {@code kl-adaptive}. */
    public static Objective fromConfigName(String name) {
        for (Objective o : values()) {
            if (o.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return o;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not an objective; use one of "
                + Arrays.stream(values()).map(Objective::configName).collect(Collectors.joining(", ")) + ".");
    }
}
