package dev.ppo4j.metrics;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressState;

/**
 * The live progress display of {@code ./ppo4j train}: environment steps done out of the total,
 * steps per second, the estimated time left and the recent mean episodic return.
 *
 * <p>On a terminal it is a progress bar redrawn in place, laid out for the terminal's width
 * (see {@code ProgressLine}); close it before printing what follows it, or its last redraw lands
 * on the lines printed since. When output is not a terminal (CI, a pipe, a log file) it prints
 * one plain line at the first update and then at most every {@link #PLAIN_LINE_INTERVAL}, plus a
 * last one when closed, such as:
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
        return bar(System.err, 0, taskName, startStep, totalSteps);
    }

    /**
     * Starts the progress-bar display: always on the last line, redrawn from its start, so that
     * {@link #println} can put a line above it.
     *
     * @param out the terminal
     * @param width the columns the line may take; 0 for the terminal's width less one
     */
    static TrainingProgress bar(PrintStream out, int width, String taskName, long startStep, long totalSteps) {
        // The library renders on its own thread, so the latest status and line are handed over atomically.
        AtomicReference<ProgressLine.Status> status = new AtomicReference<>(new ProgressLine.Status("", ""));
        AtomicReference<String> line = new AtomicReference<>("");
        LastLine terminal = new LastLine(out, width);
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(taskName)
                .setInitialMax(totalSteps)
                .startsFrom(startStep, Duration.ZERO)
                .setRenderer((state, columns) -> {
                    line.set(Bar.render(state, columns, status.get()));
                    return line.get();
                })
                .setConsumer(terminal)
                .build();
        return new TrainingProgress(new Bar(bar, terminal, status, line));
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
        String brief = recentMeanReturn.isPresent()
                ? String.format(Locale.ROOT, "return %.1f", recentMeanReturn.getAsDouble()) : "return -";
        display.show(globalStep, new ProgressLine.Status(formatMeanReturn(recentMeanReturn), brief));
    }

    /**
     * Reports progress with a status of the caller's own in place of the mean return.
     *
     * @param globalStep steps done so far
     * @param status the status, e.g. "3 of 16 runs ended, 2 running"
     * @param briefStatus its short form, which a narrow terminal shows instead, e.g. "3/16 runs ended"
     */
    public void update(long globalStep, String status, String briefStatus) {
        display.show(globalStep, new ProgressLine.Status(status, briefStatus));
    }

    /**
     * Prints a line of its own on {@code out} that the display does not draw over: a progress bar
     * is taken off its line, the line printed, and the bar drawn again below it. Output that does
     * not come through here lands after the bar, on its line.
     *
     * @param out where a plain display's caller prints its lines; a bar prints on its own terminal
     * @param text the line, without a line break
     */
    public void println(PrintStream out, String text) {
        display.println(out, text);
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
        void show(long globalStep, ProgressLine.Status status);

        void println(PrintStream out, String text);

        void close();
    }

    /** The bar: the library redraws it in place on its own thread, with the line {@link ProgressLine} lays out. */
    private static final class Bar implements Display {
        /** Back to the start of the line and clear it. */
        private static final String CLEAR_LINE = "\r\u001b[K";

        private final ProgressBar bar;
        private final LastLine terminal;
        private final AtomicReference<ProgressLine.Status> status;
        private final AtomicReference<String> line;

        Bar(ProgressBar bar, LastLine terminal, AtomicReference<ProgressLine.Status> status, AtomicReference<String> line) {
            this.bar = bar;
            this.terminal = terminal;
            this.status = status;
            this.line = line;
        }

        @Override
        public void show(long globalStep, ProgressLine.Status latest) {
            status.set(latest);
            bar.stepTo(globalStep);
        }

        @Override
        public void println(PrintStream out, String text) {
            // One write, so that the library's redraw (also one write) cannot fall in between.
            terminal.out.print(CLEAR_LINE + text + System.lineSeparator() + line.get());
            terminal.out.flush();
        }

        @Override
        public void close() {
            bar.close();
            terminal.endLine();
        }

        static String render(ProgressState state, int width, ProgressLine.Status status) {
            double seconds = state.getElapsedAfterStart().toNanos() / 1e9;
            double stepsPerSecond = seconds > 0 ? (state.getCurrent() - state.getStart()) / seconds : Double.NaN;
            return ProgressLine.render(new ProgressLine.State(state.getTaskName(), state.getCurrent(), state.getMax(),
                    stepsPerSecond, status), width);
        }
    }

    /** The bar's line, the terminal's last: redrawn from its start; ended when the bar closes. */
    private static final class LastLine extends ConsoleProgressBarConsumer {
        private final PrintStream out;
        private volatile boolean open;

        LastLine(PrintStream out, int width) {
            super(out, width);
            this.out = out;
        }

        @Override
        public void accept(String rendered) {
            super.accept(rendered);
            open = true;
        }

        @Override
        public void close() {
            super.close();
            open = false;
        }

        /** Ends the line if the library did not: it does not when the bar closes before its first scheduled redraw. */
        void endLine() {
            if (open) {
                out.println();
                open = false;
            }
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
        public void show(long globalStep, ProgressLine.Status status) {
            latestStep = globalStep;
            latestStatus = status.full();
            long now = nanoTime.getAsLong();
            if (!anyLine || now - lastLineNanos >= intervalNanos) {
                printLine(now);
            } else {
                latestShown = false;
            }
        }

        @Override
        public void println(PrintStream stream, String text) {
            // The caller's lines keep their own stream: in a log they need not be interleaved with the display's.
            stream.println(text);
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
