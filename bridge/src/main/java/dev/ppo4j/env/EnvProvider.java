package dev.ppo4j.env;

import java.util.Map;

/**
 * Offers Java environments by id, found with {@link java.util.ServiceLoader}: list the
 * implementing class in {@code META-INF/services/dev.ppo4j.env.EnvProvider} of your jar (or class
 * directory) and its ids become usable in both directions without editing ppo4j:
 * {@code ./ppo4j train --env java:acme/Sim-v0} (with the jar on {@code PPO4J_ENV_CLASSPATH}) and
 * {@code gymnasium.make("acme/Sim-v0")} in Python after {@code ppo4j.register_java_envs(classpath=[jar])}.
 *
 * <p>Implementations need a public no-argument constructor, as {@link java.util.ServiceLoader} requires.
 */
public interface EnvProvider {

    /**
     * The environments offered, by Gymnasium-style id (e.g. {@code acme/Sim-v0}); ids must not
     * clash with ppo4j's own or another provider's.
     */
    Map<String, EnvFactory> environments();
}
