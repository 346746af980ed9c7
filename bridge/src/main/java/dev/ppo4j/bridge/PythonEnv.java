package dev.ppo4j.bridge;

import com.google.gson.Gson;
import dev.ppo4j.env.Env;
import dev.ppo4j.env.EnvClosedException;
import dev.ppo4j.env.EpisodeEndedException;
import dev.ppo4j.env.InvalidActionException;
import dev.ppo4j.env.ResetResult;
import dev.ppo4j.env.StepResult;
import dev.ppo4j.env.WorkerException;
import dev.ppo4j.env.spaces.Space;
import java.util.Arrays;
import java.util.Map;

/**
 * One Gymnasium environment in its own Python worker, with Gymnasium's {@code reset}/{@code step}.
 * Info dictionaries arrive as JSON values (numbers as {@code Double}, arrays as lists, up to 16 KiB
 * of JSON per call); a step cut short by a worker restart carries {@code "ppo4j.worker_restarted" = true}.
 *
 * <p>If the worker dies or misses the call deadline during a step, it is killed and restarted, the
 * step returns the last observation with {@code truncated = true} and reward 0, and the restart is
 * logged and passed to the listener; the next call must be {@link #reset}.
 */
public final class PythonEnv implements Env {
    private static final Gson GSON = new Gson();

    /** Settings of a {@link PythonEnv}; {@link #build()} starts the worker. */
    public static final class Builder extends PythonEnvSettings<Builder> {
        private Builder(String envId) {
            super(envId);
        }

        /** Starts the worker and makes the env. */
        public PythonEnv build() {
            return new PythonEnv(this);
        }
    }

    /** Settings for one {@code envId} environment (a Gymnasium id, or {@code module:EnvId}). */
    public static Builder builder(String envId) {
        return new Builder(envId);
    }

    private final String envId;
    private final NonFinitePolicy nonFinitePolicy;
    private final WorkerRestartListener restartListener;
    private final WorkerProcess.Spec spec;
    private WorkerProcess worker;
    private final Space observationSpace;
    private final Space actionSpace;
    private final float[] lastObservation;
    private boolean episodeRunning;
    private long episodeStep;
    private Long lastSeed;
    private int restarts;
    private boolean closed;

    private PythonEnv(Builder b) {
        envId = b.envId;
        nonFinitePolicy = b.nonFinitePolicy;
        restartListener = b.restartListener;
        spec = b.spec(b.resolvedRuntime(), "ppo4j-worker", 1, new int[] {1}, false, false);
        try {
            worker = WorkerProcess.start(spec);
        } catch (WorkerFailure f) {
            throw new WorkerException("Could not start the worker: " + f.getMessage(), f);
        }
        observationSpace = worker.observationSpace();
        actionSpace = worker.actionSpace();
        lastObservation = new float[observationSpace.flatDim()];
    }

    @Override
    public Space observationSpace() {
        return observationSpace;
    }

    @Override
    public Space actionSpace() {
        return actionSpace;
    }

    /** The process id of the current worker (it changes on restart). */
    public long workerPid() {
        checkOpen();
        return worker.pid();
    }

    @Override
    public ResetResult reset(Long seed, Map<String, Object> options) {
        checkOpen();
        String optionsJson = GSON.toJson(options == null ? Map.of() : options);
        lastSeed = seed;
        try {
            worker.reset(new Long[] {seed}, optionsJson);
        } catch (WorkerFailure failure) {
            replace(failure);
            try {
                worker.reset(new Long[] {seed}, optionsJson);
            } catch (WorkerFailure again) {
                throw new WorkerException("The worker failed twice in a row while resetting: " + again.getMessage(), again);
            }
        }
        worker.section(0).observations.get(0, lastObservation);
        NonFiniteCheck.observation(nonFinitePolicy, envId, 0, 0, "first observation",
                lastObservation, 0, lastObservation.length);
        episodeRunning = true;
        episodeStep = 0;
        return new ResetResult(lastObservation.clone(), worker.info(worker.section(0), 0));
    }

    @Override
    public StepResult step(float[] action) {
        checkOpen();
        if (!episodeRunning) {
            throw new EpisodeEndedException("No episode of " + envId
                    + " is running (it ended, or reset() was never called): call reset() before step().");
        }
        if (action.length != actionSpace.flatDim() || !actionSpace.contains(action)) {
            throw new InvalidActionException("The action " + Arrays.toString(action) + " is not in the action space "
                    + actionSpace + " (flat length " + actionSpace.flatDim() + "). Clip or round actions to the space before stepping.");
        }
        WorkerProcess.Section section = worker.section(0);
        try {
            worker.ring(0, action, 0);
            worker.await(0);
        } catch (WorkerFailure failure) {
            replace(failure);
            restarts++;
            episodeRunning = false;
            try {
                worker.reset(new Long[] {lastSeed == null ? null : lastSeed + restarts}, "{}");
            } catch (WorkerFailure again) {
                throw new WorkerException("The worker failed again right after its restart: " + again.getMessage(), again);
            }
            return new StepResult(lastObservation.clone(), 0.0, false, true, Map.of("ppo4j.worker_restarted", true));
        }
        long step = ++episodeStep;
        section.observations.get(0, lastObservation);
        double reward = section.rewards.get(0);
        boolean terminated = worker.terminated(section, 0);
        boolean truncated = worker.truncated(section, 0);
        NonFiniteCheck.reward(nonFinitePolicy, envId, 0, step, reward);
        NonFiniteCheck.observation(nonFinitePolicy, envId, 0, step, "observation",
                lastObservation, 0, lastObservation.length);
        episodeRunning = !(terminated || truncated);
        return new StepResult(lastObservation.clone(), reward, terminated, truncated, worker.info(section, 0));
    }

    private void replace(WorkerFailure failure) {
        worker.kill();
        try {
            worker = WorkerProcess.start(spec);
        } catch (WorkerFailure again) {
            throw new WorkerException("The worker could not be restarted after it " + failure.reason + ": " + again.getMessage(), again);
        }
        new WorkerRestart(0, new int[] {0}, failure.reason, failure.getMessage()).report(restartListener);
    }

    private void checkOpen() {
        if (closed) {
            throw new EnvClosedException("This PythonEnv of " + envId + " is closed; build a new one.");
        }
    }

    /** Stops the worker process; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        worker.requestExit();
        worker.awaitExit();
    }
}
