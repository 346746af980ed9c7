package dev.ppo4j.env.local;

import dev.ppo4j.env.Env;
import dev.ppo4j.env.UnknownEnvException;
import dev.ppo4j.env.classic.CartPoleEnv;
import dev.ppo4j.env.classic.PendulumEnv;
import dev.ppo4j.util.CloseMatches;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The pure-Java environments, by Gymnasium id: {@code JavaEnvs.make("CartPole-v1")}, as
 * {@code gymnasium.make}. Configs and command lines name them with the {@code java:} prefix
 * ({@code java:CartPole-v1}); {@link #namesJavaEnv} and {@link #gymnasiumId} are the one place
 * that prefix is read.
 */
public final class JavaEnvs {
    private static final String PREFIX = "java:";
    private static final int MAX_SUGGESTIONS = 3;
    private static final Map<String, Supplier<Env>> REGISTRY = Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(
            CartPoleEnv.ID, CartPoleEnv::new,
            PendulumEnv.ID, PendulumEnv::new)));

    private JavaEnvs() {}

    /**
     * Whether a configured env id names a pure-Java env ({@code java:CartPole-v1}) rather than a
     * Gymnasium env stepped in Python workers ({@code CartPole-v1}).
     */
    public static boolean namesJavaEnv(String envId) {
        return envId.startsWith(PREFIX);
    }

    /**
     * The Gymnasium id a configured env id stands for, without the {@code java:} prefix if it has
     * one: {@code java:CartPole-v1} and {@code CartPole-v1} both give {@code CartPole-v1}, the id
     * {@link #make} and {@link #factory} take.
     */
    public static String gymnasiumId(String envId) {
        return namesJavaEnv(envId) ? envId.substring(PREFIX.length()) : envId;
    }

    /**
     * A new environment registered under {@code id}, not yet reset.
     *
     * @throws UnknownEnvException if no Java env has that id; the message suggests close matches
     */
    public static Env make(String id) {
        return factory(id).get();
    }

    /**
     * A factory of new environments registered under {@code id}, e.g. for {@link SyncVectorEnv}.
     *
     * @throws UnknownEnvException if no Java env has that id; the message suggests close matches
     */
    public static Supplier<Env> factory(String id) {
        Supplier<Env> factory = id == null ? null : REGISTRY.get(id);
        if (factory == null) {
            var matches = CloseMatches.among(String.valueOf(id), REGISTRY.keySet(), MAX_SUGGESTIONS);
            throw new UnknownEnvException("There is no Java environment with id '" + id + "'. "
                    + (matches.isEmpty() ? "" : "Did you mean " + String.join(" or ", matches) + "? ")
                    + "Java environments: " + String.join(", ", REGISTRY.keySet())
                    + "; other Gymnasium ids run through the Python bridge.");
        }
        return factory;
    }

    /** The registered ids, sorted. */
    public static Set<String> ids() {
        return REGISTRY.keySet();
    }
}
