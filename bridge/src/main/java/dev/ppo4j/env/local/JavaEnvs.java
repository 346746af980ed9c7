package dev.ppo4j.env.local;

import dev.ppo4j.env.Env;
import dev.ppo4j.env.EnvException;
import dev.ppo4j.env.EnvFactory;
import dev.ppo4j.env.EnvProvider;
import dev.ppo4j.env.UnknownEnvException;
import dev.ppo4j.env.classic.CartPoleEnv;
import dev.ppo4j.env.classic.PendulumEnv;
import dev.ppo4j.util.CloseMatches;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The Java environments, by Gymnasium id: {@code JavaEnvs.make("CartPole-v1")}, as
 * {@code gymnasium.make}. ppo4j's own ports are built in; every {@link EnvProvider} that
 * {@link ServiceLoader} finds on the class path adds its ids, so a user's env needs no edit here.
 * Configs and command lines name them with the {@code java:} prefix ({@code java:CartPole-v1});
 * {@link #namesJavaEnv} and {@link #gymnasiumId} are the one place that prefix is read.
 */
public final class JavaEnvs {
    private static final String PREFIX = "java:";
    private static final int MAX_SUGGESTIONS = 3;
    private static final Map<String, EnvFactory> BUILT_IN = Map.of(
            CartPoleEnv.ID, withoutKwargs(CartPoleEnv.ID, CartPoleEnv::new),
            PendulumEnv.ID, withoutKwargs(PendulumEnv.ID, PendulumEnv::new));

    private JavaEnvs() {}

    /**
     * Whether a configured env id names a Java env ({@code java:CartPole-v1}) rather than a
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
     * A new environment registered under {@code id}, without keyword arguments, not yet reset.
     *
     * @throws UnknownEnvException if no Java env has that id; the message suggests close matches
     */
    public static Env make(String id) {
        return factory(id).get();
    }

    /**
     * A factory of new environments registered under {@code id}, without keyword arguments, e.g.
     * for {@link SyncVectorEnv}; providers are looked up with the thread's context class loader.
     *
     * @throws UnknownEnvException if no Java env has that id; the message suggests close matches
     */
    public static Supplier<Env> factory(String id) {
        EnvFactory factory = factory(id, Thread.currentThread().getContextClassLoader());
        return () -> factory.make(Map.of());
    }

    /**
     * The factory registered under {@code id}, built in or offered by a provider {@code loader} finds.
     *
     * @throws UnknownEnvException if no Java env has that id; the message suggests close matches
     * @throws EnvException if a provider cannot be loaded or two claim the same id
     */
    public static EnvFactory factory(String id, ClassLoader loader) {
        Map<String, EnvFactory> registry = registry(loader);
        EnvFactory factory = id == null ? null : registry.get(id);
        if (factory == null) {
            var matches = CloseMatches.among(String.valueOf(id), registry.keySet(), MAX_SUGGESTIONS);
            throw new UnknownEnvException("There is no Java environment with id '" + id + "'. "
                    + (matches.isEmpty() ? "" : "Did you mean " + String.join(" or ", matches) + "? ")
                    + "Java environments: " + String.join(", ", registry.keySet())
                    + "; other Gymnasium ids run through the Python bridge. Your own Java envs join this list through a "
                    + EnvProvider.class.getName() + " listed in META-INF/services of a jar on the class path (./ppo4j adds "
                    + "PPO4J_ENV_CLASSPATH to it).");
        }
        return factory;
    }

    /** The registered ids (built in and from the providers of the context class loader), sorted. */
    public static Set<String> ids() {
        return ids(Thread.currentThread().getContextClassLoader());
    }

    /** The registered ids (built in and from the providers {@code loader} finds), sorted. */
    public static Set<String> ids(ClassLoader loader) {
        return Collections.unmodifiableSet(registry(loader).keySet());
    }

    /** The ids of ppo4j's own Java envs, sorted. */
    public static Set<String> builtInIds() {
        return Collections.unmodifiableSet(new TreeMap<>(BUILT_IN).keySet());
    }

    private static Map<String, EnvFactory> registry(ClassLoader loader) {
        Map<String, EnvFactory> registry = new TreeMap<>(BUILT_IN);
        Map<String, String> claimedBy = new TreeMap<>();
        BUILT_IN.keySet().forEach(id -> claimedBy.put(id, "ppo4j"));
        try {
            for (EnvProvider provider : ServiceLoader.load(EnvProvider.class, loader)) {
                String name = provider.getClass().getName();
                provider.environments().forEach((id, factory) -> {
                    String earlier = claimedBy.putIfAbsent(id, name);
                    if (earlier != null) {
                        throw new EnvException("The Java env id '" + id + "' is claimed by both " + earlier + " and " + name
                                + "; give one of them another id or version.");
                    }
                    registry.put(id, factory);
                });
            }
        } catch (ServiceConfigurationError e) {
            throw new EnvException("An env provider listed in META-INF/services/" + EnvProvider.class.getName()
                    + " could not be loaded: " + e.getMessage() + ". Check the class name in that file and that the class is "
                    + "public with a public no-argument constructor.", e);
        }
        return registry;
    }

    private static EnvFactory withoutKwargs(String id, Supplier<Env> constructor) {
        return kwargs -> {
            if (!kwargs.isEmpty()) {
                throw new IllegalArgumentException(id + " takes no keyword arguments, got " + kwargs.keySet() + ".");
            }
            return constructor.get();
        };
    }
}
