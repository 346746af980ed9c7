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
    PPO;

    /** The name in config files: lower case, {@code -} between words. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The names a config may use, for messages. */
    public static String allowed() {
        return Arrays.stream(values()).map(AlgorithmKind::configName).collect(Collectors.joining(", "));
    }
}
