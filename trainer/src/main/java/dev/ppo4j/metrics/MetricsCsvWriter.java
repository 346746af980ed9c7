package dev.ppo4j.metrics;

import dev.ppo4j.util.DurableFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code metrics.csv}: one row per update, {@code global_step} first and then the scalar names in
 * the order they were first seen. A name that first appears in a later update adds a column: the
 * file is rewritten (temp file + rename) with the wider header and empty cells in the earlier
 * rows, so every row always matches the header. An update that lacks a known name leaves its cell
 * empty. Each row is flushed as it is written, so a killed run keeps its rows. Values are written
 * in Java's shortest round-trip form; those of whole-number columns (counts, lengths) without a
 * fraction ({@code 11}, not {@code 11.0}).
 */
final class MetricsCsvWriter implements AutoCloseable {
    static final String STEP_COLUMN = "global_step";

    private final Path file;
    private final Set<String> wholeNumberColumns;
    private final List<String> columns = new ArrayList<>();
    private BufferedWriter out;

    /**
     * Starts a new file with only the step column; refuses to overwrite an existing one.
     *
     * @param wholeNumberColumns the columns whose values are counts, written without a fraction
     */
    static MetricsCsvWriter create(Path file, Set<String> wholeNumberColumns) {
        MetricsCsvWriter writer = new MetricsCsvWriter(file, wholeNumberColumns);
        writer.columns.add(STEP_COLUMN);
        try {
            Files.writeString(file, STEP_COLUMN + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw MetricsWriteException.alreadyExists(file, e);
        } catch (IOException e) {
            throw new MetricsWriteException(file, e);
        }
        writer.openForAppend();
        return writer;
    }

    /**
     * Continues an existing file after a resume: keeps the header and the rows up to and including
     * {@code lastKeptStep}, dropping rows of updates the resumed run will redo. A missing file is
     * started afresh.
     *
     * @param wholeNumberColumns the columns whose values are counts, written without a fraction
     */
    static MetricsCsvWriter resume(Path file, long lastKeptStep, Set<String> wholeNumberColumns) {
        if (!Files.exists(file)) {
            return create(file, wholeNumberColumns);
        }
        MetricsCsvWriter writer = new MetricsCsvWriter(file, wholeNumberColumns);
        List<String> kept = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).startsWith(STEP_COLUMN)) {
                throw new MetricsFormatException(file, "its first line is not a header starting with " + STEP_COLUMN);
            }
            writer.columns.addAll(List.of(lines.get(0).split(",", -1)));
            kept.add(lines.get(0));
            for (String line : lines.subList(1, lines.size())) {
                // A row cut short when the run was killed mid-write is dropped with the redone updates.
                boolean complete = line.split(",", -1).length == writer.columns.size();
                if (complete && leadingStep(file, line) <= lastKeptStep) {
                    kept.add(line);
                }
            }
        } catch (IOException e) {
            throw new MetricsWriteException(file, e);
        }
        writer.replaceContents(kept);
        writer.openForAppend();
        return writer;
    }

    private MetricsCsvWriter(Path file, Set<String> wholeNumberColumns) {
        this.file = file;
        this.wholeNumberColumns = Set.copyOf(wholeNumberColumns);
    }

    /** Appends one row, widening the header first if {@code scalars} names a new column. */
    void append(long globalStep, Map<String, Double> scalars) {
        List<String> added = new ArrayList<>();
        for (String key : scalars.keySet()) {
            if (!columns.contains(key)) {
                requirePlainName(key);
                added.add(key);
            }
        }
        if (!added.isEmpty()) {
            widen(added);
        }
        StringBuilder row = new StringBuilder().append(globalStep);
        for (String column : columns.subList(1, columns.size())) {
            row.append(',');
            Double value = scalars.get(column);
            if (value != null) {
                double v = value;
                boolean whole = wholeNumberColumns.contains(column) && v == Math.rint(v) && Math.abs(v) < 0x1p53;
                if (whole) {
                    row.append((long) v);
                } else {
                    row.append(v);
                }
            }
        }
        try {
            out.write(row.append('\n').toString());
            out.flush();
        } catch (IOException e) {
            throw new MetricsWriteException(file, e);
        }
    }

    /** The header's columns, step column first. */
    List<String> columns() {
        return List.copyOf(columns);
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new MetricsWriteException(file, e);
        }
    }

    private void widen(List<String> added) {
        close();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MetricsWriteException(file, e);
        }
        columns.addAll(added);
        String padding = ",".repeat(added.size());
        List<String> widened = new ArrayList<>(lines.size());
        widened.add(String.join(",", columns));
        for (String line : lines.subList(1, lines.size())) {
            widened.add(line + padding);
        }
        replaceContents(widened);
        openForAppend();
    }

    private void replaceContents(List<String> lines) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(temp, lines, StandardCharsets.UTF_8);
            DurableFiles.moveIntoPlace(temp, file);
        } catch (IOException e) {
            throw new MetricsWriteException(file, e);
        }
    }

    private void openForAppend() {
        try {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new MetricsWriteException(file, e);
        }
    }

    /** Reads the step column of a row written by this class. */
    private static long leadingStep(Path file, String line) {
        int comma = line.indexOf(',');
        String cell = comma < 0 ? line : line.substring(0, comma);
        try {
            return Long.parseLong(cell);
        } catch (NumberFormatException e) {
            throw new MetricsFormatException(file, "the row '" + line + "' does not start with a step number");
        }
    }

    private static void requirePlainName(String key) {
        if (key.isEmpty() || key.equals(STEP_COLUMN) || key.chars().anyMatch(c -> c == ',' || c == '"' || c < ' ')) {
            throw new IllegalArgumentException("The metric name '" + key + "' cannot be a CSV column: use a "
                    + "non-empty name other than " + STEP_COLUMN + " without commas, quotes or control characters.");
        }
    }
}
