package dev.ppo4j.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.env.StepResult;
import dev.ppo4j.env.VectorStep;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Workers that die or hang are restarted; their episodes end truncated; nothing is left running. */
class FaultRecoveryTest {

    /**
     * Stepped as the trainer's Collector steps: the groups in turn, each collected and handed its
     * next actions while the others step. Worker 1 is killed when group 0 has just been collected
     * and the other groups are stepping; its envs (2 and 3 with one group; 1 and 3 with two, each
     * group spread over both workers) end truncated in their group's next result.
     */
    @ParameterizedTest(name = "{0} group(s)")
    @ValueSource(ints = {1, 2})
    void sigkilledMujocoWorkerIsRestartedAndSteppingContinues(int groups) throws Exception {
        List<WorkerRestart> restarts = new CopyOnWriteArrayList<>();
        long[] pids;
        try (PythonVectorEnv env = PythonVectorEnv.builder("Hopper-v5").numEnvs(4).workers(2).groups(groups)
                .restartListener(restarts::add).build()) {
            int dim = env.observationDim();
            env.reset(5L, new float[4 * dim]);
            VectorStep out = new VectorStep(4, dim);
            float[] groupActions = new float[4 / groups * 3];
            SplittableRandom rng = new SplittableRandom(2);
            for (int g = 0; g < groups; g++) {
                env.stepAsync(g, fill(groupActions, rng));
            }
            for (int k = 0; k < 5 * groups; k++) {
                env.stepWait(k % groups, out);
                env.stepAsync(k % groups, fill(groupActions, rng));
            }
            env.stepWait(0, out);
            float[] before = out.observations.clone();
            long[] original = env.workerPids();
            ProcessHandle victim = ProcessHandle.of(original[1]).orElseThrow();
            victim.destroyForcibly();
            victim.onExit().get(10, TimeUnit.SECONDS);

            env.stepAsync(0, fill(groupActions, rng));
            assertEquals(1, restarts.size(), "the dead worker is found when group 0's next step is handed to it");
            assertEquals(WorkerRestart.Reason.DIED, restarts.get(0).reason());
            assertTrue(restarts.get(0).detail().contains("exited with code 137 (killed by signal 9)"), restarts.get(0).detail());
            int[] killedEnvs = groups == 1 ? new int[] {2, 3} : new int[] {1, 3};
            assertArrayEquals(killedEnvs, restarts.get(0).envIndices());
            for (int k = 1; k <= groups; k++) {
                int group = k % groups;
                env.stepWait(group, out);
                assertTruncatedAfterRestart(out, group * 4 / groups, 4 / groups, killedEnvs, before);
                env.stepAsync(group, fill(groupActions, rng));
            }
            assertEquals(original[0], env.workerPids()[0]);
            assertNotEquals(original[1], env.workerPids()[1], "worker 1 is a new process");
            for (int k = 1; k <= 20 * groups; k++) {
                env.stepWait(k % groups, out);
                env.stepAsync(k % groups, fill(groupActions, rng));
            }
            for (int k = 1; k <= groups; k++) {
                env.stepWait(k % groups, out);
            }
            assertEquals(1, restarts.size(), "stepping continues without further restarts: " + restarts);
            pids = env.workerPids();
        }
        assertEquals(List.of(), TestEnvs.stillRunningAfter(pids, 3000), "close() leaves no worker running");
    }

    /** A worker answers groups in the order they were handed over; collecting them in another order is no fault. */
    @Test
    void groupsCollectedOutOfOrderRestartNoWorker() {
        List<WorkerRestart> restarts = new CopyOnWriteArrayList<>();
        try (PythonVectorEnv env = PythonVectorEnv.builder(TestEnvs.FAULTY).numEnvs(6).workers(2).groups(3)
                .restartListener(restarts::add).build()) {
            env.reset(8L, new float[6 * 4]);
            VectorStep out = new VectorStep(6, 4);
            for (int t = 1; t <= 3; t++) {
                for (int g = 0; g < 3; g++) {
                    env.stepAsync(g, new float[2]);
                }
                for (int g : new int[] {2, 0, 1}) {
                    env.stepWait(g, out);
                }
                for (int i = 0; i < 6; i++) {
                    assertEquals(t, out.observations[i * 4], "step counter of env " + i);
                }
            }
            assertEquals(List.of(), restarts);
        }
    }

