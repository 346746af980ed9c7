package dev.ppo4j.reverse;

import java.util.Arrays;
import java.util.Locale;

/** What a hosted env does when an episode ends, with the names Gymnasium's {@code AutoresetMode} values map to. */
enum Autoreset {
    /** A single env: the episode stays ended until Python resets it. */
    NONE,
    /** Gymnasium's NEXT_STEP: the step after an episode ended resets that env, ignoring its action (reward 0, not ended). */
    NEXT_STEP,
    /** Gymnasium's SAME_STEP: the step that ends an episode resets the env and returns the new episode's first observation. */
    SAME_STEP;

    /** Parses {@code none}, {@code next_step} or {@code same_step}. */
    static Autoreset parse(String name) {
        for (Autoreset mode : values()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown autoreset mode '" + name + "'; use one of "
                + Arrays.stream(values()).map(m -> m.name().toLowerCase(Locale.ROOT)).toList() + ".");
    }
}
