package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ./ppo4j train} tells the user as it starts. */
class TrainMessagesTest {
    @TempDir
    Path temp;

    /** Runs the command line in-process and returns what it printed to standard error, line by line. */
    private static List<String> stderrLines(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CommandLineRun run;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            run = CommandLineRun.of(args);
        } finally {
            System.setErr(original);
        }
        assertEquals(0, run.exitCode(), run.err());
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void stepsThatAreNotWholeBatchesAreSaidUpFront() {
        // the cartpole preset's batch is 32 x 8 = 256 steps: 1,000 steps train 3 updates
        List<String> lines = stderrLines("train", "--env", "java:CartPole-v1", "--steps", "1000", "--out", temp.resolve("run").toString());
        assertEquals("Note: total_steps 1,000 is not a whole number of batches of 256 steps (rollout_steps 32 x num_envs 8);"
                + " training 3 updates, 768 steps (232 fewer).", lines.get(0), String.join("\n", lines));
        assertEquals("Training java:CartPole-v1 for 768 steps", lines.get(1).substring(0, lines.get(1).indexOf(" (")));
    }

    @Test
    void wholeBatchesNeedNoNote() {
        List<String> lines = stderrLines("train", "--env", "java:CartPole-v1", "--steps", "512", "--out", temp.resolve("run").toString());
        assertFalse(lines.get(0).startsWith("Note:"), String.join("\n", lines));
    }
}