    /** Checks a group's first result after worker 1's restart: its envs among {@code killed} end truncated, the others step on. */
    private static void assertTruncatedAfterRestart(VectorStep out, int first, int count, int[] killed, float[] before) {
        int dim = out.observationDim();
        for (int i = first; i < first + count; i++) {
            if (Arrays.stream(killed).noneMatch(Integer.valueOf(i)::equals)) {
                assertFalse(out.truncated[i], "env " + i + " of the healthy worker keeps its episode");
                continue;
            }
            assertTrue(out.truncated[i] && !out.terminated[i], "env " + i + " of the killed worker is truncated");
            assertEquals(0.0, out.rewards[i]);
            assertArrayEquals(Arrays.copyOfRange(before, i * dim, (i + 1) * dim), out.finalObservation(i),
                    "the final observation is the last one the episode produced");
            assertEquals(1.25, out.observations[i * dim], 0.01, "a new Hopper episode starts standing at z = 1.25");
        }
    }

    @Test
    void hungWorkerIsKilledAtTheDeadlineAndRestarted() throws Exception {
        List<WorkerRestart> restarts = new CopyOnWriteArrayList<>();
        try (PythonVectorEnv env = PythonVectorEnv.builder(TestEnvs.FAULTY).numEnvs(4).workers(2)
                .callTimeout(Duration.ofSeconds(2)).restartListener(restarts::add).build()) {
            float[] obs = new float[4 * 4];
            env.reset(1L, obs);
            VectorStep out = new VectorStep(4, 4);
            for (int t = 1; t <= 3; t++) {
                env.step(new float[4], out);
            }
            long hungPid = env.workerPids()[1];
            long started = System.nanoTime();
            env.step(new float[] {0, 0, 0, TestEnvs.HANG}, out);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(seconds >= 1.9, "the worker was given its full deadline, waited " + seconds + " s");
            assertEquals(1, restarts.size());
            assertEquals(WorkerRestart.Reason.HUNG, restarts.get(0).reason());
            assertTrue(restarts.get(0).detail().contains("deadline"), restarts.get(0).detail());
            for (int i = 0; i < 4; i++) {
                boolean restartedEnv = i >= 2;
                assertEquals(restartedEnv, out.truncated[i], "env " + i);
                assertEquals(restartedEnv ? 0f : 4f, out.observations[i * 4], "step counter of env " + i);
                if (restartedEnv) {
                    assertEquals(3f, out.finalObservation(i)[0], "the final observation is the one after step 3");
                }
            }
            assertFalse(TestEnvs.running(hungPid) && !TestEnvs.stillRunningAfter(new long[] {hungPid}, 3000).isEmpty(),
                    "the hung worker was killed");
            env.step(new float[4], out);
            assertEquals(1f, out.observations[3 * 4], "the restarted env steps on in its new episode");
        }
    }

    /** The step is sent to all three at once and they are read in turn: only the stopped one may miss its deadline. */
    @Test
    void aStoppedWorkerAmongThreeIsTheOnlyOneRestarted() throws Exception {
        List<WorkerRestart> restarts = new CopyOnWriteArrayList<>();
        try (PythonVectorEnv env = PythonVectorEnv.builder("CartPole-v1").numEnvs(3).workers(3)
                .callTimeout(Duration.ofSeconds(2)).restartListener(restarts::add).build()) {
            env.reset(1L, new float[3 * 4]);
            VectorStep out = new VectorStep(3, 4);
            float[] actions = {0, 1, 0};
            env.step(actions, out);
            long[] before = env.workerPids();
            assertEquals(0, signal("STOP", before[0]));
            try {
                env.step(actions, out);
            } finally {
                signal("CONT", before[0]); // fails harmlessly once the stopped worker has been killed
            }
            assertEquals(1, restarts.size(), "restarts: " + restarts);
            assertEquals(0, restarts.get(0).worker());
            assertEquals(WorkerRestart.Reason.HUNG, restarts.get(0).reason());
            long[] after = env.workerPids();
            assertNotEquals(before[0], after[0], "the stopped worker is a new process");
            assertArrayEquals(new long[] {before[1], before[2]}, new long[] {after[1], after[2]}, "the healthy workers kept running");
            assertArrayEquals(new boolean[] {true, false, false}, out.truncated, "only the stopped worker's env ends truncated");
            for (int t = 0; t < 5; t++) {
                env.step(actions, out);
            }
            assertEquals(1, restarts.size(), "stepping continues without further restarts: " + restarts);
        }
    }

