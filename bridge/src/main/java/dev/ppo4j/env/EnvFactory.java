package dev.ppo4j.env;

import java.util.Map;

/**
 * Makes one environment from keyword arguments, as {@code gymnasium.make(id, **kwargs)} does:
 * what an {@link EnvProvider} registers under each id.
 */
@FunctionalInterface
public interface EnvFactory {

    /**
     * A new environment, not yet reset.
     *
     * @param kwargs keyword arguments (JSON values: String, Boolean, Long or Double, List, Map); empty for none
     * @throws IllegalArgumentException if a keyword argument is unknown or invalid (say which and what is allowed)
     */
    Env make(Map<String, Object> kwargs);
}
