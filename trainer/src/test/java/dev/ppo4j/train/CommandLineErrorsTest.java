package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Bad input to {@code ./ppo4j train}: a message that says what to change, a non-zero exit, no half-made run directory. */
class CommandLineErrorsTest {
    @TempDir
    Path temp;

    /** Exit status and standard error of one in-process command line. */
    private record Outcome(int exitCode, String stderr) {}

    private static Outcome run(String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        int exitCode = commandLine.execute(args);
        return new Outcome(exitCode, err.toString());
    }

    private static void assertClearFailure(Outcome outcome, String... expectedFragments) {
        assertTrue(outcome.exitCode() != 0, "exit code 0 for a failing command; stderr: " + outcome.stderr());
        for (String fragment : expectedFragments) {
            assertTrue(outcome.stderr().contains(fragment), "stderr lacks '" + fragment + "': " + outcome.stderr());
        }
        assertFalse(outcome.stderr().contains("\tat "), "stderr shows a stack trace instead of a message: " + outcome.stderr());
    }

    @Test
    void badSetValueNamesTheFieldAndCreatesNoRunDirectory() {
        Path out = temp.resolve("run");
        Outcome outcome = run("train", "--env", "java:CartPole-v1", "--out", out.toString(), "--set", "clip_range=abc");
        assertClearFailure(outcome, "clip_range", "abc");
        assertFalse(Files.exists(out), "a run directory was created for an invalid config");
    }

    @Test
    void outOfRangeSetValueSaysWhatIsAllowed() {
        Path out = temp.resolve("run");
        Outcome outcome = run("train", "--env", "java:CartPole-v1", "--out", out.toString(), "--set", "gamma=1.5");
        assertClearFailure(outcome, "gamma", "(0, 1]");
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownSetKeyIsRejected() {
        Path out = temp.resolve("run");
        Outcome outcome = run("train", "--env", "java:CartPole-v1", "--out", out.toString(), "--set", "clip_rnge=0.1");
        assertClearFailure(outcome, "clip_rnge");
        assertFalse(Files.exists(out));
    }

    @Test
    void minibatchSizeNotDividingTheBatchSuggestsADivisor() {
        Path out = temp.resolve("run");
        Outcome outcome = run("train", "--env", "java:CartPole-v1", "--out", out.toString(), "--set", "minibatch_size=100");
        // cartpole preset: 32 steps x 8 envs = 256; the largest divisor not above 100 is 64
        assertClearFailure(outcome, "minibatch_size", "must divide the batch", "256", "use 64");
        assertFalse(Files.exists(out));
    }

    @Test
    void outputUnderARegularFileAsksForAWritableOut() throws IOException {
        Path file = Files.writeString(temp.resolve("not-a-directory"), "x");
        Path out = file.resolve("run");
        Outcome outcome = run("train", "--env", "java:CartPole-v1", "--out", out.toString(), "--steps", "256");
        assertClearFailure(outcome, out.toString(), "writable --out");
        assertEquals("x", Files.readString(file), "the regular file in the way was modified");
    }

    @Test
    void unknownEnvNamesTheKnownOnesAndCreatesNoRunDirectory() {
        Path out = temp.resolve("run");
        Outcome outcome = run("train", "--env", "java:CartPol-v1", "--out", out.toString());
        assertClearFailure(outcome, "CartPol-v1", "CartPole-v1");
        assertFalse(Files.exists(out), "a run directory was left behind for an env that cannot be made");
    }

    @Test
    void aMistypedEnvIsReportedBeforeTheStepsAreCheckedAgainstTheBatch() {
        Path out = temp.resolve("run");
        for (String env : new String[] {"java:CartPol-v1", "CartPol-v1"}) {
            Outcome outcome = run("train", "--env", env, "--steps", "1000", "--out", out.toString());
            assertClearFailure(outcome, "CartPol-v1", "CartPole-v1");
            assertFalse(outcome.stderr().contains("total_steps"), "the step check hid the mistyped env: " + outcome.stderr());
            assertFalse(Files.exists(out));
        }
        Outcome valid = run("train", "--env", "java:CartPole-v1", "--steps", "100", "--out", out.toString());
        assertClearFailure(valid, "total_steps (100) must be at least one batch (256 steps)");
    }

    @Test
    void resumeOfANonRunDirectorySaysWhatToPassAndWritesNothing() throws IOException {
        Path notARun = Files.createDirectory(temp.resolve("not-a-run"));
        Outcome outcome = run("train", "--resume", notARun.toString());
        assertClearFailure(outcome, notARun.toString(), "is not a ppo4j run directory", "pass the directory that train created");
        try (Stream<Path> entries = Files.list(notARun)) {
            assertEquals(0, entries.count(), "resume wrote into a directory that is not a run");
        }
    }

    @Test
    void resumeWithOtherOptionsIsRejected() throws IOException {
        Path notARun = Files.createDirectory(temp.resolve("run"));
        Outcome outcome = run("train", "--resume", notARun.toString(), "--steps", "1000");
        assertClearFailure(outcome, "--resume", "drop the other options");
    }
}
