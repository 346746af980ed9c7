package dev.ppo4j.metrics;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The live progress display of {@code ./ppo4j train}: environment steps done out of the total,
 * steps per second, the estimated time left and the recent mean episodic return.
 *
 * <p>On a terminal it is a progress bar redrawn in place. When output is not a terminal (CI, a
 * pipe, a log file) it prints one plain line at the first update and then at most every
 * {@link #PLAIN_LINE_INTERVAL}, plus a last one when closed, such as:
 * <pre>
 * [ppo4j] Hopper-v5: step 204800/1000000 (20.5%) | 2150 steps/s | ETA 0:06:10 | mean return 1234.5 (last 100 episodes)
 * </pre>
 * Speed and ETA count only the steps of this session, so a resumed run is not credited with the
 * steps it loaded from its checkpoint. Not thread-safe: call it from the training loop's thread.
 */
public final class TrainingProgress implements AutoCloseable {
    /** The least time between two plain lines. */
    public static final Duration PLAIN_LINE_INTERVAL = Duration.ofSeconds(10);

    private final Display display;

    private TrainingProgress(Display display) {
        this.display = display;
    }

    /**
     * Starts the display that suits the output: a progress bar when the process has a console,
     * plain lines on standard output otherwise.
     *
     * @param taskName what is being trained, e.g. the env id
     * @param startStep the global step training starts from (0, or the checkpoint's step on resume)
     * @param totalSteps the global step training stops at
     * @return the display; close it when training ends
     */
    public static TrainingProgress start(String taskName, long startStep, long totalSteps) {
        return start(taskName, startStep, totalSteps, PLAIN_LINE_INTERVAL);
    }

    /**
     * Starts the display that suits the output, with plain lines at most every {@code plainLineInterval}.
     *
     * @param taskName what is being done, e.g. the env id
     * @param startStep the step the work starts from
     * @param totalSteps the step the work stops at
     * @param plainLineInterval the least time between two plain lines when output is not a terminal
     * @return the display; close it when the work ends
     */
    public static TrainingProgress start(String taskName, long startStep, long totalSteps, Duration plainLineInterval) {
        if (System.console() == null) {
            return plainLines(System.out, taskName, startStep, totalSteps, plainLineInterval, System::nanoTime);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(taskName)
                .setInitialMax(totalSteps)
                .startsFrom(startStep, Duration.ZERO)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUnit(" steps", 1)
                .showSpeed(new DecimalFormat("#,##0"))
                .setSpeedUnit(ChronoUnit.SECONDS)
                .build();
        return new TrainingProgress(new Bar(bar));
    }

    /**
     * Starts the plain-line display on {@code out}, with an explicit clock.
     *
     * @param out where the lines go
     * @param taskName what is being trained, e.g. the env id
     * @param startStep the global step training starts from
     * @param totalSteps the global step training stops at
     * @param interval the least time between two lines
     * @param nanoTime the clock, in nanoseconds, like {@link System#nanoTime()}
     * @return the display
     */
    public static TrainingProgress plainLines(PrintStream out, String taskName, long startStep, long totalSteps,
            Duration interval, LongSupplier nanoTime) {
        return new TrainingProgress(new PlainLines(out, taskName, startStep, totalSteps, interval.toNanos(), nanoTime));
    }

    /**
     * Reports progress after an update.
     *
     * @param globalStep environment steps done so far
     * @param recentMeanReturn mean return of the recent episodes, empty before the first finished
     *     one (see {@link EpisodeTracker#recentMeanReturn()})
     */
    public void update(long globalStep, OptionalDouble recentMeanReturn) {
        display.show(globalStep, formatMeanReturn(recentMeanReturn));
    }

    /**
     * Reports progress with a status of the caller's own in place of the mean return.
     *
     * @param globalStep steps done so far
     * @param status a short status, e.g. "3 of 16 runs finished"
     */
    public void update(long globalStep, String status) {
        display.show(globalStep, status);
    }

    /** Shows the final state and releases the display. */
    @Override
    public void close() {
        display.close();
    }

    static String formatMeanReturn(OptionalDouble recentMeanReturn) {
        return recentMeanReturn.isPresent()
                ? String.format(Locale.ROOT, "mean return %.1f (last %d episodes)", recentMeanReturn.getAsDouble(),
                        EpisodeTracker.WINDOW)
                : "mean return - (no finished episode yet)";
    }

    private interface Display {
        void show(long globalStep, String status);

        void close();
    }

    private static final class Bar implements Display {
        private final ProgressBar bar;

        Bar(ProgressBar bar) {
            this.bar = bar;
        }

        @Override
        public void show(long globalStep, String status) {
            bar.stepTo(globalStep);
            // The bar renders the message right after the speed, with no separator of its own.
            bar.setExtraMessage(" | " + status);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private static final class PlainLines implements Display {
        private final PrintStream out;
        private final String taskName;
        private final long startStep;
        private final long totalSteps;
        private final long intervalNanos;
        private final LongSupplier nanoTime;
        private final long startNanos;
        private long lastLineNanos;
        private boolean anyLine;
        private boolean latestShown = true;
        private long latestStep;
        private String latestStatus = "";

        PlainLines(PrintStream out, String taskName, long startStep, long totalSteps, long intervalNanos,
                LongSupplier nanoTime) {
            this.out = out;
            this.taskName = taskName;
            this.startStep = startStep;
            this.totalSteps = totalSteps;
            this.intervalNanos = intervalNanos;
            this.nanoTime = nanoTime;
            this.startNanos = nanoTime.getAsLong();
            this.latestStep = startStep;
        }

        @Override
        public void show(long globalStep, String status) {
            latestStep = globalStep;
            latestStatus = status;
            long now = nanoTime.getAsLong();
            if (!anyLine || now - lastLineNanos >= intervalNanos) {
                printLine(now);
            } else {
                latestShown = false;
            }
        }

        @Override
        public void close() {
            if (!latestShown) {
                printLine(nanoTime.getAsLong());
            }
            out.flush();
        }

        private void printLine(long now) {
            double seconds = (now - startNanos) / 1e9;
            long stepsThisSession = latestStep - startStep;
            double stepsPerSecond = seconds > 0 ? stepsThisSession / seconds : 0;
            String eta = stepsPerSecond > 0
                    ? formatDuration(Math.max(0, totalSteps - latestStep) / stepsPerSecond)
                    : "unknown";
            double percent = totalSteps > 0 ? 100.0 * latestStep / totalSteps : 100.0;
            out.println(String.format(Locale.ROOT, "[ppo4j] %s: step %d/%d (%.1f%%) | %.0f steps/s | ETA %s | %s",
                    taskName, latestStep, totalSteps, percent, stepsPerSecond, eta,
                    latestStatus));
            out.flush();
            lastLineNanos = now;
            anyLine = true;
            latestShown = true;
        }
    }

    /** Formats seconds as {@code H:MM:SS}, rounding to the nearest second. */
    public static String formatDuration(double seconds) {
        long total = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", total / 3600, (total / 60) % 60, total % 60);
    }
}
