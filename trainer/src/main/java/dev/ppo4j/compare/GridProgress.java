package dev.ppo4j.compare;

import dev.ppo4j.metrics.MetricsLogger;
import dev.ppo4j.metrics.TrainingProgress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The progress display of a running grid: the steps done over all of its runs, polled every
 * {@value #POLL_SECONDS} seconds from the {@code metrics.csv} of each running run (the trainers
 * are other processes), and how many of the invocation's tasks have ended.
 */
final class GridProgress {
    private static final long POLL_SECONDS = 2;
    /** A grid runs for hours: a plain line a minute is enough in a log. */
    private static final Duration PLAIN_LINE_INTERVAL = Duration.ofMinutes(1);

    private final Map<String, Long> stepsByRun = new ConcurrentHashMap<>();
    private final Map<String, Path> running = new ConcurrentHashMap<>();
    private final AtomicInteger ended = new AtomicInteger();
    private final int tasks;
    private final TrainingProgress display;
    private final ScheduledExecutorService poller;

    /**
     * A grid's progress, not polled yet.
     *
     * @param display opens the display given the steps done and the steps every run trains in full
     */
    GridProgress(GridDirectory directory, int tasks, BiFunction<Long, Long, TrainingProgress> display) {
        this.tasks = tasks;
        long total = 0;
        for (GridDirectory.Run run : directory.runs()) {
            stepsByRun.put(run.id(), Math.max(0, lastStep(run.directory())));
            total += directory.stepBudget(run.variant(), run.env());
        }
        this.display = display.apply(stepsDone(), total);
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ppo4j-compare-progress");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts displaying the progress of a grid whose invocation runs {@code tasks} tasks; runs
     * finished earlier count with the steps they trained.
     */
    static GridProgress start(GridDirectory directory, int tasks) {
        GridProgress progress = new GridProgress(directory, tasks,
                (done, total) -> TrainingProgress.start("compare " + directory.grid().name(), done, total, PLAIN_LINE_INTERVAL));
        progress.poller.scheduleWithFixedDelay(progress::poll, 0, POLL_SECONDS, TimeUnit.SECONDS);
        return progress;
    }

    /** A run's task has started: its steps are polled from now on. */
    void started(GridDirectory.Run run) {
        running.put(run.id(), run.directory());
    }

    /**
     * A run's task has ended: its steps are read a last time.
     *
     * @return how many tasks have ended, this one included
     */
    int ended(GridDirectory.Run run) {
        running.remove(run.id());
        stepsByRun.put(run.id(), Math.max(0, lastStep(run.directory())));
        return ended.incrementAndGet();
    }

    /** Prints a line of its own on {@code status}, above the progress bar on a terminal, which would draw over it otherwise. */
    void println(PrintStream status, String line) {
        display.println(status, line);
    }

    /**
     * Stops polling and shows the final state: the last poll may predate the last runs' ends, and
     * runs still running now were stopped with the grid.
     */
    void stop() throws InterruptedException {
        try {
            poller.shutdownNow();
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } finally {
            readRunningSteps();
            show("stopped");
            display.close();
        }
    }

    void poll() {
        readRunningSteps();
        show("running");
    }

    private void readRunningSteps() {
        running.forEach((id, dir) -> {
            long step = lastStep(dir);
            if (step >= 0) {
                stepsByRun.put(id, step);
            }
        });
    }

    /** Shows the steps and how many runs have ended; {@code others} says what the runs that have not are doing. */
    private void show(String others) {
        int endedNow = ended.get();
        int unfinished = running.size();
        display.update(stepsDone(), endedNow + " of " + tasks + " runs ended" + (unfinished > 0 ? ", " + unfinished + " " + others : ""),
                endedNow + "/" + tasks + " runs ended");
    }

    private long stepsDone() {
        return stepsByRun.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The last step a run logged: 0 before its first update, -1 while a row is half written. */
    private static long lastStep(Path runDir) {
        try {
            double[] steps = MetricsLogger.readUpdateColumn(runDir, MetricsLogger.STEP_COLUMN);
            return steps.length == 0 ? 0 : (long) steps[steps.length - 1];
        } catch (RuntimeException partialRow) {
            // The trainer may be halfway through appending a row; the next poll reads it whole.
            return -1;
        }
    }
}
