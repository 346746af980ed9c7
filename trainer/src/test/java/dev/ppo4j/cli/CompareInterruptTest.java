package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupting {@code ./ppo4j compare} (SIGTERM, as Ctrl-C or a scheduler would) stops its
 * trainers and their Python workers, and the same command afterwards resumes the half-finished
 * run from its checkpoint instead of starting over.
 */
class CompareInterruptTest {
    private static final long STEPS = 40_960;

    @TempDir
    Path temp;

    @Test
    void interruptedGridLeavesNoProcessesAndResumesFromTheCheckpoint() throws Exception {
        Path gridFile = temp.resolve("interrupt.grid");
        Files.writeString(gridFile, "name = interrupt\nenvs = CartPole-v1\nseeds = 1\nsteps = " + STEPS + "\neval_episodes = 2\n\n"
                + "[frequent-checkpoints]\ncheckpoint_interval = 2\n");
        Path out = temp.resolve("grid");
        Path run = out.resolve("runs/frequent-checkpoints/CartPole-v1/seed-1");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "compare", "--grid", gridFile.toString(),
                "--out", out.toString(), "--parallel", "1");
        Process compare = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(temp.resolve("compare.log").toFile()).start();
        List<ProcessHandle> descendants;
        List<String> commands;
        try {
            descendants = waitForCheckpointThenListProcesses(compare, run);
            commands = descendants.stream().map(p -> p.info().command().orElse("?")).toList();
            compare.destroy();
            assertTrue(compare.waitFor(60, TimeUnit.SECONDS), "compare did not stop within 60 s of SIGTERM");
        } finally {
            compare.destroyForcibly();
        }
        assertTrue(commands.stream().anyMatch(c -> c.contains("python")), "the grid's trainer had no Python worker to check: " + commands);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (descendants.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertFalse(descendants.stream().anyMatch(ProcessHandle::isAlive), "processes outlived the interrupted grid");
        assertFalse(Files.exists(run.resolve("policy.onnx")), "the run finished before it was interrupted; nothing was tested");
        long rowsBefore = Files.readAllLines(run.resolve("metrics.csv")).size();

        int exitCode = Main.commandLine().execute("compare", "--grid", gridFile.toString(), "--out", out.toString(), "--parallel", "1");

        assertEquals(0, exitCode);
        String log = Files.readString(out.resolve("runs/frequent-checkpoints/CartPole-v1/seed-1.log"));
        assertTrue(log.contains("Resuming"), "the second invocation did not resume the run:\n" + log);
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertTrue(rows.size() >= rowsBefore, "metrics.csv lost rows");
        assertEquals(String.valueOf(STEPS), rows.get(rows.size() - 1).split(",")[0], "the resumed run did not reach its budget");
        assertTrue(Files.isRegularFile(run.resolve("evaluation.json")) && Files.isRegularFile(out.resolve("report.html")));
    }

    /** Waits until the run has checkpointed twice, then returns the compare process's descendants. */
    private static List<ProcessHandle> waitForCheckpointThenListProcesses(Process compare, Path run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!compare.isAlive()) {
                fail("compare exited (" + compare.exitValue() + ") before it could be interrupted");
            }
            if (checkpoints(run) >= 2) {
                return compare.descendants().toList();
            }
            Thread.sleep(100);
        }
        fail("no checkpoint within 180 s");
        return List.of();
    }

    private static long checkpoints(Path run) throws IOException {
        Path dir = run.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".ckpt")).count();
        }
    }
}