    /** Sends SIGname to a process; returns kill's exit code. */
    private static int signal(String name, long pid) throws Exception {
        return new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    @Test
    void restartWhilePipeliningTruncatesTheWorkersEnvsInEveryGroup() {
        List<WorkerRestart> restarts = new CopyOnWriteArrayList<>();
        // Group 0 = envs 0, 1 and group 1 = envs 2, 3; worker 0 hosts envs 0 and 2, worker 1 envs 1 and 3.
        try (PythonVectorEnv env = PythonVectorEnv.builder(TestEnvs.FAULTY).numEnvs(4).workers(2).groups(2)
                .callTimeout(Duration.ofSeconds(2)).restartListener(restarts::add).build()) {
            env.reset(8L, new float[16]);
            VectorStep out = new VectorStep(4, 4);
            for (int t = 0; t < 2; t++) {
                env.stepAsync(0, new float[2]);
                env.stepAsync(1, new float[2]);
                env.stepWait(0, out);
                env.stepWait(1, out);
            }
            env.stepAsync(0, new float[2]);
            env.stepAsync(1, new float[] {0, TestEnvs.HANG});
            env.stepWait(0, out);
            assertArrayEquals(new boolean[] {false, false, false, false}, out.truncated, "group 0 stepped before the hang");
            env.stepWait(1, out);
            assertEquals(1, restarts.size());
            assertArrayEquals(new int[] {1, 3}, restarts.get(0).envIndices());
            assertTrue(out.truncated[3] && !out.truncated[2], "env 3 ends truncated in the group that hung");
            assertEquals(0f, out.observations[3 * 4], "and starts a new episode");

            env.stepAsync(0, new float[2]);
            env.stepWait(0, out);
            assertTrue(out.truncated[1] && !out.truncated[0], "env 1, restarted with its worker, ends truncated in its group's next step");
            assertEquals(3f, out.finalObservation(1)[0], "at the last observation its episode produced");
            assertEquals(0.0, out.rewards[1]);
            assertEquals(4f, out.observations[0], "env 0 went on stepping");
            env.stepAsync(1, new float[2]);
            env.stepWait(1, out);
            assertFalse(out.truncated[2] || out.truncated[3], "group 1 steps on normally");
            assertEquals(1f, out.observations[3 * 4], "the restarted worker steps its new episodes");
        }
    }

    @Test
    void aWorkerThatKeepsDyingIsGivenUpOnWithAnError() {
        List<WorkerRestart> restarts = new CopyOnWriteArrayList<>();
        try (PythonVectorEnv env = PythonVectorEnv.builder(TestEnvs.FAULTY).numEnvs(2).workers(2)
                .restartListener(restarts::add).build()) {
            env.reset(0L, new float[8]);
            VectorStep out = new VectorStep(2, 4);
            env.step(new float[] {0, TestEnvs.EXIT}, out);
            assertTrue(out.truncated[1]);
            assertTrue(restarts.get(0).detail().contains("exited with code 17"), restarts.get(0).detail());
            env.step(new float[] {0, 0}, out);
            env.step(new float[] {0, TestEnvs.EXIT}, out);
            env.step(new float[] {0, TestEnvs.EXIT}, out);
            assertEquals(3, restarts.size(), "a successful step in between resets the count");
            dev.ppo4j.env.WorkerException e = org.junit.jupiter.api.Assertions.assertThrows(dev.ppo4j.env.WorkerException.class,
                    () -> env.step(new float[] {0, TestEnvs.EXIT}, out));
            assertTrue(e.getMessage().contains("failed 3 steps in a row"), e.getMessage());
        }
    }

    @Test
    void singleEnvTruncatesItsEpisodeWhenTheWorkerDies() throws Exception {
        List<WorkerRestart> restarts = new CopyOnWriteArrayList<>();
        try (PythonEnv env = PythonEnv.builder("CartPole-v1").restartListener(restarts::add).build()) {
            float[] first = env.reset(3L, Map.of()).observation();
            StepResult before = env.step(new float[] {1});
            ProcessHandle victim = ProcessHandle.of(env.workerPid()).orElseThrow();
            victim.destroyForcibly();
            victim.onExit().get(10, TimeUnit.SECONDS);
            StepResult cut = env.step(new float[] {0});
            assertTrue(cut.truncated() && !cut.terminated());
            assertEquals(Boolean.TRUE, cut.info().get("ppo4j.worker_restarted"));
            assertArrayEquals(before.observation(), cut.observation(), "the episode ends at its last observation");
            assertEquals(1, restarts.size());
            assertEquals(4, env.reset(3L, Map.of()).observation().length, "reset works on the new worker");
            assertArrayEquals(first, env.reset(3L, Map.of()).observation(), "and seeds it as before");
        }
    }

    private static float[] fill(float[] actions, SplittableRandom rng) {
        for (int i = 0; i < actions.length; i++) {
            actions[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return actions;
    }
}
