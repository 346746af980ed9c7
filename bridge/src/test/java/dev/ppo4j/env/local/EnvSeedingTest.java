package dev.ppo4j.env.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ppo4j.env.EnvSeeding;
import dev.ppo4j.env.VectorStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The dynamic/static seeding switch of SyncVectorEnv, on java:CartPole-v1 with random play. */
class EnvSeedingTest {
    private static final int ENVS = 3;
    private static final int DIM = 4;
    private static final int EPISODES = 4;

    @Test
    void staticSeedingStartsEveryEpisodeOfEnvIWhereResetSeedLeftIt() {
        List<List<float[]>> firsts = newEpisodeFirsts(EnvSeeding.STATIC);
        for (int i = 0; i < ENVS; i++) {
            for (int e = 1; e < firsts.get(i).size(); e++) {
                assertArrayEquals(firsts.get(i).get(0), firsts.get(i).get(e),
                        "episode " + e + " of env " + i + " restarts from reset(seed = 42 + " + i + ")");
            }
        }
        assertFalse(Arrays.equals(firsts.get(0).get(0), firsts.get(1).get(0)), "envs still get their own seeds");
    }

    @Test
    void dynamicSeedingStartsEveryEpisodeSomewhereNew() {
        List<List<float[]>> firsts = newEpisodeFirsts(EnvSeeding.DYNAMIC);
        for (int i = 0; i < ENVS; i++) {
            for (int e = 1; e < firsts.get(i).size(); e++) {
                assertFalse(Arrays.equals(firsts.get(i).get(0), firsts.get(i).get(e)),
                        "episode " + e + " of env " + i + " continues the env's random stream");
            }
        }
    }

    @Test
    void seedingModesHaveConfigNames() {
        assertEquals(EnvSeeding.STATIC, EnvSeeding.fromConfigName(" Static "));
        assertEquals("dynamic", EnvSeeding.DYNAMIC.configName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvSeeding.fromConfigName("foo"));
        assertNotEquals(-1, e.getMessage().indexOf("dynamic or static"), e.getMessage());
    }

    /** Per env, the first observation after reset(42) and then of every autoreset episode. */
    private static List<List<float[]>> newEpisodeFirsts(EnvSeeding seeding) {
        List<List<float[]>> firsts = new ArrayList<>();
        try (SyncVectorEnv env = new SyncVectorEnv(JavaEnvs.factory("CartPole-v1"), ENVS, seeding)) {
            float[] obs = new float[ENVS * DIM];
            env.reset(42L, obs);
            for (int i = 0; i < ENVS; i++) {
                firsts.add(new ArrayList<>(List.of(Arrays.copyOfRange(obs, i * DIM, (i + 1) * DIM))));
            }
            VectorStep out = new VectorStep(ENVS, DIM);
            float[] actions = new float[ENVS];
            SplittableRandom rng = new SplittableRandom(7);
            for (int t = 0; t < 2000 && firsts.stream().anyMatch(f -> f.size() <= EPISODES); t++) {
                for (int i = 0; i < ENVS; i++) {
                    actions[i] = rng.nextInt(2);
                }
                env.step(actions, out);
                for (int i = 0; i < ENVS; i++) {
                    if (out.terminated[i] || out.truncated[i]) {
                        firsts.get(i).add(Arrays.copyOfRange(out.observations, i * DIM, (i + 1) * DIM));
                    }
                }
            }
        }
        for (int i = 0; i < ENVS; i++) {
            assertFalse(firsts.get(i).size() <= EPISODES, "random CartPole play ends " + EPISODES + " episodes of env " + i);
        }
        return firsts;
    }
}
