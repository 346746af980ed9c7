package dev.ppo4j.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.env.EnvClosedException;
import dev.ppo4j.env.EpisodeEndedException;
import dev.ppo4j.env.InvalidActionException;
import dev.ppo4j.env.StepResult;
import dev.ppo4j.env.VectorStep;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gymnasium's single-env contract through the bridge, with its typed errors. */
class PythonEnvTest {

    @Test
    void episodeRunsToTerminationThenNeedsReset() {
        try (PythonEnv env = PythonEnv.builder("CartPole-v1").build()) {
            assertThrows(EpisodeEndedException.class, () -> env.step(new float[] {0}), "step before the first reset");
            env.reset(0L, Map.of());
            StepResult result;
            int steps = 0;
            do {
                result = env.step(new float[] {1});
                steps++;
            } while (!result.terminated() && !result.truncated());
            assertTrue(result.terminated() && !result.truncated() && steps < 100, "always pushing right falls over quickly");
            EpisodeEndedException e = assertThrows(EpisodeEndedException.class, () -> env.step(new float[] {1}));
            assertTrue(e.getMessage().contains("call reset()"), e.getMessage());
            assertEquals(4, env.reset().observation().length, "reset without a seed continues the stream");
        }
    }

    @Test
    void resetOptionsReachGymnasium() {
        try (PythonEnv env = PythonEnv.builder("CartPole-v1").build()) {
            float[] obs = env.reset(9L, Map.of("low", -0.001, "high", 0.001)).observation();
            for (float v : obs) {
                assertTrue(Math.abs(v) <= 0.001f, "CartPole's reset options narrow the start state: " + v);
            }
        }
    }

    @Test
    void infoDictsArriveWithResetAndStep() {
        try (PythonEnv env = PythonEnv.builder("Hopper-v5").build()) {
            assertEquals(java.util.Set.of("x_position", "z_distance_from_origin"), env.reset(0L, Map.of()).info().keySet());
            for (int t = 0; t < 3; t++) {
                StepResult step = env.step(new float[] {0.1f * t, -0.2f, 0.3f});
                Map<String, Object> info = step.info();
                double components = (Double) info.get("reward_forward") + (Double) info.get("reward_ctrl") + (Double) info.get("reward_survive");
                assertEquals(step.reward(), components, 1e-6, "the info belongs to this step: its reward components add up");
            }
        }
    }

    @Test
    void invalidActionsAreRejectedBeforeReachingPython() {
        try (PythonEnv env = PythonEnv.builder("Pendulum-v1").build()) {
            env.reset(0L, Map.of());
            assertThrows(InvalidActionException.class, () -> env.step(new float[] {0, 0}), "wrong length");
            InvalidActionException e = assertThrows(InvalidActionException.class, () -> env.step(new float[] {2.5f}));
            assertTrue(e.getMessage().contains("not in the action space"), e.getMessage());
            assertEquals(3, env.step(new float[] {2f}).observation().length, "the env still works");
        }
        try (PythonVectorEnv env = PythonVectorEnv.builder("CartPole-v1").numEnvs(2).build()) {
            env.reset(0L, new float[8]);
            InvalidActionException e = assertThrows(InvalidActionException.class, () -> env.step(new float[] {0, 2}, new VectorStep(2, 4)));
            assertTrue(e.getMessage().contains("env 1"), e.getMessage());
        }
    }

    @Test
    void closeIsIdempotentFinalAndLeavesNoProcess() throws Exception {
        PythonEnv env = PythonEnv.builder("CartPole-v1").build();
        env.reset(0L, Map.of());
        long pid = env.workerPid();
        env.close();
        env.close();
        assertThrows(EnvClosedException.class, () -> env.step(new float[] {0}));
        assertThrows(EnvClosedException.class, () -> env.reset());
        assertEquals(List.of(), TestEnvs.stillRunningAfter(new long[] {pid}, 3000));

        PythonVectorEnv vector = PythonVectorEnv.builder("CartPole-v1").numEnvs(2).workers(2).build();
        long[] pids = vector.workerPids();
        vector.close();
        vector.close();
        assertThrows(EnvClosedException.class, () -> vector.reset(0L, new float[8]));
        assertEquals(List.of(), TestEnvs.stillRunningAfter(pids, 3000));
    }

    @Test
    void singleEnvMatchesTheSameEnvInAVector() {
        try (PythonEnv single = PythonEnv.builder("Pendulum-v1").build();
                PythonVectorEnv vector = PythonVectorEnv.builder("Pendulum-v1").build()) {
            float[] vectorObs = new float[3];
            vector.reset(21L, vectorObs);
            assertArrayEquals(vectorObs, single.reset(21L, Map.of()).observation());
            VectorStep out = new VectorStep(1, 3);
            for (int t = 0; t < 10; t++) {
                float[] action = {(float) Math.sin(t)};
                StepResult step = single.step(action);
                vector.step(action, out);
                assertArrayEquals(out.observations, step.observation());
                assertEquals(out.rewards[0], step.reward());
            }
        }
    }
}
