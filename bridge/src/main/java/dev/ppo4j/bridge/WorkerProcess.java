package dev.ppo4j.bridge;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import dev.ppo4j.env.UnknownEnvException;
import dev.ppo4j.env.UnsupportedSpaceException;
import dev.ppo4j.env.WorkerException;
import dev.ppo4j.env.spaces.Space;
import dev.ppo4j.util.TempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import py4j.Py4JException;
import py4j.Py4JNetworkException;

/**
 * One Python worker process hosting K envs split into groups: its Py4J gateway, its data block
 * and its doorbell pipes. Every call runs under a deadline enforced by a watchdog thread, which
 * kills the process when the deadline passes; the blocked call then fails with a
 * {@link WorkerFailure}.
 */
final class WorkerProcess {
    private static final Set<WorkerProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final Gson GSON = new Gson();
    private static final Type INFO_TYPE = new TypeToken<LinkedHashMap<String, Object>>() { }.getType();
    private static final long WATCHDOG_TICK_MILLIS = 50;
    private static final long EXIT_GRACE_MILLIS = 2000;
    /**
     * The one thread that starts every worker process, alive as long as the JVM. A worker asks
     * Linux to SIGKILL it when its parent dies (PR_SET_PDEATHSIG, see worker.py), and the parent
     * the kernel means is the thread that started it: a pool thread that ended would take its
     * workers with it.
     */
    private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(r -> daemon(r, "ppo4j-worker-spawner"));

