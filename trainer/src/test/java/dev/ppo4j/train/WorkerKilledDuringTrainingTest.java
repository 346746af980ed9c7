package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ppo4j train} in the default layout (the {@code mujoco} preset: 8 envs in 2 workers,
 * pipelined in 2 groups) survives a worker killed with SIGKILL mid-run: the worker is restarted,
 * the console says so, the run finishes and exports a policy that evaluates, and no worker is
 * left running.
 */
class WorkerKilledDuringTrainingTest {
    /** Ten updates of 8 × 256 steps: the kill comes after the first, with nine still to collect. */
    private static final String STEPS = "20480";

    @TempDir
    Path temp;

    @Test
    void aRunWhoseWorkerIsSigkilledFinishesExportsAndLeavesNoWorker() throws Exception {
        Path run = temp.resolve("run");
        Path log = temp.resolve("train.log");
        Process train = TrainerProcess.start(log, TrainerProcess.command("train", "--env", "Hopper-v5", "--steps", STEPS,
                "--eval-episodes", "2", "--out", run.toString()));
        TrainerProcess.awaitProgress(train, log, output -> TrainerProcess.metricLines(run).size() >= 1);
        List<ProcessHandle> original = workers(train);
        assertEquals(2, original.size(), "the default layout has two workers: " + original);
        Set<ProcessHandle> seen = new HashSet<>(original);
        ProcessHandle victim = original.get(1);
        victim.destroyForcibly();
        victim.onExit().get(10, TimeUnit.SECONDS);
        while (train.isAlive()) {
            seen.addAll(workers(train));
            Thread.sleep(20);
        }

        TrainerProcess.Result result = TrainerProcess.finish(train, log);

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("ppo4j WARNING: Restarted worker "), result.output());
        assertTrue(result.output().contains("pid " + victim.pid() + ") exited with code 137 (killed by signal 9)"), result.output());
        assertEquals(10, TrainerProcess.metricLines(run).size(), "every update ran and was logged:\n" + result.output());
        assertTrue(Files.size(run.resolve(RunDirectory.POLICY_FILE)) > 0, "the policy is exported");
        assertTrue(Files.readString(run.resolve(RunDirectory.EVALUATION_FILE)).contains("\"returns\""),
                "and evaluates: " + Files.readString(run.resolve(RunDirectory.EVALUATION_FILE)));
        assertTrue(seen.size() > original.size(), "the restarted worker was seen: " + seen);
        assertEquals(List.of(), seen.stream().filter(ProcessHandle::isAlive).toList(), "workers left running");
    }

    /** The child JVM's Python workers (evaluation runs its own). */
    private static List<ProcessHandle> workers(Process train) {
        return train.descendants().filter(p -> p.info().commandLine().orElse("").contains("ppo4j.worker")).toList();
    }
}
