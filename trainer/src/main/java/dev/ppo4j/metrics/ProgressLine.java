package dev.ppo4j.metrics;

import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lays out the progress bar's line for the width of the terminal, such as (80 columns):
 * <pre>
 * Hopper-v5 │██▏        │ 204.8k/1M | 2,150 steps/s | ETA 0:06:10 | return 1234.5
 * </pre>
 * The bar takes the room the fields leave. Where the widest layout leaves the bar fewer than
 * {@value #MIN_BAR_CELLS} cells, shorter ones are tried in turn: compact step counts and the brief
 * status, then without the percentage, then without the task name (the line above the bar names
 * it). Only below that width is the bar dropped and the line cut at the terminal's edge. Every
 * line takes the whole width, so that a redraw covers the previous line.
 */
final class ProgressLine {
    /** The least bar worth drawing. */
    static final int MIN_BAR_CELLS = 10;

    private static final String COLOR = "\u001b[33m";
    private static final String RESET = "\u001b[0m";
    private static final char FULL_BLOCK = '█';
    /** Eighths of a cell, from none to seven. */
    private static final String PARTIAL_BLOCKS = " ▏▎▍▌▋▊▉";
    private static final String SEPARATOR = " | ";
    /** Totals from here on are shown compact on a narrow terminal; below, grouped digits are no wider. */
    private static final long COMPACT_FROM = 100_000;

    /**
     * What the line shows besides the counts, in two lengths.
     *
     * @param full the status in words, for a wide terminal (and the plain lines)
     * @param brief the short form the bar falls back to on a narrow one
     */
    record Status(String full, String brief) {}

    /**
     * The state a line shows.
     *
     * @param task what is being done, e.g. the env id
     * @param step steps done so far
     * @param total the step the work stops at
     * @param stepsPerSecond the speed of this session, NaN before it is known
     * @param status the caller's status
     */
    record State(String task, long step, long total, double stepsPerSecond, Status status) {}

    /** Which fields a layout shows, and how. */
    private record Layout(boolean task, boolean percent, boolean compactCounts, boolean stepsUnit, boolean fullStatus) {}

    private static final List<Layout> WIDEST_FIRST = List.of(
            new Layout(true, true, false, true, true),
            new Layout(true, true, true, true, false),
            new Layout(true, false, true, false, false),
            new Layout(false, true, true, false, false));

    private ProgressLine() {}

    /**
     * Renders the line.
     *
     * @param state what to show
     * @param width the most columns the line may take
     * @return the line, the bar in colour; at most {@code width} columns wide
     */
    static String render(State state, int width) {
        double fraction = state.total() > 0 ? Math.min(1.0, (double) state.step() / state.total()) : 1.0;
        for (Layout layout : WIDEST_FIRST) {
            String left = left(state, layout, fraction);
            String right = right(state, layout);
            // The bar's two edges and a space on either side.
            int cells = width - columns(left) - columns(right) - 4;
            if (cells >= MIN_BAR_CELLS) {
                return left + " " + bar(fraction, cells) + " " + right;
            }
        }
        Layout narrowest = WIDEST_FIRST.get(WIDEST_FIRST.size() - 1);
        String line = cut(left(state, narrowest, fraction) + " " + right(state, narrowest), width);
        // The whole width, as the layouts with a bar take it: a redraw from the line's start leaves nothing of the last one.
        return line + " ".repeat(Math.max(0, width - columns(line)));
    }

    private static String left(State state, Layout layout, double fraction) {
        List<String> fields = new ArrayList<>();
        if (layout.task()) {
            fields.add(state.task());
        }
        if (layout.percent()) {
            fields.add(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(100 * fraction)));
        }
        return String.join(" ", fields);
    }

    private static String right(State state, Layout layout) {
        // Both counts in the total's form, so that 64,512/199.9k reads as 64.5k/199.9k.
        boolean compact = layout.compactCounts() && state.total() >= COMPACT_FROM;
        String counts = count(state.step(), compact) + "/" + count(state.total(), compact) + (layout.stepsUnit() ? " steps" : "");
        double speed = state.stepsPerSecond();
        boolean known = Double.isFinite(speed) && speed > 0;
        // Compact from a million steps/s: a first redraw right after the start can show an absurd
        // speed, and it must not push the other fields off an 80-column line.
        String perSecond = known ? (speed >= 1e6 ? count((long) speed, true) : String.format(Locale.ROOT, "%,.0f", speed))
                + " steps/s" : "? steps/s";
        String eta = known ? TrainingProgress.formatDuration(Math.max(0, state.total() - state.step()) / speed) : "?";
        String status = layout.fullStatus() ? state.status().full() : state.status().brief();
        return counts + SEPARATOR + perSecond + SEPARATOR + "ETA " + eta + SEPARATOR + status;
    }

    /**
     * A step count: with digit grouping, or compact (64.5k, 204.8k, 1M), rounded down so that a
     * run never shows done early.
     */
    static String count(long steps, boolean compact) {
        if (!compact) {
            return String.format(Locale.ROOT, "%,d", steps);
        }
        if (steps < 1_000) {
            return String.valueOf(steps);
        }
        DecimalFormat format = new DecimalFormat(steps < 1_000_000 ? "0.#" : "0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setRoundingMode(RoundingMode.DOWN);
        return steps < 1_000_000 ? format.format(steps / 1e3) + "k" : format.format(steps / 1e6) + "M";
    }

    private static String bar(double fraction, int cells) {
        int eighths = (int) Math.floor(fraction * cells * 8);
        int full = eighths / 8;
        StringBuilder sb = new StringBuilder(COLOR).append('│').append(String.valueOf(FULL_BLOCK).repeat(full));
        if (full < cells) {
            sb.append(PARTIAL_BLOCKS.charAt(eighths % 8)).append(" ".repeat(cells - full - 1));
        }
        return sb.append('│').append(RESET).toString();
    }

    /** The columns a string takes: one per code point (the line holds no wide characters besides what a user names). */
    private static int columns(String text) {
        return text.codePointCount(0, text.length());
    }

    private static String cut(String line, int width) {
        return columns(line) <= width ? line : line.substring(0, line.offsetByCodePoints(0, Math.max(0, width)));
    }
}
