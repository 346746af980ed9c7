package dev.ppo4j.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.env.VectorStep;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The SAME_STEP contract against real Gymnasium envs in real workers. */
class VectorContractTest {

    @Test
    void cartPoleTerminationReturnsFinalObservationAndNextFirstObservation() {
        try (PythonVectorEnv env = PythonVectorEnv.builder("CartPole-v1").numEnvs(4).workers(2).build()) {
            float[] obs = new float[4 * 4];
            env.reset(7L, obs);
            VectorStep out = new VectorStep(4, 4);
            float[] actions = new float[4];
            SplittableRandom rng = new SplittableRandom(1);
            int terminations = 0;
            for (int t = 0; t < 300 && terminations < 6; t++) {
                for (int i = 0; i < 4; i++) {
                    actions[i] = rng.nextInt(2);
                }
                env.step(actions, out);
                for (int i = 0; i < 4; i++) {
                    assertEquals(1.0, out.rewards[i], "CartPole pays 1 per step, including the last");
                    if (out.terminated[i]) {
                        terminations++;
                        assertFalse(out.truncated[i], "a CartPole fall is terminated, not truncated");
                        float[] last = out.finalObservation(i);
                        assertTrue(Math.abs(last[0]) > 2.4f || Math.abs(last[2]) > 0.2094f,
                                "the final observation is past the failure threshold: " + Arrays.toString(last));
                        for (int k = 0; k < 4; k++) {
                            assertTrue(Math.abs(out.observations[i * 4 + k]) <= 0.05f,
                                    "the next episode starts within ±0.05: " + Arrays.toString(out.observations));
                        }
                    }
                }
            }
            assertTrue(terminations >= 6, "random CartPole play falls within 300 steps");
        }
    }

    @Test
    void timeLimitFromKwargsTruncatesAndKeepsTheLastObservation() {
        try (PythonVectorEnv env = PythonVectorEnv.builder("CartPole-v1").kwargs("{\"max_episode_steps\": 5}")
                .numEnvs(2).workers(1).build()) {
            float[] obs = new float[2 * 4];
            env.reset(3L, obs);
            VectorStep out = new VectorStep(2, 4);
            float[] previous = obs.clone();
            for (int t = 1; t <= 10; t++) {
                env.step(new float[] {t % 2, (t + 1) % 2}, out);
                for (int i = 0; i < 2; i++) {
                    assertFalse(out.terminated[i]);
                    assertEquals(t % 5 == 0, out.truncated[i], "truncated exactly every 5 steps, step " + t);
                    if (out.truncated[i]) {
                        assertNotEquals(Arrays.toString(out.finalObservation(i)),
                                Arrays.toString(Arrays.copyOfRange(out.observations, i * 4, i * 4 + 4)),
                                "final and first observations are reported separately");
                        assertTrue(Math.abs(out.finalObservation(i)[0] - previous[i * 4]) < 0.1f,
                                "the final observation continues the episode");
                    }
                }
                previous = out.observations.clone();
            }
        }
    }

    @Test
    void pendulumTruncatesAtTwoHundredSteps() {
        try (PythonVectorEnv env = PythonVectorEnv.builder("Pendulum-v1").numEnvs(2).workers(2).build()) {
            float[] obs = new float[2 * 3];
            env.reset(11L, obs);
            VectorStep out = new VectorStep(2, 3);
            for (int t = 1; t <= 201; t++) {
                env.step(new float[] {0.5f, -1f}, out);
                for (int i = 0; i < 2; i++) {
                    assertFalse(out.terminated[i], "Pendulum never terminates");
                    assertEquals(t == 200, out.truncated[i], "Pendulum truncates at step 200 only (step " + t + ")");
                    assertTrue(out.rewards[i] <= 0 && out.rewards[i] >= -16.3, "Pendulum rewards lie in [-16.27, 0]");
                }
            }
        }
    }

    @Test
    void seedsAreSeedPlusIndexAndAutoresetsContinueTheStream() {
        float[][] runs = new float[3][];
        int[][] layouts = {{4, 1, 1}, {4, 2, 1}, {4, 2, 2}};
        for (int r = 0; r < 3; r++) {
            try (PythonVectorEnv env = PythonVectorEnv.builder("CartPole-v1").kwargs("{\"max_episode_steps\": 3}")
                    .numEnvs(layouts[r][0]).workers(layouts[r][1]).groups(layouts[r][2]).build()) {
                runs[r] = trajectory(env, 42L, 8);
            }
        }
        assertArrayEquals(runs[0], runs[1], "the split over workers does not change the trajectories");
        assertArrayEquals(runs[0], runs[2], "pipelining groups does not change the trajectories");
        try (PythonEnv single = PythonEnv.builder("CartPole-v1").build()) {
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(single.reset(42L + i, java.util.Map.of()).observation(),
                        Arrays.copyOfRange(runs[0], i * 4, i * 4 + 4), "env " + i + " is seeded with 42 + " + i);
            }
        }
        float[] firstEpisodeStarts = Arrays.copyOfRange(runs[0], 0, 16);
        float[] secondEpisodeStarts = Arrays.copyOfRange(runs[0], 3 * 16, 4 * 16);
        assertFalse(Arrays.equals(firstEpisodeStarts, secondEpisodeStarts), "autoresets continue the stream instead of reseeding");
    }

    private static float[] trajectory(PythonVectorEnv env, long seed, int steps) {
        int n = env.numEnvs();
        float[] obs = new float[n * 4];
        env.reset(seed, obs);
        float[] all = new float[(steps + 1) * n * 4];
        System.arraycopy(obs, 0, all, 0, obs.length);
        VectorStep out = new VectorStep(n, 4);
        float[] actions = new float[n];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
                actions[i] = (t + i) % 2;
            }
            env.step(actions, out);
            System.arraycopy(out.observations, 0, all, (t + 1) * n * 4, n * 4);
        }
        return all;
    }
}
