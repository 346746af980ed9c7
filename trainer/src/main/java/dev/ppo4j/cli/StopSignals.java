package dev.ppo4j.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ctrl-C (SIGINT) and SIGTERM while a run trains: the first asks the training loop to stop after
 * the current update and its checkpoint, so the run can be resumed; a second one exits at once.
 * {@link #close()} restores the JVM's own handling (exit through the shutdown hooks).
 *
 * <p>The handlers go through {@code sun.misc.Signal}, the JDK's only way to handle a signal without
 * starting the JVM's shutdown (a shutdown hook would run while the worker processes are already
 * being stopped). It is called by reflection because it is internal API, which the compiler
 * warns about on every use. A JVM without it keeps its own handling, with a warning.
 */
final class StopSignals implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StopSignals.class.getName());
    /** The signals handled, with the exit status a shell reports for them (128 + signal number). */
    private static final Map<String, Integer> EXIT_CODES = Map.of("INT", 130, "TERM", 143);

    private final Map<Object, Object> previousHandlers = new LinkedHashMap<>();
    private Method handle;
    private volatile String received;

    private StopSignals() {}

    /** Handles SIGINT and SIGTERM until closed. */
    static StopSignals install() {
        StopSignals signals = new StopSignals();
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            signals.handle = signalClass.getMethod("handle", signalClass, handlerClass);
            for (String name : EXIT_CODES.keySet()) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerClass},
                        (proxy, method, args) -> method.getName().equals("handle") ? signals.onSignal(name)
                                : method.getName().equals("equals") ? Boolean.valueOf(proxy == args[0])
                                : method.getName().equals("hashCode") ? Integer.valueOf(System.identityHashCode(proxy))
                                : "ppo4j SIG" + name + " handler");
                signals.previousHandlers.put(signal, signals.handle.invoke(null, signal, handler));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot handle Ctrl-C in this JVM (" + e + "); Ctrl-C stops training"
                    + " without a checkpoint, and the run resumes from its last one.");
        }
        return signals;
    }

    /** Whether SIGINT or SIGTERM arrived. */
    boolean requested() {
        return received != null;
    }

    /** The signal that arrived, e.g. {@code SIGINT}. */
    String signalName() {
        return "SIG" + received;
    }

    /** The exit status for the signal that arrived: 130 for SIGINT, 143 for SIGTERM. */
    int exitCode() {
        return EXIT_CODES.get(received);
    }

    private synchronized Object onSignal(String name) {
        if (received != null) {
            System.err.printf("%nppo4j: SIG%s again: stopping now, without a checkpoint of the current update.%n", name);
            Runtime.getRuntime().exit(EXIT_CODES.get(name));
        }
        received = name;
        System.err.printf("%nppo4j: SIG%s: stopping after the current update and its checkpoint (send it again to stop at once).%n", name);
        return null;
    }

    @Override
    public void close() {
        for (Map.Entry<Object, Object> previous : previousHandlers.entrySet()) {
            try {
                handle.invoke(null, previous.getKey(), previous.getValue());
            } catch (IllegalAccessException | InvocationTargetException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not restore the JVM's handling of " + previous.getKey() + ": " + e);
            }
        }
        previousHandlers.clear();
    }
}
