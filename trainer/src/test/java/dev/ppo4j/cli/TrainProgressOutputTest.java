package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
    void theProgressDisplayEndsBeforeTheSummaryIsPrinted() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        PrintStream out = System.out;
        PrintStream err = System.err;
        int exitCode;
        // Standard output (the display's plain lines) and error (the summary) on one stream, as on a terminal.
        System.setOut(terminal);
        System.setErr(terminal);
        try {
            exitCode = Main.commandLine().execute("train", "--env", "java:CartPole-v1", "--steps", Long.toString(STEPS),
                    "--out", temp.resolve("run").toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, exitCode, String.join("\n", lines));

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
