package dev.ppo4j.reverse;

import dev.ppo4j.env.Env;
import dev.ppo4j.env.EnvFactory;
import dev.ppo4j.env.UnknownEnvException;
import dev.ppo4j.env.local.JavaEnvs;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the factory of a Java env named by registry id ({@link JavaEnvs}, providers included) or
 * by class name, on ppo4j's class path plus a user classpath. Each distinct user classpath gets
 * one class loader for the life of the JVM, so envs made from the same jars share their classes.
 */
final class EnvClasses {
    private final Map<List<Path>, ClassLoader> loaders = new ConcurrentHashMap<>();

    /**
     * The class loader for ppo4j's classes plus {@code classpath}: jars, class directories, or
     * {@code dir/*} for every jar in a directory (as {@code java -cp}).
     *
     * @throws ClasspathException if an entry does not exist
     */
    ClassLoader loader(List<String> classpath) {
        List<Path> entries = new ArrayList<>();
        for (String entry : classpath) {
            entries.addAll(expand(entry));
        }
        if (entries.isEmpty()) {
            return EnvClasses.class.getClassLoader();
        }
        return loaders.computeIfAbsent(List.copyOf(entries), EnvClasses::newLoader);
    }

    /**
     * The factory of the env registered under {@code javaId}, or of class {@code javaClass} when
     * {@code javaId} is null.
     *
     * @throws UnknownEnvException if there is no such id or class, or the class is no usable env
     */
    EnvFactory factory(String javaId, String javaClass, ClassLoader loader) {
        if ((javaId == null) == (javaClass == null)) {
            throw new IllegalArgumentException("Name the Java env by exactly one of java_id (an id such as CartPole-v1) "
                    + "and java_class (a class implementing " + Env.class.getName() + "), got java_id=" + javaId
                    + " and java_class=" + javaClass + ".");
        }
        return javaId != null ? JavaEnvs.factory(javaId, loader) : classFactory(javaClass, loader);
    }

    private static EnvFactory classFactory(String className, ClassLoader loader) {
        Class<? extends Env> envClass = envClass(className, loader);
        Constructor<? extends Env> withKwargs = constructor(envClass, Map.class);
        Constructor<? extends Env> plain = constructor(envClass);
        if (withKwargs == null && plain == null) {
            throw new UnknownEnvException(className + " has no public constructor taking no arguments or a Map<String, Object> "
                    + "of keyword arguments; add one so ppo4j can make it.");
        }
        return kwargs -> {
            if (withKwargs == null && !kwargs.isEmpty()) {
                throw new IllegalArgumentException(className + " takes no keyword arguments (it has no public constructor taking "
                        + "a Map<String, Object>), got " + kwargs.keySet() + ".");
            }
            return withKwargs != null ? construct(withKwargs, kwargs) : construct(plain);
        };
    }

    private static Class<? extends Env> envClass(String className, ClassLoader loader) {
        Class<?> found;
        try {
            found = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new UnknownEnvException("There is no class " + className + " on the classpath. Check the name (with its "
                    + "package, e.g. com.acme.SimEnv) and pass the jar or class directory holding it in classpath=[...].");
        } catch (LinkageError e) {
            throw new ClasspathException(className + " could not be loaded: " + e + ". Add every jar it needs to classpath=[...].");
        }
        if (!Env.class.isAssignableFrom(found)) {
            throw new UnknownEnvException(className + " does not implement " + Env.class.getName()
                    + "; java_class must name an environment class.");
        }
        if (Modifier.isAbstract(found.getModifiers())) {
            throw new UnknownEnvException(className + " is abstract; java_class must name a concrete environment class.");
        }
        return found.asSubclass(Env.class);
    }

    private static Constructor<? extends Env> constructor(Class<? extends Env> envClass, Class<?>... parameters) {
        try {
            return envClass.getConstructor(parameters);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Env construct(Constructor<? extends Env> constructor, Object... arguments) {
        String name = constructor.getDeclaringClass().getName();
        try {
            return constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof LinkageError) {
                throw new ClasspathException("Making " + name + " needs " + cause + ". Add every jar it needs to classpath=[...].");
            }
            throw new IllegalStateException("Making " + name + " raised " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new UnknownEnvException(name + " could not be made: " + e + ". Make the class and its constructor public.");
        }
    }

    private static List<Path> expand(String entry) {
        boolean allJars = entry.endsWith("/*") || entry.equals("*");
        Path path = Path.of(allJars ? entry.substring(0, entry.length() - 1) : entry).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new ClasspathException("The classpath entry " + entry + " does not exist (looked for " + path
                    + "). Pass existing jars or class directories, with absolute paths or paths relative to "
                    + Path.of("").toAbsolutePath() + ".");
        }
        if (!allJars) {
            return List.of(path);
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path, "*.{jar,JAR}")) {
            stream.forEach(jars::add);
        } catch (IOException e) {
            throw new ClasspathException("The classpath entry " + entry + " could not be listed: " + e.getMessage() + ".");
        }
        jars.sort(null);
        return jars;
    }

    private static ClassLoader newLoader(List<Path> entries) {
        URL[] urls = new URL[entries.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = entries.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new ClasspathException("The classpath entry " + entries.get(i) + " is not a valid location: " + e.getMessage());
            }
        }
        return new URLClassLoader(urls, EnvClasses.class.getClassLoader());
    }
}
