package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.bridge.PythonRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM stop a training run after the current update and its checkpoint, so even a
 * run stopped before its first checkpoint resumes; the messages about resuming never send the user
 * in a circle.
 */
class InterruptTest {
    private static final String NEVER_FINISHES = "100000000";

    @TempDir
    Path temp;

    /**
     * Ctrl-C in a terminal signals the whole foreground process group, the Python workers too: the
     * run is started as a terminal would, in a process group of its own with SIGINT at its default.
     */
    @Test
    void ctrlCBeforeTheFirstCheckpointWritesOneAndSigtermStopsTheResumedRunTheSameWay() throws Exception {
        Path run = temp.resolve("run");
        Path log = temp.resolve("train.log");
        List<String> asFromATerminal = new ArrayList<>(List.of(PythonRuntime.locate().python().toString(), "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.setsid(); os.execvp(sys.argv[1], sys.argv[1:])"));
        asFromATerminal.addAll(TrainerProcess.command("train", "--env", "CartPole-v1", "--set", "num_workers=2",
                "--steps", NEVER_FINISHES, "--set", "checkpoint_interval=0", "--out", run.toString()));
        Process train = TrainerProcess.start(log, asFromATerminal);
        TrainerProcess.awaitProgress(train, log, output -> TrainerProcess.metricLines(run).size() >= 2);
        List<ProcessHandle> workers = train.descendants().toList();
        assertEquals(List.of(), checkpoints(run), "checkpoint_interval = 0: nothing is written before the end");
        assertEquals(0, signal("-INT", "-" + train.pid()), "SIGINT to the process group");

        TrainerProcess.Result stopped = TrainerProcess.finish(train, log);

        assertEquals(130, stopped.exitCode(), stopped.output());
        assertTrue(stopped.output().contains("Continue with: ./ppo4j train --resume " + run), stopped.output());
        assertEquals(1, checkpoints(run).size(), "one checkpoint, of the update that was running");
        long checkpointStep = RunDirectory.open(run).latestCheckpoint().orElseThrow().longValue("global_step");
        assertEquals(checkpointStep, lastMetricStep(run), "the checkpoint is of the last update logged");
        assertFalse(Files.exists(run.resolve("policy.onnx")), "an unfinished run exports no policy");
        assertTrue(workers.size() >= 2 && workers.stream().noneMatch(ProcessHandle::isAlive), "workers left running: " + workers);

        Path resumeLog = temp.resolve("resume.log");
        Process resume = TrainerProcess.start(resumeLog, TrainerProcess.command("train", "--resume", run.toString()));
        TrainerProcess.awaitProgress(resume, resumeLog, output -> output.contains("Resuming " + run + " from update ")
                && lastMetricStep(run) > checkpointStep);
        resume.destroy();
        TrainerProcess.Result resumed = TrainerProcess.finish(resume, resumeLog);

        assertEquals(143, resumed.exitCode(), resumed.output());
        assertEquals(2, checkpoints(run).size(), resumed.output());
        assertEquals(lastMetricStep(run), RunDirectory.open(run).latestCheckpoint().orElseThrow().longValue("global_step"));
    }

    @Test
    void aRunThatStoppedBeforeItsFirstCheckpointResumesFromTheBeginning() throws Exception {
        Path run = temp.resolve("run");
        assertEquals(0, TrainerProcess.run(temp.resolve("first.log"), "train", "--env", "java:CartPole-v1", "--steps", "512",
                "--out", run.toString()).exitCode());
        for (Path checkpoint : checkpoints(run)) {
            Files.delete(checkpoint);
        }
        // What a process killed while writing its first checkpoint leaves behind.
        Files.write(run.resolve("checkpoints/update-000001.ckpt.3kq8z1.tmp"), new byte[] {0x50, 0x50, 0x4f});

        TrainerProcess.Result resumed = TrainerProcess.run(temp.resolve("resume.log"), "train", "--resume", run.toString());

        assertEquals(0, resumed.exitCode(), resumed.output());
        assertTrue(resumed.output().contains(run + " has no checkpoint (it stopped before its first one); starting it from the beginning."),
                resumed.output());
        assertEquals(2, TrainerProcess.metricLines(run).size(), "the run's two updates, logged once each");
        assertFalse(Files.exists(run.resolve("checkpoints/update-000001.ckpt.3kq8z1.tmp")), "the unfinished write is removed");
    }

    @Test
    void whenEveryCheckpointIsCorruptResumeSaysSoAndPointsToAFreshStart() throws Exception {
        Path run = temp.resolve("run");
        assertEquals(0, TrainerProcess.run(temp.resolve("first.log"), "train", "--env", "java:CartPole-v1", "--steps", "1024",
                "--set", "checkpoint_interval=2", "--out", run.toString()).exitCode());
        for (Path checkpoint : checkpoints(run)) {
            byte[] bytes = Files.readAllBytes(checkpoint);
            bytes[20] ^= (byte) 0x80;
            Files.write(checkpoint, bytes);
        }

        TrainerProcess.Result resumed = TrainerProcess.run(temp.resolve("resume.log"), "train", "--resume", run.toString());

        assertEquals(1, resumed.exitCode(), resumed.output());
        assertTrue(resumed.output().contains("ppo4j: Every checkpoint of the run " + run + " is unreadable"), resumed.output());
        assertTrue(resumed.output().contains("./ppo4j train --config " + run.resolve("config.properties") + " --out NEW_DIRECTORY"),
                resumed.output());
        assertFalse(resumed.output().contains("without --resume") || resumed.output().contains("\tat "), resumed.output());
    }

    private static int signal(String signal, String target) throws Exception {
        return new ProcessBuilder("kill", signal, "--", target).inheritIO().start().waitFor();
    }

    private static List<Path> checkpoints(Path run) throws IOException {
        try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
            return files.sorted().toList();
        }
    }

    private static long lastMetricStep(Path run) {
        List<String> lines = TrainerProcess.metricLines(run);
        return lines.isEmpty() ? 0 : Long.parseLong(lines.get(lines.size() - 1).split(",")[0]);
    }
}
