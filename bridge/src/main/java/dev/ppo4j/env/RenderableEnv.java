package dev.ppo4j.env;

import java.util.Set;

/**
 * An {@link Env} that can draw its current state, as Gymnasium's {@code render()}: Python users
 * pick one of {@link #renderModes()} with {@code gymnasium.make(id, render_mode="rgb_array")}.
 * Implement the render method of every mode offered; the others are never called.
 */
public interface RenderableEnv extends Env {

    /** The modes offered, at least one. */
    Set<RenderMode> renderModes();

    /** How many frames per second a viewer should show (Gymnasium's {@code metadata["render_fps"]}), positive. */
    int renderFps();

    /** The current state as an image, for {@link RenderMode#RGB_ARRAY}. */
    default RgbFrame renderRgbArray() {
        throw new UnsupportedOperationException(getClass().getName() + " does not render rgb_array frames.");
    }

    /** The current state as text, for {@link RenderMode#ANSI}. */
    default String renderAnsi() {
        throw new UnsupportedOperationException(getClass().getName() + " does not render ansi text.");
    }
}
