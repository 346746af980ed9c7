package dev.ppo4j.env;

import java.util.Map;

/**
 * What {@link Env#reset} returns.
 *
 * @param observation the first observation of the episode, flat
 * @param info auxiliary diagnostics, as Gymnasium's {@code info}
 */
public record ResetResult(float[] observation, Map<String, Object> info) {}
