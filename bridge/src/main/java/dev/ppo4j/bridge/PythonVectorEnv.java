package dev.ppo4j.bridge;

import dev.ppo4j.env.EnvClosedException;
import dev.ppo4j.env.EnvSeeding;
import dev.ppo4j.env.InvalidActionException;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.env.VectorStep;
import dev.ppo4j.env.WorkerException;
import dev.ppo4j.env.spaces.Space;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * N Gymnasium environments hosted by W Python worker processes, with the SAME_STEP contract of
 * {@link VectorEnv}. Every worker gets one call per step carrying all its envs' actions; the
 * workers step concurrently.
 *
 * <p>Envs may be split into G groups (contiguous index ranges of N / G envs, each spread over the
 * workers) to pipeline: {@link #stepAsync} hands a group to the workers and returns at once, so
 * the caller can compute the next actions of another group while the workers step this one;
 * {@link #stepWait} collects it, stepping groups being collected in any order. {@link #step}
 * steps every group.
 *
 * <p>Seeding follows Gymnasium: {@code reset(seed)} seeds env {@code i} with {@code seed + i} and
 * autoresets continue each env's stream; with {@link EnvSeeding#STATIC} every autoreset re-seeds
 * env {@code i} with the seed of its last reset instead. A worker that dies or misses the call
 * deadline is killed, restarted and re-seeded (env {@code i} with {@code seed + i + r * N} after
 * the r-th restart, or with {@code seed + i} under static seeding, or unseeded if the last reset
 * was); its envs report their running episodes as truncated, with the
 * last observation as final observation, reward 0 and the new episode's first observation, and the
 * restart is logged as a warning and passed to the {@link WorkerRestartListener}. A worker that
 * fails three steps in a row is given up on with a {@link WorkerException}: its env keeps crashing.
 *
 * <p>Not thread-safe: one thread steps, resets and closes it.
 */
public final class PythonVectorEnv implements VectorEnv {
    private static final int MAX_FAILURES_IN_A_ROW = 3;

    /** Settings of a {@link PythonVectorEnv}; {@link #build()} starts the workers. */
    public static final class Builder extends PythonEnvSettings<Builder> {
        private int numEnvs = 1;
        private int numWorkers = 1;
        private int numGroups = 1;
        private EnvSeeding seeding = EnvSeeding.DYNAMIC;

        private Builder(String envId) {
            super(envId);
        }

        /** The number of environments N (default 1). */
        public Builder numEnvs(int n) {
            numEnvs = n;
            return this;
        }

        /** The number of worker processes W (default 1); envs are spread evenly over them. */
        public Builder workers(int w) {
            numWorkers = w;
            return this;
        }

        /** The number of pipelining groups G (default 1); N must be a multiple of G. */
        public Builder groups(int g) {
            numGroups = g;
            return this;
        }

        /** How autoresets seed the next episode (default {@link EnvSeeding#DYNAMIC}). */
        public Builder seeding(EnvSeeding value) {
            seeding = Objects.requireNonNull(value, "seeding");
            return this;
        }

        /** Starts the workers and makes the envs. */
        public PythonVectorEnv build() {
            if (numEnvs < 1 || numWorkers < 1 || numGroups < 1) {
                throw new IllegalArgumentException("numEnvs, workers and groups must be at least 1; got "
                        + numEnvs + ", " + numWorkers + ", " + numGroups + ".");
            }
            if (numWorkers > numEnvs) {
                throw new IllegalArgumentException(numWorkers + " workers for " + numEnvs + " envs would leave workers idle; use at most " + numEnvs + " workers.");
            }
            if (numEnvs % numGroups != 0) {
                throw new IllegalArgumentException("numEnvs (" + numEnvs + ") must be a multiple of groups (" + numGroups + ").");
            }
            if (numEnvs / numGroups < numWorkers) {
                throw new IllegalArgumentException("Each of the " + numGroups + " groups has " + numEnvs / numGroups
                        + " envs, fewer than the " + numWorkers + " workers; use more envs or fewer groups or workers.");
            }
            return new PythonVectorEnv(this);
        }
    }

    /** Settings for a vector of {@code envId} environments (a Gymnasium id, or {@code module:EnvId}). */
    public static Builder builder(String envId) {
        return new Builder(envId);
    }

    private final String envId;
    private final NonFinitePolicy nonFinitePolicy;
    private final WorkerRestartListener restartListener;
    private final int numEnvs;
    private final int numWorkers;
    private final int numGroups;
    private final EnvSeeding seeding;
    private final int groupSize;
    /** [worker][group]: first vector index and count of the worker's envs in the group. */
    private final int[][] firstEnv;
    private final int[][] envCount;
    private final WorkerProcess.Spec[] specs;
    private final WorkerProcess[] workers;
    private final Space observationSpace;
    private final Space actionSpace;
    private final int observationDim;
    private final int actionDim;
    private final float[] lastObservations;
    private final long[] episodeSteps;
    private final boolean[][] pendingTruncation;
    private final boolean[] groupInFlight;
    /** Per worker: restarts since its last successful step; a worker that keeps failing is given up on. */
    private final int[] failuresInARow;
    private final float[] actionScratch;
    private Long masterSeed;
    private int restarts;
    private boolean closed;

    private PythonVectorEnv(Builder b) {
        envId = b.envId;
        nonFinitePolicy = b.nonFinitePolicy;
        restartListener = b.restartListener;
        numEnvs = b.numEnvs;
        numWorkers = b.numWorkers;
        numGroups = b.numGroups;
        seeding = b.seeding;
        groupSize = numEnvs / numGroups;
        firstEnv = new int[numWorkers][numGroups];
        envCount = new int[numWorkers][numGroups];
        for (int g = 0; g < numGroups; g++) {
            int next = g * groupSize;
            for (int w = 0; w < numWorkers; w++) {
                envCount[w][g] = groupSize / numWorkers + (w < groupSize % numWorkers ? 1 : 0);
                firstEnv[w][g] = next;
                next += envCount[w][g];
            }
        }
        PythonRuntime runtime = b.resolvedRuntime();
        specs = new WorkerProcess.Spec[numWorkers];
        for (int w = 0; w < numWorkers; w++) {
            specs[w] = b.spec(runtime, "ppo4j-worker-" + w, envCount[w], true, seeding == EnvSeeding.STATIC);
        }
        workers = startAll();
        observationSpace = workers[0].observationSpace();
        actionSpace = workers[0].actionSpace();
        observationDim = observationSpace.flatDim();
        actionDim = actionSpace.flatDim();
        lastObservations = new float[numEnvs * observationDim];
        episodeSteps = new long[numEnvs];
        pendingTruncation = new boolean[numWorkers][numGroups];
        groupInFlight = new boolean[numGroups];
        failuresInARow = new int[numWorkers];
        actionScratch = new float[actionDim];
    }

    private WorkerProcess[] startAll() {
        ExecutorService starter = Executors.newFixedThreadPool(numWorkers);
        List<CompletableFuture<WorkerProcess>> starting = new ArrayList<>();
        try {
            for (WorkerProcess.Spec spec : specs) {
                starting.add(CompletableFuture.supplyAsync(() -> WorkerProcess.start(spec), starter));
            }
            WorkerProcess[] started = new WorkerProcess[numWorkers];
            RuntimeException firstError = null;
            for (int w = 0; w < numWorkers; w++) {
                try {
                    started[w] = starting.get(w).join();
                } catch (CompletionException e) {
                    if (firstError == null) {
                        firstError = e.getCause() instanceof WorkerFailure f
                                ? new WorkerException("Could not start the workers: " + f.getMessage(), f)
                                : e.getCause() instanceof RuntimeException r ? r : new WorkerException(e.getCause().toString(), e.getCause());
                    }
                }
            }
            if (firstError != null) {
                for (WorkerProcess worker : started) {
                    if (worker != null) {
                        worker.kill();
                    }
                }
                throw firstError;
            }
            return started;
        } finally {
            starter.shutdown();
        }
    }

    @Override
    public int numEnvs() {
        return numEnvs;
    }

    /** The number of worker processes W. */
    public int numWorkers() {
        return numWorkers;
    }

    @Override
    public int numGroups() {
        return numGroups;
    }

    @Override
    public Space singleObservationSpace() {
        return observationSpace;
    }

    @Override
    public Space singleActionSpace() {
        return actionSpace;
    }

    /** The process ids of the current worker processes, by worker index (they change on restart). */
    public long[] workerPids() {
        checkOpen();
        long[] pids = new long[numWorkers];
        for (int w = 0; w < numWorkers; w++) {
            pids[w] = workers[w].pid();
        }
        return pids;
    }

    WorkerProcess worker(int w) {
        return workers[w];
    }

    @Override
    public void reset(Long seed, float[] observationsOut) {
        checkOpen();
        if (observationsOut.length != numEnvs * observationDim) {
            throw new IllegalArgumentException("observationsOut has length " + observationsOut.length + " but "
                    + numEnvs * observationDim + " (envs × observation dimension) is needed.");
        }
        for (int g = 0; g < numGroups; g++) {
            if (groupInFlight[g]) {
                throw new IllegalStateException("Group " + g + " is still stepping: call stepWait(" + g + ", out) before reset.");
            }
        }
        masterSeed = seed;
        for (int w = 0; w < numWorkers; w++) {
            Long[] seeds = seedsFor(w, seed);
            try {
                workers[w].reset(seeds, "{}");
            } catch (WorkerFailure failure) {
                replace(w, failure);
                try {
                    workers[w].reset(seeds, "{}");
                } catch (WorkerFailure again) {
                    throw new WorkerException("Worker " + w + " failed twice in a row while resetting: " + again.getMessage(), again);
                }
            }
            for (int g = 0; g < numGroups; g++) {
                WorkerProcess.Section section = workers[w].section(g);
                section.observations.get(0, observationsOut, firstEnv[w][g] * observationDim, envCount[w][g] * observationDim);
                pendingTruncation[w][g] = false;
            }
        }
        Arrays.fill(episodeSteps, 0);
        for (int i = 0; i < numEnvs; i++) {
            NonFiniteCheck.observation(nonFinitePolicy, envId, i, 0, "first observation",
                    observationsOut, i * observationDim, observationDim);
        }
        System.arraycopy(observationsOut, 0, lastObservations, 0, lastObservations.length);
    }

    private Long[] seedsFor(int w, Long seed) {
        Long[] seeds = new Long[Arrays.stream(envCount[w]).sum()];
        // Static seeding's point is that env i always replays seed + i, restarts included.
        long shift = seeding == EnvSeeding.STATIC ? 0 : (long) restarts * numEnvs;
        int local = 0;
        for (int g = 0; g < numGroups; g++) {
            for (int j = 0; j < envCount[w][g]; j++) {
                seeds[local++] = seed == null ? null : seed + firstEnv[w][g] + j + shift;
            }
        }
        return seeds;
    }

    @Override
    public void step(float[] actions, VectorStep out) {
        checkOpen();
        requireLength(actions, numEnvs * actionDim, "actions");
        checkOut(out);
        for (int g = 0; g < numGroups; g++) {
            submit(g, actions, g * groupSize * actionDim);
        }
        for (int g = 0; g < numGroups; g++) {
            collect(g, out);
        }
    }

    @Override
    public void stepAsync(int group, float[] groupActions) {
        checkOpen();
        checkGroup(group);
        requireLength(groupActions, groupSize * actionDim, "groupActions");
        submit(group, groupActions, 0);
    }

    @Override
    public void stepWait(int group, VectorStep out) {
        checkOpen();
        checkGroup(group);
        checkOut(out);
        collect(group, out);
    }

    private void submit(int g, float[] actions, int offset) {
        if (groupInFlight[g]) {
            throw new IllegalStateException("Group " + g + " is already stepping: call stepWait(" + g + ", out) first.");
        }
        validate(g, actions, offset);
        groupInFlight[g] = true;
        for (int w = 0; w < numWorkers; w++) {
            if (envCount[w][g] == 0 || pendingTruncation[w][g]) {
                continue;
            }
            try {
                workers[w].ring(g, actions, offset + (firstEnv[w][g] - g * groupSize) * actionDim);
            } catch (WorkerFailure failure) {
                restart(w, failure);
            }
        }
    }

    private void validate(int g, float[] actions, int offset) {
        for (int j = 0; j < groupSize; j++) {
            System.arraycopy(actions, offset + j * actionDim, actionScratch, 0, actionDim);
            if (!actionSpace.contains(actionScratch)) {
                throw new InvalidActionException("The action for env " + (g * groupSize + j) + ", " + Arrays.toString(actionScratch)
                        + ", is not in the action space " + actionSpace + ". Clip or round actions to the space before stepping.");
            }
        }
    }

    private void collect(int g, VectorStep out) {
        if (!groupInFlight[g]) {
            throw new IllegalStateException("Group " + g + " is not stepping: call stepAsync(" + g + ", actions) first.");
        }
        groupInFlight[g] = false;
        WorkerException raised = null;
        for (int w = 0; w < numWorkers; w++) {
            if (envCount[w][g] == 0) {
                continue;
            }
            if (!pendingTruncation[w][g]) {
                try {
                    workers[w].await(g);
                    copyResults(w, g, out);
                    failuresInARow[w] = 0;
                    continue;
                } catch (WorkerFailure failure) {
                    restart(w, failure);
                } catch (WorkerException e) {
                    // Collect the other workers' replies first, so none is left unread in its pipe.
                    raised = raised == null ? e : raised;
                    continue;
                }
            }
            truncateAfterRestart(w, g, out);
        }
        if (raised != null) {
            throw raised;
        }
        int first = g * groupSize;
        for (int i = first; i < first + groupSize; i++) {
            long step = ++episodeSteps[i];
            NonFiniteCheck.reward(nonFinitePolicy, envId, i, step, out.rewards[i]);
            if (out.terminated[i] || out.truncated[i]) {
                NonFiniteCheck.observation(nonFinitePolicy, envId, i, step, "final observation",
                        out.finalObservations, i * observationDim, observationDim);
                episodeSteps[i] = 0;
                NonFiniteCheck.observation(nonFinitePolicy, envId, i, 0, "first observation",
                        out.observations, i * observationDim, observationDim);
            } else {
                NonFiniteCheck.observation(nonFinitePolicy, envId, i, step, "observation",
                        out.observations, i * observationDim, observationDim);
            }
        }
        System.arraycopy(out.observations, first * observationDim, lastObservations, first * observationDim, groupSize * observationDim);
    }

    private void copyResults(int w, int g, VectorStep out) {
        WorkerProcess worker = workers[w];
        WorkerProcess.Section section = worker.section(g);
        int first = firstEnv[w][g];
        int k = envCount[w][g];
        section.observations.get(0, out.observations, first * observationDim, k * observationDim);
        section.finalObservations.get(0, out.finalObservations, first * observationDim, k * observationDim);
        section.rewards.get(0, out.rewards, first, k);
        for (int j = 0; j < k; j++) {
            out.terminated[first + j] = worker.terminated(section, j);
            out.truncated[first + j] = worker.truncated(section, j);
        }
    }

    /** The restarted worker's envs: the old episode ends truncated at its last observation; the new one has begun. */
    private void truncateAfterRestart(int w, int g, VectorStep out) {
        int first = firstEnv[w][g];
        int k = envCount[w][g];
        workers[w].section(g).observations.get(0, out.observations, first * observationDim, k * observationDim);
        System.arraycopy(lastObservations, first * observationDim, out.finalObservations, first * observationDim, k * observationDim);
        Arrays.fill(out.rewards, first, first + k, 0.0);
        Arrays.fill(out.terminated, first, first + k, false);
        Arrays.fill(out.truncated, first, first + k, true);
        pendingTruncation[w][g] = false;
    }

    private void restart(int w, WorkerFailure failure) {
        if (++failuresInARow[w] >= MAX_FAILURES_IN_A_ROW) {
            workers[w].kill();
            throw new WorkerException("Worker " + w + " failed " + failuresInARow[w] + " steps in a row, so restarting it again "
                    + "would not help: the env itself probably crashes or hangs. Close this env and investigate. Last failure: "
                    + failure.getMessage(), failure);
        }
        replace(w, failure);
        restarts++;
        try {
            workers[w].reset(seedsFor(w, masterSeed), "{}");
        } catch (WorkerFailure again) {
            throw new WorkerException("Worker " + w + " failed again right after its restart: " + again.getMessage(), again);
        }
        for (int g = 0; g < numGroups; g++) {
            pendingTruncation[w][g] = envCount[w][g] > 0;
        }
    }

    private void replace(int w, WorkerFailure failure) {
        workers[w].kill();
        try {
            workers[w] = WorkerProcess.start(specs[w]);
        } catch (WorkerFailure again) {
            throw new WorkerException("Worker " + w + " could not be restarted after it " + failure.reason + ": " + again.getMessage(), again);
        }
        int[] envs = new int[Arrays.stream(envCount[w]).sum()];
        int local = 0;
        for (int g = 0; g < numGroups; g++) {
            for (int j = 0; j < envCount[w][g]; j++) {
                envs[local++] = firstEnv[w][g] + j;
            }
        }
        new WorkerRestart(w, envs, failure.reason, failure.getMessage()).report(restartListener);
    }

    private void checkOpen() {
        if (closed) {
            throw new EnvClosedException("This PythonVectorEnv of " + envId + " is closed; build a new one.");
        }
    }

    private void checkGroup(int group) {
        if (group < 0 || group >= numGroups) {
            throw new IllegalArgumentException("Group " + group + " does not exist; groups are 0.." + (numGroups - 1) + ".");
        }
    }

    private void checkOut(VectorStep out) {
        if (out.numEnvs() != numEnvs || out.observationDim() != observationDim) {
            throw new IllegalArgumentException("The VectorStep holds " + out.numEnvs() + " envs × " + out.observationDim()
                    + " but this env needs new VectorStep(" + numEnvs + ", " + observationDim + ").");
        }
    }

    private static void requireLength(float[] array, int expected, String what) {
        if (array.length != expected) {
            throw new InvalidActionException(what + " has length " + array.length + " but " + expected + " is needed (envs × dimension, flat).");
        }
    }

    /** Stops every worker process (they exit on end of stdin, or are killed after a grace period); idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (WorkerProcess worker : workers) {
            worker.requestExit();
        }
        for (WorkerProcess worker : workers) {
            worker.awaitExit();
        }
    }
}
