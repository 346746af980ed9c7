package dev.ppo4j.env;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a {@link VectorEnv} seeds the episodes that follow a seeded {@link VectorEnv#reset}: the
 * switch that lets the "dynamic seed" technique be ablated.
 */
public enum EnvSeeding {
    /**
     * Autoresets continue each env's random stream, so every episode starts from a new initial
     * state (Gymnasium's behaviour, and the default).
     */
    DYNAMIC,
    /**
     * Every autoreset re-seeds env {@code i} with the seed of its last explicit reset
     * ({@code seed + i}), so each env replays the same initial state every episode, as code that
     * passes the seed on every reset does.
     */
    STATIC;

    /** The name used in config files: {@code dynamic} or {@code static}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a config name such as {@code static}.
     *
     * @throws IllegalArgumentException naming the allowed values if {@code name} is none of them
     */
    public static EnvSeeding fromConfigName(String name) {
        for (EnvSeeding s : values()) {
            if (s.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not an env seeding; use " + allowed());
    }

    /** The config names joined with "or", e.g. for error messages. */
    public static String allowed() {
        return Arrays.stream(values()).map(EnvSeeding::configName).collect(Collectors.joining(" or "));
    }
}
