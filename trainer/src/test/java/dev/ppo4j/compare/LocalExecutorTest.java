package dev.ppo4j.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local executor's stop (what its shutdown hook runs on SIGTERM) ends the running commands and
 * starts no queued one; several runs at a time tell their trainers that they share the cores.
 */
class LocalExecutorTest {
    @TempDir
    Path temp;

    @Test
    void runsShareTheCoresWhenSeveralRunAtATime() {
        assertFalse(new LocalExecutor(1).runsShareCores());
        assertTrue(new LocalExecutor(2).runsShareCores());
        List<String> command = new TrainerCommand("Main", true).withArguments(List.of("train"));
        assertTrue(command.contains("-Dppo4j.among_other_runs=true"), command.toString());
        assertFalse(new TrainerCommand("Main", false).withArguments(List.of("train")).stream().anyMatch(a -> a.contains("among_other_runs")));
    }

    @Test
    void aStoppedGridStartsNoQueuedRunWhenTheRunningOneExits() throws Exception {
        Path started = temp.resolve("second-started");
        // The first command exits at once on SIGTERM, as a trainer does after its checkpoint; the second marks that it ran.
        RunTask first = new RunTask("first", List.of("sh", "-c", "trap 'exit 0' TERM; while :; do sleep 0.05; done"), temp,
                temp.resolve("first.log"));
        RunTask second = new RunTask("second", List.of("sh", "-c", "touch '" + started + "'; sleep 5"), temp, temp.resolve("second.log"));
        LocalExecutor executor = new LocalExecutor(1);
        CountDownLatch firstStarted = new CountDownLatch(1);
        List<RunTask.Outcome> outcomes = new CopyOnWriteArrayList<>();
        Thread grid = new Thread(() -> {
            try {
                executor.runAll(List.of(first, second), task -> firstStarted.countDown(), outcomes::add);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        grid.start();
        assertTrue(firstStarted.await(30, TimeUnit.SECONDS));
        Thread.sleep(300); // let the first command install its trap

        executor.stopRunning();
        grid.join(TimeUnit.SECONDS.toMillis(30));

        assertFalse(grid.isAlive(), "runAll did not return after the stop");
        assertFalse(Files.exists(started), "the queued run was started after the grid was stopped");
        assertEquals(2, outcomes.size(), outcomes.toString());
        assertEquals("not started: the grid was stopped", outcomes.get(1).error());
    }
}