    static {
        Thread watchdog = new Thread(WorkerProcess::watch, "ppo4j-worker-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        // Normal exits and SIGTERM: stop the workers now rather than when they notice stdin closing.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(WorkerProcess::kill), "ppo4j-worker-reaper"));
    }

    /**
     * What to start.
     *
     * @param groupSizes how many envs each group has (a group may be empty)
     * @param autoreset whether ended episodes reset in the same step (vector use)
     * @param staticSeeding whether autoresets re-seed each env with the seed of its last reset
     *     ({@link dev.ppo4j.env.EnvSeeding#STATIC}) instead of continuing its stream
     */
    record Spec(PythonRuntime runtime, String name, String envId, String kwargsJson, int[] groupSizes,
            boolean autoreset, boolean staticSeeding, Transport transport, Duration callTimeout, Duration startupTimeout) {}

    /** One group's part of the data block, with views over its fields. */
    static final class Section {
        final int envs;
        final int offset;
        final int size;
        final int statusAt;
        final int terminatedAt;
        final int truncatedAt;
        final int actionsAt;
        /** Offset of env 0's info record (int32 length, UTF-8 JSON), or -1 if infos are not carried. */
        final int infoAt;
        final int infoBytes;
        final FloatBuffer actions;
        final FloatBuffer observations;
        final FloatBuffer finalObservations;
        final DoubleBuffer rewards;
        final byte[] actionBytes;

        Section(ByteBuffer block, JsonObject json, int observationDim, int actionDim) {
            envs = json.get("envs").getAsInt();
            offset = json.get("offset").getAsInt();
            size = json.get("size").getAsInt();
            JsonObject fields = json.getAsJsonObject("fields");
            statusAt = offset;
            terminatedAt = offset + fields.get("terminated").getAsInt();
            truncatedAt = offset + fields.get("truncated").getAsInt();
            actionsAt = offset + fields.get("actions").getAsInt();
            infoAt = fields.has("info") ? offset + fields.get("info").getAsInt() : -1;
            infoBytes = json.get("info_bytes").getAsInt();
            actions = slice(block, actionsAt, 4 * envs * actionDim).asFloatBuffer();
            observations = slice(block, offset + fields.get("obs").getAsInt(), 4 * envs * observationDim).asFloatBuffer();
            finalObservations = slice(block, offset + fields.get("final_obs").getAsInt(), 4 * envs * observationDim).asFloatBuffer();
            rewards = slice(block, offset + fields.get("rewards").getAsInt(), 8 * envs).asDoubleBuffer();
            actionBytes = new byte[4 * envs * actionDim];
        }

        private static ByteBuffer slice(ByteBuffer block, int at, int length) {
            return block.slice(at, length).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    final String name;
    private final Spec spec;
    private final Process process;
    private final WorkerGateway gateway;
    private final StderrTail stderr;
    private final OutputStream doorbellOut;
    private final InputStream doorbellIn;
    private final long callTimeoutNanos;
    private final long[] ringNanos;
    /** Per group: rung and not yet awaited. */
    private final boolean[] stepping;
    /** Per group: its doorbell answer was read while another group was awaited (groups may be awaited in any order). */
    private final boolean[] answeredEarly;
    private final ExecutorService py4jCaller;
    private final Future<?>[] py4jReplies;
    private WorkerControl control;
    private Space observationSpace;
    private Space actionSpace;
    private ByteBuffer block;
    private Section[] sections;
    private volatile long deadlineNanos;
    private volatile boolean killedByWatchdog;

    private WorkerProcess(Spec spec) throws IOException {
        this.spec = spec;
        this.name = spec.name();
        callTimeoutNanos = spec.callTimeout().toNanos();
        ringNanos = new long[spec.groupSizes().length];
        stepping = new boolean[spec.groupSizes().length];
        answeredEarly = new boolean[spec.groupSizes().length];
        py4jReplies = new Future<?>[spec.groupSizes().length];
        gateway = WorkerGateway.open(name);
        ProcessBuilder builder = spec.runtime().module("ppo4j.worker");
        // The token travels by environment only: argv is visible to every local user.
        builder.environment().put("PPO4J_GATEWAY_PORT", Integer.toString(gateway.getListeningPort()));
        builder.environment().put("PPO4J_AUTH_TOKEN", gateway.token());
        builder.environment().put("PPO4J_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
        Process started;
        try {
            started = spawn(builder);
        } catch (IOException e) {
            gateway.shutdown();
            throw e;
        }
        process = started;
        LIVE.add(this);
        stderr = StderrTail.follow(process, name);
        doorbellOut = process.getOutputStream();
        doorbellIn = process.getInputStream();
        py4jCaller = spec.transport() == Transport.PY4J
                ? Executors.newSingleThreadExecutor(r -> daemon(r, name + "-py4j-step")) : null;
    }

    private static Thread daemon(Runnable r, String threadName) {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
    }

    /**
     * Starts the process on {@link #SPAWNER}. Waits without giving up on an interrupt: a process the
     * spawner started must not be left without an owner to stop it.
     */
    private static Process spawn(ProcessBuilder builder) throws IOException {
        Future<Process> starting = SPAWNER.submit(builder::start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return starting.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("Starting a worker failed: " + e.getCause(), e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Starts a worker, makes its envs and maps its data block. Errors a restart cannot fix arrive as
     * {@link UnknownEnvException}, {@link UnsupportedSpaceException} or {@link WorkerException}.
     *
     * @throws WorkerFailure if the process hung while starting
     */
    static WorkerProcess start(Spec spec) {
        WorkerProcess worker;
        try {
            worker = new WorkerProcess(spec);
        } catch (IOException e) {
            throw new WorkerException("Could not start " + spec.runtime().python() + " -m ppo4j.worker: " + e.getMessage()
                    + ". Check that the Python in .venv works (run ./ppo4j --help to recreate it).", e);
        }
        try {
            worker.open();
            return worker;
        } catch (RuntimeException | Error e) {
            worker.kill();
            throw e;
        }
    }

    private void open() {
        long startupNanos = spec.startupTimeout().toNanos();
        control = awaitAttach(startupNanos);
        Path blockFile = null;
        try {
            JsonObject config = new JsonObject();
            config.addProperty("env_id", spec.envId());
            config.add("kwargs", JsonParser.parseString(spec.kwargsJson()));
            JsonArray groups = new JsonArray();
            for (int size : spec.groupSizes()) {
                groups.add(size);
            }
            config.add("group_sizes", groups);
            config.addProperty("autoreset", spec.autoreset());
            config.addProperty("static_seeding", spec.staticSeeding());
            if (spec.transport() == Transport.SHARED_MEMORY) {
                blockFile = TempFiles.createSharedMemoryFile("ppo4j-");
                config.addProperty("shm_path", blockFile.toString());
            }
            JsonObject opened = ok(call(() -> control.openEnvs(config.toString()), startupNanos, "making the envs"),
                    "making " + spec.envId()).getAsJsonObject();
            observationSpace = SpaceJson.parse(opened.getAsJsonObject("observation_space"));
            actionSpace = SpaceJson.parse(opened.getAsJsonObject("action_space"));
            int blockSize = opened.get("block_size").getAsInt();
            if (blockFile != null) {
                try (FileChannel channel = FileChannel.open(blockFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    block = channel.map(FileChannel.MapMode.READ_WRITE, 0, blockSize);
                }
            } else {
                block = ByteBuffer.allocate(blockSize);
            }
            block.order(ByteOrder.LITTLE_ENDIAN);
            JsonArray layout = opened.getAsJsonArray("sections");
            sections = new Section[layout.size()];
            for (int g = 0; g < sections.length; g++) {
                sections[g] = new Section(block, layout.get(g).getAsJsonObject(), observationSpace.flatDim(), actionSpace.flatDim());
            }
        } catch (IOException e) {
            throw new WorkerException("Could not map the shared-memory block of " + name + ": " + e.getMessage()
                    + ". Check that /dev/shm (or java.io.tmpdir) is writable and has space.", e);
        } finally {
            // Both sides have mapped it (or failed): the mappings outlive the name, so nothing is left behind.
            if (blockFile != null) {
                try {
                    Files.deleteIfExists(blockFile);
                } catch (IOException e) {
                    System.getLogger(WorkerProcess.class.getName()).log(System.Logger.Level.WARNING,
                            "Could not delete " + blockFile, e);
                }
            }
        }
    }

    private WorkerControl awaitAttach(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            try {
                return gateway.attached().get(WATCHDOG_TICK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!process.isAlive()) {
                    throw new WorkerException(name + " " + exitStatus() + " while starting."
                            + stderr.describe() + "\nCheck that .venv has python/requirements.txt installed (./ppo4j --help recreates it).");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new WorkerFailure(WorkerRestart.Reason.HUNG, name + " did not connect within "
                            + Duration.ofNanos(timeoutNanos).toSeconds() + " s." + stderr.describe(), null);
                }
            } catch (ExecutionException e) {
                throw new WorkerException(name + " failed to attach: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WorkerException("Interrupted while waiting for " + name + " to start.", e);
            }
        }
    }

    Space observationSpace() {
        return observationSpace;
    }

    Space actionSpace() {
        return actionSpace;
    }

    Section section(int group) {
        return sections[group];
    }

    long pid() {
        return process.pid();
    }

    int gatewayPort() {
        return gateway.getListeningPort();
    }

    int callbackPort() {
        return gateway.callbackPort();
    }

    String authToken() {
        return gateway.token();
    }

    String socketOptions() {
        return ok(call(() -> control.socketOptions(), callTimeoutNanos, "reporting socket options"), "socketOptions").toString();
    }

    /** Resets every env; {@code seeds[i]} seeds local env i (null continues its stream). */
    void reset(Long[] seeds, String optionsJson) {
        JsonArray seedArray = new JsonArray();
        for (Long seed : seeds) {
            seedArray.add(seed);
        }
        ok(call(() -> control.reset(seedArray.toString(), optionsJson), callTimeoutNanos, "resetting"), "reset");
        if (spec.transport() == Transport.PY4J) {
            byte[] whole = call(() -> control.readBlock(), callTimeoutNanos, "sending observations");
            block.put(0, whole);
        }
    }

    /** Writes a group's actions and tells the worker to step it; returns at once. The step's deadline runs from now. */
    void ring(int group, float[] actions, int actionOffset) {
        Section section = sections[group];
        section.actions.put(0, actions, actionOffset, section.actions.capacity());
        ringNanos[group] = System.nanoTime();
        stepping[group] = true;
        if (spec.transport() == Transport.PY4J) {
            block.get(section.actionsAt, section.actionBytes);
            py4jReplies[group] = py4jCaller.submit(() -> control.stepPacked(group, section.actionBytes));
            return;
        }
        try {
            doorbellOut.write(group);
            doorbellOut.flush();
        } catch (IOException e) {
            throw failure("receiving a step", e);
        }
    }

    /**
     * Waits until the worker has stepped a group; its results are then in the group's section.
     * The deadline runs from {@link #ring} but is enforced only while this worker is waited on:
     * the caller waits on workers in turn (and may restart one meanwhile), and a worker whose
     * answer is already there has not missed its deadline, however late it is read.
     *
     * @throws WorkerFailure if the worker died or missed the deadline
     * @throws WorkerException if an env raised (with the Python traceback)
     */
    void await(int group) {
        Section section = sections[group];
        long deadline = ringNanos[group] + callTimeoutNanos;
        try {
            if (System.nanoTime() - deadline > 0 && !answered(group)) {
                killAsHung();
            } else {
                deadlineNanos = deadline;
            }
            if (spec.transport() == Transport.PY4J) {
                byte[] reply = (byte[]) py4jReplies[group].get();
                block.put(section.offset, reply);
            } else {
                awaitDoorbell(group);
            }
        } catch (IOException e) {
            throw failure("stepping", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Py4JException p ? classify("stepping", p) : failure("stepping", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerException("Interrupted while waiting for " + name + " to step.", e);
        } finally {
            deadlineNanos = 0;
        }
        if (block.getInt(section.statusAt) != 0) {
            JsonElement error = ok(call(() -> control.lastError(), callTimeoutNanos, "reporting an error"), "lastError");
            throw pythonError(error.getAsJsonObject(), "Stepping " + spec.envId() + " in " + name);
        }
    }

    /**
     * Reads doorbell answers until {@code group}'s. The worker answers groups in the order they
     * were rung; answers of other stepping groups are kept for their own {@code await}.
     */
    private void awaitDoorbell(int group) throws IOException {
        while (!answeredEarly[group]) {
            int answer = doorbellIn.read();
            if (answer == group) {
                break;
            }
            if (answer < 0 || answer >= stepping.length || !stepping[answer] || answeredEarly[answer]) {
                throw failure(answer < 0 ? "stepping" : "stepping (it answered group " + answer + " for group " + group + ")", null);
            }
            answeredEarly[answer] = true;
        }
        answeredEarly[group] = false;
        stepping[group] = false;
    }

    /** Whether the worker's answer for {@code group} has arrived (or, with shared memory, any answer not yet read). */
    private boolean answered(int group) {
        if (spec.transport() == Transport.PY4J) {
            return py4jReplies[group].isDone();
        }
        if (answeredEarly[group]) {
            return true;
        }
        try {
            return doorbellIn.available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the process for a missed deadline; the blocked or next read then fails as {@link WorkerRestart.Reason#HUNG}. */
    private void killAsHung() {
        killedByWatchdog = true;
        process.destroyForcibly();
    }

    /** The info dict of the group's env {@code j} from its last reset or step (empty if infos are not carried). */
    Map<String, Object> info(Section section, int j) {
        if (section.infoAt < 0) {
            return Map.of();
        }
        int at = section.infoAt + j * section.infoBytes;
        byte[] json = new byte[block.getInt(at)];
        block.get(at + 4, json);
        Map<String, Object> info = GSON.fromJson(new String(json, StandardCharsets.UTF_8), INFO_TYPE);
        return Collections.unmodifiableMap(info);
    }

    /** Whether the group's env {@code j} ended its episode by termination. */
    boolean terminated(Section section, int j) {
        return block.get(section.terminatedAt + j) != 0;
    }

    /** Whether the group's env {@code j} ended its episode by truncation. */
    boolean truncated(Section section, int j) {
        return block.get(section.truncatedAt + j) != 0;
    }

    private <T> T call(Supplier<T> body, long timeoutNanos, String doing) {
        deadlineNanos = System.nanoTime() + timeoutNanos;
        try {
            return body.get();
        } catch (Py4JException e) {
            throw classify(doing, e);
        } finally {
            deadlineNanos = 0;
        }
    }

    /**
     * A Py4J error is a failure of the worker if it died, hung or lost its connection, else an error
     * raised in Python. A connection Py4J could not open comes as a plain Py4JException around the
     * socket's IOException.
     */
    private RuntimeException classify(String doing, Py4JException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Py4JNetworkException || t instanceof IOException) {
                return failure(doing, e);
            }
        }
        if (killedByWatchdog || !process.isAlive()) {
            return failure(doing, e);
        }
        return new WorkerException(name + " raised an error while " + doing + ": " + e.getMessage(), e);
    }

    private WorkerFailure failure(String doing, Throwable cause) {
        if (killedByWatchdog) {
            return new WorkerFailure(WorkerRestart.Reason.HUNG, name + " (pid " + pid() + ") missed its "
                    + spec.callTimeout().toMillis() + " ms deadline while " + doing + " and was killed." + stderr.describe(), cause);
        }
        try {
            process.waitFor(EXIT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String status = process.isAlive() ? "is running but its connection failed" : exitStatus();
        return new WorkerFailure(WorkerRestart.Reason.DIED, name + " (pid " + pid() + ") " + status + " while " + doing + "."
                + callError(cause) + stderr.describe(), cause);
    }

    /** How the exited process ended: its exit code, and the signal that killed it if one did. */
    private String exitStatus() {
        int code = process.exitValue();
        return "exited with code " + code + (code > 128 ? " (killed by signal " + (code - 128) + ")" : "");
    }

    /**
     * The error under a failed call, as a message suffix: the first line of its message (Py4J's
     * go on with the whole command), the socket error under it, and the port a Py4J call tried.
     */
    private String callError(Throwable cause) {
        if (cause == null) {
            return "";
        }
        String socketError = "";
        for (Throwable t = cause.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                socketError = ", caused by " + t;
                break;
            }
        }
        String where = cause instanceof Py4JException ? " (a call to its Py4J callback server, 127.0.0.1:" + callbackPort() + ")" : "";
        return "\nThe call failed" + where + ": " + String.valueOf(cause.getMessage()).lines().findFirst().orElse("") + socketError;
    }

    private JsonElement ok(String reply, String context) {
        JsonObject answer = JsonParser.parseString(reply).getAsJsonObject();
        if (answer.has("error")) {
            throw pythonError(answer.getAsJsonObject("error"), context + " in " + name);
        }
        return answer.get("ok");
    }

    private static RuntimeException pythonError(JsonObject error, String context) {
        String message = error.get("message").getAsString();
        return switch (error.get("kind").getAsString()) {
            case "unknown_env" -> new UnknownEnvException(message);
            case "unsupported_space" -> new UnsupportedSpaceException(message);
            default -> new WorkerException(context + " raised " + error.get("type").getAsString() + ": " + message
                    + "\nPython traceback:\n" + error.get("traceback").getAsString());
        };
    }

    /** Kills the process at once and releases the gateway; idempotent. */
    void kill() {
        process.destroyForcibly();
        release();
    }

    /** Asks the worker to exit by closing its stdin; finish with {@link #awaitExit()}. */
    void requestExit() {
        try {
            doorbellOut.close();
        } catch (IOException e) {
            process.destroyForcibly();
        }
    }

    /** Waits briefly for the worker to exit after {@link #requestExit()}, then kills it. */
    void awaitExit() {
        try {
            if (!process.waitFor(EXIT_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(EXIT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        release();
    }

    private void release() {
        LIVE.remove(this);
        deadlineNanos = 0;
        if (py4jCaller != null) {
            py4jCaller.shutdownNow();
        }
        gateway.shutdown();
    }

    private static void watch() {
        while (true) {
            try {
                Thread.sleep(WATCHDOG_TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (WorkerProcess worker : LIVE) {
                long deadline = worker.deadlineNanos;
                if (deadline != 0 && now - deadline > 0 && worker.process.isAlive()) {
                    worker.killAsHung();
                }
            }
        }
    }
}
