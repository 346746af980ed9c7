package dev.ppo4j.bridge;

import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings shared by the builders of {@link PythonEnv} and {@link PythonVectorEnv}.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
public abstract class PythonEnvSettings<B extends PythonEnvSettings<B>> {
    final String envId;
    String kwargsJson = "{}";
    Duration callTimeout = Duration.ofSeconds(30);
    Duration startupTimeout = Duration.ofSeconds(120);
    NonFinitePolicy nonFinitePolicy = NonFinitePolicy.ERROR;
    Transport transport = Transport.SHARED_MEMORY;
    WorkerWait workerWait = WorkerWait.AUTO;
    WorkerRestartListener restartListener = restart -> { };
    PythonRuntime runtime;

    PythonEnvSettings(String envId) {
        this.envId = Objects.requireNonNull(envId, "envId");
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Keyword arguments for {@code gymnasium.make}, as a JSON object (default {@code {}}). */
    public B kwargs(String json) {
        try {
            if (!JsonParser.parseString(json).isJsonObject()) {
                throw new IllegalArgumentException("kwargs must be a JSON object such as {\"max_episode_steps\": 100}, got: " + json);
            }
        } catch (JsonSyntaxException e) {
            throw new IllegalArgumentException("kwargs is not valid JSON: " + json + " (" + e.getMessage() + ")", e);
        }
        kwargsJson = json;
        return self();
    }

    /** Deadline of every call to a worker (default 30 s); a worker that misses it is killed and restarted. */
    public B callTimeout(Duration timeout) {
        callTimeout = positive(timeout, "callTimeout");
        return self();
    }

    /** Deadline for starting a worker and making its envs (default 120 s). */
    public B startupTimeout(Duration timeout) {
        startupTimeout = positive(timeout, "startupTimeout");
        return self();
    }

    /** What to do with NaN or infinite observations and rewards (default {@link NonFinitePolicy#ERROR}). */
    public B nonFinitePolicy(NonFinitePolicy policy) {
        nonFinitePolicy = Objects.requireNonNull(policy, "policy");
        return self();
    }

    /** How per-step data travels (default {@link Transport#SHARED_MEMORY}). */
    public B transport(Transport value) {
        transport = Objects.requireNonNull(value, "transport");
        return self();
    }

    /** How the JVM and the workers wait for each other's doorbell (default {@link WorkerWait#AUTO}). */
    public B workerWait(WorkerWait value) {
        workerWait = Objects.requireNonNull(value, "workerWait");
        return self();
    }

    /** Told about every worker restart, in addition to the warning logged through {@link System.Logger}. */
    public B restartListener(WorkerRestartListener listener) {
        restartListener = Objects.requireNonNull(listener, "listener");
        return self();
    }

    /** The Python to run (default {@link PythonRuntime#locate()}). */
    public B runtime(PythonRuntime value) {
        runtime = Objects.requireNonNull(value, "runtime");
        return self();
    }

    PythonRuntime resolvedRuntime() {
        return runtime != null ? runtime : PythonRuntime.locate();
    }

    /**
     * What to start for one of {@code workers} workers; the JVM and its workers take turns
     * (in the order {@link WorkerWait#spins} counts them).
     */
    WorkerProcess.Spec spec(PythonRuntime python, String name, int workers, int[] groupSizes, boolean autoreset, boolean staticSeeding) {
        // Py4J-transport steps are calls that wait in Py4J's threads, with no doorbell to poll.
        boolean spin = transport == Transport.SHARED_MEMORY && workerWait.spins(workers + 1, Runtime.getRuntime().availableProcessors());
        return new WorkerProcess.Spec(python, name, envId, kwargsJson, groupSizes, autoreset, staticSeeding,
                transport, spin, callTimeout, startupTimeout);
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, got " + d + ".");
        }
        return d;
    }
}
