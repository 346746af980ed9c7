package dev.ppo4j.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.env.EnvSeeding;
import dev.ppo4j.env.VectorStep;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** EnvSeeding.STATIC through real Python workers: every episode of env i restarts from reset(seed + i). */
class StaticSeedingThroughWorkersTest {
    private static final int DIM = 4;

    @Test
    void everyCartPoleEpisodeRestartsFromTheEnvsResetSeedEvenAfterAWorkerRestart() throws Exception {
        try (PythonVectorEnv env = PythonVectorEnv.builder("CartPole-v1").numEnvs(2).workers(2)
                .seeding(EnvSeeding.STATIC).build()) {
            float[] obs = new float[2 * DIM];
            env.reset(42L, obs);
            float[][] first = {Arrays.copyOfRange(obs, 0, DIM), Arrays.copyOfRange(obs, DIM, 2 * DIM)};
            assertFalse(Arrays.equals(first[0], first[1]), "env 1 is seeded with 43, not 42");
            VectorStep out = new VectorStep(2, DIM);
            SplittableRandom rng = new SplittableRandom(3);
            int[] episodes = playAndCheck(env, out, rng, first, 3);
            assertTrue(episodes[0] >= 3 && episodes[1] >= 3, "random CartPole play ends episodes: " + Arrays.toString(episodes));

            ProcessHandle victim = ProcessHandle.of(env.workerPids()[1]).orElseThrow();
            victim.destroyForcibly();
            victim.onExit().get(10, TimeUnit.SECONDS);
            env.step(new float[] {0, 1}, out);
            assertTrue(out.truncated[1] && !out.terminated[1], "the killed worker's episode ends truncated");
            assertArrayEquals(first[1], Arrays.copyOfRange(out.observations, DIM, 2 * DIM),
                    "the restarted worker re-seeds env 1 with 43, not 43 + N");
            int[] after = playAndCheck(env, out, rng, first, 2);
            assertTrue(after[1] >= 2, "the restarted worker keeps static seeding: " + Arrays.toString(after));
        }
    }

    /** Steps with random actions until every env ended {@code count} episodes, checking each new first observation. */
    private static int[] playAndCheck(PythonVectorEnv env, VectorStep out, SplittableRandom rng, float[][] first, int count) {
        int[] ended = new int[2];
        float[] actions = new float[2];
        for (int t = 0; t < 1000 && (ended[0] < count || ended[1] < count); t++) {
            actions[0] = rng.nextInt(2);
            actions[1] = rng.nextInt(2);
            env.step(actions, out);
            for (int i = 0; i < 2; i++) {
                assertEquals(1.0, out.rewards[i]);
                if (out.terminated[i] || out.truncated[i]) {
                    ended[i]++;
                    assertArrayEquals(first[i], Arrays.copyOfRange(out.observations, i * DIM, (i + 1) * DIM),
                            "episode " + ended[i] + " of env " + i + " starts where reset(42 + " + i + ") did");
                }
            }
        }
        return ended;
    }
}
