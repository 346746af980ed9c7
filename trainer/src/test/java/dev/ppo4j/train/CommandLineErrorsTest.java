package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.cli.CommandLineRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Bad input to {@code ./ppo4j train}: a message that says what to change, a non-zero exit, no half-made run directory. */
class CommandLineErrorsTest {
    @TempDir
    Path temp;


    private static void assertClearFailure(CommandLineRun outcome, String... expectedFragments) {
        assertTrue(outcome.exitCode() != 0, "exit code 0 for a failing command; stderr: " + outcome.err());
        for (String fragment : expectedFragments) {
            assertTrue(outcome.err().contains(fragment), "stderr lacks '" + fragment + "': " + outcome.err());
        }
        assertFalse(outcome.err().contains("\tat "), "stderr shows a stack trace instead of a message: " + outcome.err());
    }

    @Test
    void badSetValueNamesTheFieldAndCreatesNoRunDirectory() {
        Path out = temp.resolve("run");
        CommandLineRun outcome = CommandLineRun.of("train", "--env", "java:CartPole-v1", "--out", out.toString(), "--set", "clip_range=abc");
        assertClearFailure(outcome, "clip_range", "abc");
        assertFalse(Files.exists(out), "a run directory was created for an invalid config");
    }

    @Test
    void outOfRangeSetValueSaysWhatIsAllowed() {
        Path out = temp.resolve("run");
        CommandLineRun outcome = CommandLineRun.of("train", "--env", "java:CartPole-v1", "--out", out.toString(), "--set", "gamma=1.5");
        assertClearFailure(outcome, "gamma", "(0, 1]");
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownSetKeyIsRejected() {
        Path out = temp.resolve("run");
        CommandLineRun outcome = CommandLineRun.of("train", "--env", "java:CartPole-v1", "--out", out.toString(), "--set", "clip_rnge=0.1");
        assertClearFailure(outcome, "clip_rnge");
        assertFalse(Files.exists(out));
    }

    @Test
    void minibatchSizeNotDividingTheBatchSuggestsADivisor() {
        Path out = temp.resolve("run");
        CommandLineRun outcome = CommandLineRun.of("train", "--env", "java:CartPole-v1", "--out", out.toString(), "--set", "minibatch_size=100");
        // cartpole preset: 32 steps x 8 envs = 256; the largest divisor not above 100 is 64
        assertClearFailure(outcome, "minibatch_size", "must divide the batch", "256", "use 64");
        assertFalse(Files.exists(out));
    }

    @Test
    void outputUnderARegularFileAsksForAWritableOut() throws IOException {
        Path file = Files.writeString(temp.resolve("not-a-directory"), "x");
        Path out = file.resolve("run");
        CommandLineRun outcome = CommandLineRun.of("train", "--env", "java:CartPole-v1", "--out", out.toString(), "--steps", "256");
        assertClearFailure(outcome, out.toString(), "writable --out");
        assertEquals("x", Files.readString(file), "the regular file in the way was modified");
    }

    @Test
    void unknownEnvNamesTheKnownOnesAndCreatesNoRunDirectory() {
        Path out = temp.resolve("run");
        CommandLineRun outcome = CommandLineRun.of("train", "--env", "java:CartPol-v1", "--out", out.toString());
        assertClearFailure(outcome, "CartPol-v1", "CartPole-v1");
        assertFalse(Files.exists(out), "a run directory was left behind for an env that cannot be made");
    }

    @Test
    void aMistypedEnvIsReportedBeforeTheStepsAreCheckedAgainstTheBatch() {
        Path out = temp.resolve("run");
        for (String env : new String[] {"java:CartPol-v1", "CartPol-v1"}) {
            CommandLineRun outcome = CommandLineRun.of("train", "--env", env, "--steps", "1000", "--out", out.toString());
            assertClearFailure(outcome, "CartPol-v1", "CartPole-v1");
            assertFalse(outcome.err().contains("total_steps"), "the step check hid the mistyped env: " + outcome.err());
            assertFalse(Files.exists(out));
        }
        CommandLineRun valid = CommandLineRun.of("train", "--env", "java:CartPole-v1", "--steps", "100", "--out", out.toString());
        assertClearFailure(valid, "total_steps (100) must be at least one batch (256 steps)");
    }

    @Test
    void resumeOfANonRunDirectorySaysWhatToPassAndWritesNothing() throws IOException {
        Path notARun = Files.createDirectory(temp.resolve("not-a-run"));
        CommandLineRun outcome = CommandLineRun.of("train", "--resume", notARun.toString());
        assertClearFailure(outcome, notARun.toString(), "is not a ppo4j run directory", "pass the directory that train created");
        try (Stream<Path> entries = Files.list(notARun)) {
            assertEquals(0, entries.count(), "resume wrote into a directory that is not a run");
        }
    }

    @Test
    void resumeWithOtherOptionsIsRejected() throws IOException {
        Path notARun = Files.createDirectory(temp.resolve("run"));
        CommandLineRun outcome = CommandLineRun.of("train", "--resume", notARun.toString(), "--steps", "1000");
        assertClearFailure(outcome, "--resume", "drop the other options");
    }
}
