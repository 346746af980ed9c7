package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of {@code ./ppo4j train}'s output, as a user reads it with standard output and error on
 * one terminal: the progress display's final state first, then the summary, so nothing the
 * display draws at its close lands on the summary's lines.
 */
class TrainProgressOutputTest {
    // The cartpole preset trains 256 steps per update: 10 updates, so the display skips some and shows the last at its close.
    private static final long STEPS = 2560;

    @TempDir
    Path temp;

    @Test
    void theProgressDisplayEndsBeforeTheSummaryIsPrinted() throws Exception {
        Path run = temp.resolve("run");
        Path log = temp.resolve("train.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--env", "java:CartPole-v1",
                "--steps", Long.toString(STEPS), "--out", run.toString());
        Process train = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(train.waitFor(120, TimeUnit.SECONDS), "train did not finish in 2 minutes");
        List<String> lines = Files.readAllLines(log);
        assertEquals(0, train.exitValue(), String.join("\n", lines));

        int finalProgress = indexOf(lines, "step " + STEPS + "/" + STEPS + " (100.0%)");
        int summary = indexOf(lines, "Trained java:CartPole-v1 for " + STEPS + " steps");
        assertTrue(finalProgress >= 0 && summary > finalProgress, "the final progress line comes after the summary:\n"
                + String.join("\n", lines));
        assertTrue(lines.get(lines.size() - 1).startsWith("Evaluate with: ./ppo4j eval --policy "), String.join("\n", lines));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
