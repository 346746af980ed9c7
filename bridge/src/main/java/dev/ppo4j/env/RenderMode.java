package dev.ppo4j.env;

import java.util.Arrays;
import java.util.Locale;

/** The ways a {@link RenderableEnv} can draw itself, with Gymnasium's names for them. */
public enum RenderMode {
    /** An RGB image of the current state ({@link RgbFrame}); Gymnasium's {@code "rgb_array"}. */
    RGB_ARRAY,
    /** The current state as text; Gymnasium's {@code "ansi"}. */
    ANSI;

    /** Gymnasium's name of the mode, e.g. {@code rgb_array}. */
    public String gymnasiumName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses Gymnasium's name of a mode.
     *
     * @throws IllegalArgumentException naming the supported modes if {@code name} is none of them
     */
    public static RenderMode fromGymnasiumName(String name) {
        for (RenderMode mode : values()) {
            if (mode.gymnasiumName().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("The render mode '" + name + "' is not one a Java env can offer; use one of "
                + Arrays.stream(values()).map(RenderMode::gymnasiumName).toList() + ".");
    }
}
