package dev.ppo4j.ppo;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a coefficient moves from its initial to its final value over training. */
public enum Schedule {
    /** Stays at the initial value. */
    CONSTANT,
    /** Moves linearly from the initial to the final value. */
    LINEAR,
    /** Moves geometrically from the initial to the final value (both must be positive). */
    EXPONENTIAL;

    /**
     * The value at training progress {@code progress} in [0, 1].
     *
     * @param initial value at progress 0
     * @param last value at progress 1
     */
    public double at(double initial, double last, double progress) {
        double p = Math.min(Math.max(progress, 0.0), 1.0);
        return switch (this) {
            case CONSTANT -> initial;
            case LINEAR -> initial + (last - initial) * p;
            case EXPONENTIAL -> initial * Math.pow(last / initial, p);
        };
    }

    /** The name used in config files. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config name such as {@code linear}. */
    public static Schedule fromConfigName(String name) {
        for (Schedule s : values()) {
            if (s.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a schedule; use one of "
                + Arrays.stream(values()).map(Schedule::configName).collect(Collectors.joining(", ")) + ".");
    }
}
