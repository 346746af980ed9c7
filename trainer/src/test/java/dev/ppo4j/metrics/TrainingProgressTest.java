package dev.ppo4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TrainingProgressTest {
    private static final long SECOND = 1_000_000_000L;

    /** A clock the test moves by hand. */
    private static final class ManualClock {
        long nanos = 5 * SECOND;
    }

    private static List<String> lines(ByteArrayOutputStream buffer) {
        return buffer.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void plainLinesShowStepSpeedEtaAndMeanReturnAtMostEveryInterval() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ManualClock clock = new ManualClock();
        try (TrainingProgress progress = TrainingProgress.plainLines(new PrintStream(buffer, true, StandardCharsets.UTF_8),
                "Hopper-v5", 0, 1_000_000, Duration.ofSeconds(10), () -> clock.nanos)) {
            clock.nanos += 1 * SECOND;
            progress.update(2048, OptionalDouble.empty());
            clock.nanos += 4 * SECOND;
            progress.update(10_240, OptionalDouble.of(150.25));
            clock.nanos += 6 * SECOND;
            progress.update(22_000, OptionalDouble.of(310.04));
            clock.nanos += 1 * SECOND;
            progress.update(24_000, OptionalDouble.of(400.0));
        }
        // The update at 10240 steps came 4 s after a line and is skipped; the one at 24000 is
        // skipped too but close() shows it, so the log ends on the latest state.
        assertEquals(List.of(
                "[ppo4j] Hopper-v5: step 2048/1000000 (0.2%) | 2048 steps/s | ETA 0:08:07 | "
                        + "mean return - (no finished episode yet)",
                "[ppo4j] Hopper-v5: step 22000/1000000 (2.2%) | 2000 steps/s | ETA 0:08:09 | "
                        + "mean return 310.0 (last 100 episodes)",
                "[ppo4j] Hopper-v5: step 24000/1000000 (2.4%) | 2000 steps/s | ETA 0:08:08 | "
                        + "mean return 400.0 (last 100 episodes)"),
                lines(buffer));
    }

    @Test
    void resumedRunCountsOnlyTheStepsOfThisSession() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ManualClock clock = new ManualClock();
        try (TrainingProgress progress = TrainingProgress.plainLines(new PrintStream(buffer, true, StandardCharsets.UTF_8),
                "java:CartPole-v1", 500_000, 600_000, Duration.ofSeconds(10), () -> clock.nanos)) {
            clock.nanos += 10 * SECOND;
            progress.update(550_000, OptionalDouble.of(500.0));
        }
        assertEquals(List.of("[ppo4j] java:CartPole-v1: step 550000/600000 (91.7%) | 5000 steps/s | ETA 0:00:10 | "
                + "mean return 500.0 (last 100 episodes)"), lines(buffer));
    }

    @Test
    void closeWithoutUpdatesPrintsNothing() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        TrainingProgress.plainLines(new PrintStream(buffer, true, StandardCharsets.UTF_8), "Hopper-v5", 0, 100,
                Duration.ofSeconds(10), System::nanoTime).close();
        assertEquals("", buffer.toString(StandardCharsets.UTF_8));
    }

    @Test
    void barOnAnEightyColumnTerminalKeepsAWideBarTheSpeedAndTheReturn() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        // An 80-column terminal: the line leaves the last column free.
        int width = 79;
        try (TrainingProgress progress = TrainingProgress.bar(new PrintStream(buffer, true, StandardCharsets.UTF_8), width,
                "Hopper-v5", 0, 1_000_000)) {
            progress.update(204_800, OptionalDouble.of(1234.5));
        }
        List<String> screen = TerminalScreen.lines(buffer.toString(StandardCharsets.UTF_8));
        String line = screen.get(0);
        assertEquals(List.of(line, ""), screen, "the bar leaves one line and the cursor below it");
        assertTrue(line.codePointCount(0, line.length()) <= width, "wider than the terminal: " + line);
        assertTrue(line.contains(" steps/s") && line.contains("ETA ") && line.contains("return 1234.5"),
                "the line lacks the speed, the ETA or the return: " + line);
        assertTrue(line.matches(".*│[█▏▎▍▌▋▊▉ ]{10,}│.*"), "the bar is narrower than 10 cells: " + line);
    }

    @Test
    void linesPrintedThroughTheBarStandAboveIt() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        try (TrainingProgress progress = TrainingProgress.bar(terminal, 160, "compare tiny", 0, 4096)) {
            progress.update(1024, "0 of 2 runs ended, 2 running", "0/2 runs ended");
            progress.println(terminal, "[ppo4j] finished a/seed-1 (1 of 2)");
            progress.update(4096, "1 of 2 runs ended, 1 running", "1/2 runs ended");
            progress.println(terminal, "[ppo4j] finished a/seed-2 (2 of 2)");
            progress.update(4096, "2 of 2 runs ended", "2/2 runs ended");
        }
        List<String> screen = TerminalScreen.lines(buffer.toString(StandardCharsets.UTF_8));
        assertEquals(4, screen.size(), String.join("\n", screen));
        assertEquals(List.of("[ppo4j] finished a/seed-1 (1 of 2)", "[ppo4j] finished a/seed-2 (2 of 2)"), screen.subList(0, 2));
        assertTrue(screen.get(2).startsWith("compare tiny 100% │") && screen.get(2).endsWith("| 2 of 2 runs ended"), screen.get(2));
        assertEquals("", screen.get(3));
    }

    @Test
    void durationsAreHoursMinutesSeconds() {
        assertEquals("0:00:00", TrainingProgress.formatDuration(0.4));
        assertEquals("0:01:05", TrainingProgress.formatDuration(65));
        assertEquals("27:46:40", TrainingProgress.formatDuration(100_000));
    }
}
