package dev.ppo4j.compare;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a grid's commands as child processes of this JVM, at most {@code parallel} at a time.
 * Children that are still running when the grid is interrupted (Ctrl-C, SIGTERM, an exception)
 * are stopped: first politely, so that each closes its Python workers, then forcibly.
 */
public final class LocalExecutor implements RunExecutor {
    private static final long POLITE_STOP_SECONDS = 15;

    private final int parallel;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    /** Set when the grid is being stopped; guarded by {@code this}, with {@link #running}'s additions. */
    private boolean stopping;

    /** @param parallel the most runs at a time; at least 1 */
    public LocalExecutor(int parallel) {
        if (parallel < 1) {
            throw new GridException("--parallel must be at least 1; got " + parallel + ".");
        }
        this.parallel = parallel;
    }

    @Override
    public boolean runsShareCores() {
        return parallel > 1;
    }

    @Override
    public String describe() {
        return parallel + " parallel run" + (parallel == 1 ? "" : "s") + " on this machine";
    }

    @Override
    public void runAll(List<RunTask> tasks, Consumer<RunTask> onStart, Consumer<RunTask.Outcome> onEnd)
            throws IOException, InterruptedException {
        synchronized (this) {
            stopping = false;
        }
        Thread stopChildren = new Thread(this::stopRunning, "ppo4j-compare-stop-runs");
        Runtime.getRuntime().addShutdownHook(stopChildren);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (RunTask task : tasks) {
                futures.add(pool.submit(() -> {
                    onStart.accept(task);
                    onEnd.accept(run(task));
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("A grid run's supervisor failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            stopRunning();
            pool.awaitTermination(POLITE_STOP_SECONDS + 5, TimeUnit.SECONDS);
            try {
                Runtime.getRuntime().removeShutdownHook(stopChildren);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting and the hook is running or has run.
            }
        }
    }

    private RunTask.Outcome run(RunTask task) throws IOException, InterruptedException {
        Files.createDirectories(task.log().toAbsolutePath().getParent());
        long start = System.nanoTime();
        Process process;
        // A run is started and registered under the lock that stopRunning takes, so a grid being
        // stopped starts no further run: a queued run would otherwise begin as soon as a stopped
        // trainer exits, and outlive this JVM.
        synchronized (this) {
            if (stopping) {
                return new RunTask.Outcome(task.id(), -1, 0, "localhost", "not started: the grid was stopped");
            }
            try {
                process = new ProcessBuilder(task.command()).directory(task.workingDirectory().toFile())
                        .redirectErrorStream(true).redirectOutput(Redirect.appendTo(task.log().toFile())).start();
            } catch (IOException e) {
                return new RunTask.Outcome(task.id(), -1, 0, "localhost", "could not start " + task.command().get(0) + ": " + e.getMessage());
            }
            running.add(process);
        }
        try {
            int exit = process.waitFor();
            return new RunTask.Outcome(task.id(), exit, (System.nanoTime() - start) / 1e9, "localhost", null);
        } finally {
            running.remove(process);
        }
    }

    /**
     * Stops every child and lets no queued run start (run by the shutdown hook on SIGTERM and at
     * the end of {@link #runAll}): SIGTERM lets a trainer's shutdown hook close its workers;
     * SIGKILL after a grace period.
     */
    void stopRunning() {
        List<Process> children;
        synchronized (this) {
            stopping = true;
            children = new ArrayList<>(running);
        }
        children.forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(POLITE_STOP_SECONDS);
        for (Process child : children) {
            try {
                if (!child.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    child.descendants().forEach(ProcessHandle::destroyForcibly);
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
