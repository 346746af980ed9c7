package dev.ppo4j.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppo4j.metrics.TrainingProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress display of a grid ends on the grid's final state, not on the last poll's. */
class GridProgressTest {
    @TempDir
    Path temp;

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private GridProgress progress(GridDirectory directory, int tasks) {
        // A minute between plain lines: only the first poll and the close print one.
        return new GridProgress(directory, tasks, (done, total) -> TrainingProgress.plainLines(
                new PrintStream(buffer, true, StandardCharsets.UTF_8), "compare made-up", done, total, Duration.ofMinutes(1),
                System::nanoTime));
    }

    private GridDirectory directory() {
        List<Variant> variants = List.of(new Variant("a", "variant a", Map.of()), new Variant("b", "variant b", Map.of()));
        return GridDirectory.prepare(temp, new Grid("made-up", "", List.of("java:CartPole-v1"), 2, 4096, null, 0, null, variants));
    }

    private String lastLine() {
        List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void endsOnEveryRunEndedAfterTheRunsEndBetweenPolls() throws InterruptedException {
        GridDirectory directory = directory();
        List<GridDirectory.Run> runs = directory.runs();
        GridProgress progress = progress(directory, runs.size());
        runs.forEach(progress::started);
        progress.poll();
        runs.forEach(progress::ended);
        progress.stop();
        assertEquals("[ppo4j] compare made-up: step 0/16384 (0.0%) | 0 steps/s | ETA unknown | 4 of 4 runs ended", lastLine());
    }

    @Test
    void runsStillRunningWhenTheGridStopsAreCountedAsStopped() throws InterruptedException {
        GridDirectory directory = directory();
        List<GridDirectory.Run> runs = directory.runs();
        GridProgress progress = progress(directory, runs.size());
        runs.forEach(progress::started);
        progress.ended(runs.get(0));
        progress.poll();
        progress.stop();
        assertEquals("[ppo4j] compare made-up: step 0/16384 (0.0%) | 0 steps/s | ETA unknown | 1 of 4 runs ended, 3 stopped",
                lastLine());
    }
}
