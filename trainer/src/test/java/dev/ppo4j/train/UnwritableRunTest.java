package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.bridge.PythonRuntime;
import dev.ppo4j.config.ConfigFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose files can no longer be written (a full disk, a quota, a file-size limit) ends with
 * one paragraph naming the file, the reason and the fix, and keeps its last good checkpoint.
 */
class UnwritableRunTest {
    /** Far above every file of the run but its checkpoints (about 1.6 MB with 256 × 256 hidden layers). */
    private static final long FILE_SIZE_LIMIT = 512 * 1024;

    @TempDir
    Path temp;

    /**
     * The kernel refuses to grow a file past RLIMIT_FSIZE (EFBIG, "File too large") on the real write
     * path, as it refuses a full disk's (ENOSPC), and a limit needs no privileges. It is lowered on
     * the running trainer (ONNX Runtime extracts its 20 MB native library when it starts), once the
     * run has checkpoints that must survive the failed one.
     */
    @Test
    void aCheckpointThatCannotBeWrittenEndsInOneParagraphAndKeepsTheEarlierOnes() throws Exception {
        Path run = temp.resolve("run");
        Path log = temp.resolve("train.log");
        Process train = TrainerProcess.start(log, TrainerProcess.command("train", "--env", "java:CartPole-v1",
                "--steps", "100000000", "--set", "hidden_sizes=256,256", "--set", "checkpoint_interval=1", "--out", run.toString()));
        TrainerProcess.awaitProgress(train, log, output -> Files.isDirectory(run.resolve("checkpoints"))
                && files(run.resolve("checkpoints")).size() >= 2);
        ProcessBuilder limit = PythonRuntime.locate().module("ppo4j_testing.prlimit_fsize", Long.toString(train.pid()),
                Long.toString(FILE_SIZE_LIMIT));
        assertEquals(0, limit.inheritIO().start().waitFor(), "lowering the trainer's file-size limit");

        TrainerProcess.Result result = TrainerProcess.finish(train, log);

        String output = result.output();
        assertEquals(1, result.exitCode(), output);
        assertTrue(output.contains("ppo4j: Could not write " + run.resolve("checkpoints").resolve("update-")), output);
        assertTrue(output.contains(".ckpt: File too large. Check that " + run + " is writable and that its disk has space,"
                + " then continue the run with ./ppo4j train --resume " + run + " (it resumes from its last checkpoint, "), output);
        assertFalse(output.contains("\tat "), "a stack trace: " + output);
        List<Path> kept = files(run.resolve("checkpoints"));
        assertTrue(output.contains(kept.get(kept.size() - 1) + ", which is intact)."), "the message names the newest checkpoint");
        for (Path checkpoint : kept) {
            Checkpoint.read(checkpoint);
        }
        assertEquals(List.of(), Stream.concat(files(run).stream(), kept.stream())
                .filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(), "temp files left behind");
    }

    @Test
    void aFullDiskIsCalledFull() throws IOException {
        Path dir = temp.resolve("run");
        RunDirectory run = RunDirectory.create(dir, ConfigFiles.resolve(Map.of("env_id", "java:CartPole-v1")));
        Path file = dir.resolve("metrics.csv");
        String message = run.cannotWrite(file, new IOException("No space left on device")).getMessage();
        assertEquals("Could not write " + file + ": No space left on device. The disk holding " + dir + " is full; free space on it,"
                + " then continue the run with ./ppo4j train --resume " + dir + " (it starts again from the beginning, as it has"
                + " no checkpoint yet).", message);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
