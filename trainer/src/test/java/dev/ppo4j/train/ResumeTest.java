package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A training run killed mid-way (SIGKILL, no shutdown hooks) resumes from its last checkpoint
 * and completes with consistent outputs, for every algorithm (each restores its own state: PPO's
 * β and shuffling stream, the critic fit's stream, vpg-adaptive's step size; A2C's RMSprop square
 * averages are the shared state's second moments, see A2cCheckpointTest; a2c-trust-region's
 * average policy, whose bit-exact restoration A2cTrustRegionCheckpointTest checks; CEM's
 * distribution and generation, see also CemTest).
 *
 * <p>No test asks a resumed run to reproduce an uninterrupted one bit for bit: the envs'
 * simulator state is not part of a checkpoint, so {@link Trainer} reseeds the envs on resume
 * and the resumed run legitimately diverges from the uninterrupted one.
 */
class ResumeTest {
    private static final int CHECKPOINT_INTERVAL = 5;
    // cartpole preset: 256 steps per update, so 120 updates
    private static final long TOTAL_STEPS = 120 * 256;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "algorithm={0}")
    @ValueSource(strings = {"ppo", "trpo", "vpg-adaptive", "a2c", "a2c-trust-region", "cem"})
    void killedRunResumesToTheFullBudget(String algorithm) throws Exception {
        Path run = temp.resolve("run");
        Path childLog = temp.resolve("child.log");
        Process child = TrainerProcess.start(childLog, TrainerProcess.command(
                "train", "--env", "java:CartPole-v1", "--preset", "cartpole", "--out", run.toString(),
                "--steps", Long.toString(TOTAL_STEPS), "--set", "algorithm=" + algorithm,
                "--set", "checkpoint_interval=" + CHECKPOINT_INTERVAL));
        try {
            // SIGKILL (no shutdown hooks) once the run has logged updates past its last checkpoint.
            TrainerProcess.awaitProgress(child, childLog, output -> Files.isDirectory(run.resolve("checkpoints"))
                    && !checkpointFiles(run).isEmpty() && steps(run).size() > CHECKPOINT_INTERVAL
                    && steps(run).size() % CHECKPOINT_INTERVAL != 0);
            child.destroyForcibly();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        long rowsBeforeResume = steps(run).size();
        long checkpointStep = RunDirectory.open(run).latestCheckpoint().orElseThrow().longValue("global_step");
        assertTrue(checkpointStep < TOTAL_STEPS, "the child finished before it was killed");
        assertTrue(rowsBeforeResume * 256 > checkpointStep, "the kill left no rows past the last checkpoint to redo");

        int exitCode = Main.commandLine().execute("train", "--resume", run.toString());

        assertEquals(0, exitCode, "resume failed");
        assertTrue(Files.size(run.resolve("policy.onnx")) > 0, "no policy.onnx after the resumed run");
        List<Long> steps = steps(run);
        assertEquals(TOTAL_STEPS, steps.get(steps.size() - 1), "metrics.csv does not end at the full budget");
        for (int i = 1; i < steps.size(); i++) {
            assertTrue(steps.get(i) > steps.get(i - 1), "metrics.csv repeats or reorders global_step at row " + i + ": " + steps);
        }
        assertEquals(TOTAL_STEPS / 256, steps.size(), "metrics.csv should hold exactly one row per update");
        List<Path> checkpoints = checkpointFiles(run);
        for (Path file : checkpoints) {
            Checkpoint.read(file);
        }
        Checkpoint last = Checkpoint.read(checkpoints.get(checkpoints.size() - 1));
        assertEquals(TOTAL_STEPS, last.longValue("global_step"));
        assertEquals(TOTAL_STEPS / 256, last.longValue("update"));
    }

    @Test
    void aCheckpointWithACorruptLengthFieldIsSkippedForTheOneBefore() throws Exception {
        Path run = temp.resolve("run");
        assertEquals(0, Main.commandLine().execute("train", "--env", "java:CartPole-v1", "--out", run.toString(),
                "--steps", "1024", "--set", "checkpoint_interval=2"));
        List<Path> checkpoints = checkpointFiles(run);
        assertEquals(List.of("update-000002.ckpt", "update-000004.ckpt"),
                checkpoints.stream().map(p -> p.getFileName().toString()).toList());
        // Byte 20 is the high byte of the first array's length (magic, version, count, "params").
        byte[] newest = Files.readAllBytes(checkpoints.get(1));
        newest[20] ^= (byte) 0x80;
        Files.write(checkpoints.get(1), newest);

        TrainerProcess.Result resumed = TrainerProcess.run(temp.resolve("resume.log"), "train", "--resume", run.toString());

        assertEquals(0, resumed.exitCode(), resumed.output());
        assertTrue(resumed.output().contains("WARNING: The checkpoint " + checkpoints.get(1) + " is corrupt (checksum mismatch). Skipping it"),
                resumed.output());
        assertTrue(resumed.output().contains("Resuming " + run + " from update 2 "), resumed.output());
        assertFalse(resumed.output().contains("\tat "), "a stack trace: " + resumed.output());
        assertEquals(4, Checkpoint.read(checkpoints.get(1)).longValue("update"), "the resumed run wrote its last checkpoint anew");
    }

    @Test
    void resumingAFinishedRunLeavesItsFilesAsTheyWere() throws Exception {
        Path run = temp.resolve("run");
        assertEquals(0, Main.commandLine().execute("train", "--env", "java:CartPole-v1", "--out", run.toString(), "--steps", "512"));
        List<String> before = fileNames(run);
        String metrics = Files.readString(run.resolve("metrics.csv"));

        assertEquals(0, Main.commandLine().execute("train", "--resume", run.toString()));

        assertEquals(before, fileNames(run), "a resumed finished run adds no (empty TensorBoard) file");
        assertEquals(metrics, Files.readString(run.resolve("metrics.csv")));
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static List<Path> checkpointFiles(Path run) throws IOException {
        try (Stream<Path> entries = Files.list(run.resolve("checkpoints"))) {
            return entries.filter(p -> p.getFileName().toString().matches("update-\\d+\\.ckpt")).sorted().toList();
        }
    }

    /** The global_step column of metrics.csv (empty while it does not exist). */
    private static List<Long> steps(Path run) throws IOException {
        Path csv = run.resolve("metrics.csv");
        if (!Files.exists(csv)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(csv);
        List<Long> steps = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            int comma = line.indexOf(',');
            if (comma > 0) {
                steps.add(Long.parseLong(line.substring(0, comma)));
            }
        }
        return steps;
    }
}
