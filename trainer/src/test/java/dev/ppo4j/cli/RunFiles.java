package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** In-process {@code ./ppo4j train} runs and the parts of their run directories that must not depend on timing. */
final class RunFiles {
    /** The wall-clock columns of metrics.csv, which differ between identical runs. */
    static final List<String> TIMING_COLUMNS = List.of("time/collect_seconds", "time/update_seconds", "time/fps");

    private RunFiles() {}

    /** Runs the command line in process and fails with its standard error if it does not exit 0. */
    static void run(String... args) {
        StringWriter err = new StringWriter();
        var commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        assertEquals(0, exit, () -> String.join(" ", args) + " failed: " + err);
    }

    /** A run's metrics.csv without the wall-clock columns. */
    static String metricsWithoutTimings(Path run) throws IOException {
        List<String> lines = Files.readString(run.resolve("metrics.csv")).lines().toList();
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (!TIMING_COLUMNS.contains(header.get(i))) {
                kept.add(i);
            }
        }
        return lines.stream().map(line -> {
            String[] cells = line.split(",", -1);
            return kept.stream().map(i -> cells[i]).collect(Collectors.joining(","));
        }).collect(Collectors.joining("\n", "", "\n"));
    }
}
