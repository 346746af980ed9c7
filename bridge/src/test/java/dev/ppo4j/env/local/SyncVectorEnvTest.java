package dev.ppo4j.env.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ppo4j.env.Env;
import dev.ppo4j.env.EnvClosedException;
import dev.ppo4j.env.EnvSeeding;
import dev.ppo4j.env.EpisodeEndedException;
import dev.ppo4j.env.InvalidActionException;
import dev.ppo4j.env.PythonReference;
import dev.ppo4j.env.ResetResult;
import dev.ppo4j.env.StepResult;
import dev.ppo4j.env.UnknownEnvException;
import dev.ppo4j.env.VectorStep;
import dev.ppo4j.env.classic.CartPoleEnv;
import dev.ppo4j.env.classic.PendulumEnv;
import dev.ppo4j.env.spaces.Space;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** SyncVectorEnv's SAME_STEP contract, against Gymnasium's own SyncVectorEnv and against single Java envs. */
class SyncVectorEnvTest {

    @Test
    void steppingGroupByGroupGivesWhatSteppingAllAtOnceGives() {
        int n = 6;
        try (SyncVectorEnv whole = new SyncVectorEnv(CartPoleEnv::new, n, EnvSeeding.DYNAMIC, 1);
                SyncVectorEnv grouped = new SyncVectorEnv(CartPoleEnv::new, n, EnvSeeding.DYNAMIC, 3)) {
            assertEquals(3, grouped.numGroups());
            float[] a = new float[n * 4];
            float[] b = new float[n * 4];
            whole.reset(7L, a);
            grouped.reset(7L, b);
            VectorStep x = new VectorStep(n, 4);
            VectorStep y = new VectorStep(n, 4);
            Random random = new Random(3);
            float[] actions = new float[n];
            for (int t = 0; t < 300; t++) {
                for (int i = 0; i < n; i++) {
                    actions[i] = random.nextInt(2);
                }
                whole.step(actions, x);
                for (int g = 0; g < 3; g++) {
                    grouped.stepAsync(g, Arrays.copyOfRange(actions, 2 * g, 2 * g + 2));
                }
                for (int g = 2; g >= 0; g--) {
                    grouped.stepWait(g, y);
                }
                assertArrayEquals(x.observations, y.observations, "step " + t);
                assertArrayEquals(x.rewards, y.rewards);
                assertArrayEquals(x.terminated, y.terminated);
                assertArrayEquals(x.truncated, y.truncated);
            }
            assertThrows(IllegalStateException.class, () -> grouped.stepWait(0, y), "waiting for a group that is not stepping");
            grouped.stepAsync(1, new float[] {0, 1});
            assertThrows(IllegalStateException.class, () -> grouped.stepAsync(1, new float[] {0, 1}), "stepping a group twice");
            assertThrows(InvalidActionException.class, () -> grouped.stepAsync(0, new float[] {0, 5}), "an action outside the space");
            assertThrows(IllegalArgumentException.class, () -> new SyncVectorEnv(CartPoleEnv::new, 6, EnvSeeding.DYNAMIC, 4));
        }
    }
    private static final double TOLERANCE = 1e-6;

    @Test
    void cartPoleMatchesGymnasiumSyncVectorEnvWithSameStepAutoreset() {
        int ended = compareWithGymnasium(CartPoleEnv.ID, 3, 5L, 120, discreteActions(new Random(21)));
        assertTrue(ended >= 6, "random CartPole episodes end often, so autoresets are exercised; saw " + ended);
    }

    @Test
    void pendulumMatchesGymnasiumSyncVectorEnvThroughTruncation() {
        Random random = new Random(8);
        int ended = compareWithGymnasium(PendulumEnv.ID, 2, 0L, 2 * PendulumEnv.MAX_EPISODE_STEPS + 10,
                () -> new float[] {random.nextFloat() * 4f - 2f});
        assertEquals(4, ended, "each of 2 envs truncates at steps 200 and 400");
    }

    /**
     * The vector env against N single envs driven by hand the way the contract describes: env i
     * seeded with seed + i, reset without a seed when its episode ends.
     */
    @Test
    void seedsEnvIWithSeedPlusIAndAutoresetsContinueEachStream() {
        assertMatchesSingleEnvs(CartPoleEnv::new, 4, 300, discreteActions(new Random(2)));
        Random random = new Random(4);
        assertMatchesSingleEnvs(PendulumEnv::new, 2, 450, () -> new float[] {random.nextFloat() * 4f - 2f});
    }

    @Test
    void envsWithoutInPlaceSteppingFollowTheSameContract() {
        assertMatchesSingleEnvs(() -> new ResultOnlyEnv(new CartPoleEnv()), 3, 200, discreteActions(new Random(6)));
    }

    @Test
    void resetWithoutSeedContinuesEachEnvsStream() {
        try (SyncVectorEnv vector = SyncVectorEnv.make(CartPoleEnv.ID, 2)) {
            float[] first = new float[8];
            float[] second = new float[8];
            vector.reset(30L, first);
            vector.reset(null, second);
            for (int i = 0; i < 2; i++) {
                CartPoleEnv single = new CartPoleEnv();
                assertArrayEquals(single.reset(30L + i, Map.of()).observation(), Arrays.copyOfRange(first, 4 * i, 4 * i + 4));
                assertArrayEquals(single.reset().observation(), Arrays.copyOfRange(second, 4 * i, 4 * i + 4));
            }
        }
    }

    @Test
    void steppingInPlaceAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (SyncVectorEnv vector = SyncVectorEnv.make(CartPoleEnv.ID, 8)) {
            VectorStep out = new VectorStep(8, 4);
            float[] actions = new float[8];
            vector.reset(1L, out.observations);
            for (int warmup = 0; warmup < 20_000; warmup++) {
                actions[warmup % 8] = 1 - actions[warmup % 8];
                vector.step(actions, out);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int t = 0; t < 10_000; t++) {
                actions[t % 8] = 1 - actions[t % 8];
                vector.step(actions, out);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // 80,000 env steps and thousands of autoresets: anything per step would show as megabytes.
            assertTrue(allocated < 64 * 1024, "10,000 vector steps allocated " + allocated + " bytes");
        }
    }

    @Test
    void errorsAreTypedAndLeaveTheEnvsUntouched() {
        SyncVectorEnv vector = SyncVectorEnv.make(CartPoleEnv.ID, 2);
        VectorStep out = new VectorStep(2, 4);
        assertThrows(EpisodeEndedException.class, () -> vector.step(new float[] {0, 1}, out));
        vector.reset(9L, out.observations);
        assertThrows(InvalidActionException.class, () -> vector.step(new float[] {0}, out));
        InvalidActionException outside = assertThrows(InvalidActionException.class, () -> vector.step(new float[] {0, 2}, out));
        assertTrue(outside.getMessage().contains("env 1"), outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> vector.step(new float[] {0, 1}, new VectorStep(3, 4)));
        assertThrows(IllegalArgumentException.class, () -> vector.reset(1L, new float[7]));

        vector.step(new float[] {0, 1}, out);
        CartPoleEnv single = new CartPoleEnv();
        single.reset(9L, Map.of());
        assertArrayEquals(single.step(new float[] {0}).observation(), Arrays.copyOf(out.observations, 4),
                "the rejected steps changed nothing");
        vector.close();
        assertDoesNotThrow(vector::close);
        assertThrows(EnvClosedException.class, () -> vector.step(new float[] {0, 1}, out));
        assertThrows(EnvClosedException.class, () -> vector.reset(null, out.observations));
        assertThrows(IllegalArgumentException.class, () -> SyncVectorEnv.make(CartPoleEnv.ID, 0));
        assertThrows(UnknownEnvException.class, () -> SyncVectorEnv.make("CartPole-v9", 2));
        boolean[] second = {false};
        assertThrows(IllegalArgumentException.class, () -> new SyncVectorEnv(() -> {
            Env env = second[0] ? new PendulumEnv() : new CartPoleEnv();
            second[0] = true;
            return env;
        }, 2));
    }

    private static int compareWithGymnasium(String id, int numEnvs, long seed, int steps, Supplier<float[]> actions) {
        List<Map<String, Object>> ops = new ArrayList<>();
        ops.add(Map.of("op", "reset", "seed", seed));
        List<float[][]> actionLog = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            float[][] perEnv = new float[numEnvs][];
            for (int i = 0; i < numEnvs; i++) {
                perEnv[i] = actions.get();
            }
            actionLog.add(perEnv);
            ops.add(Map.of("op", "step", "actions", perEnv));
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("env_id", id);
        request.put("num_envs", numEnvs);
        request.put("ops", ops);
        JsonArray reference = PythonReference.run("ppo4j_testing.trajectory", new Gson().toJson(request)).getAsJsonArray();
        assertEquals(steps + 1, reference.size());

        int ended = 0;
        try (SyncVectorEnv vector = SyncVectorEnv.make(id, numEnvs)) {
            int dim = vector.observationDim();
            VectorStep out = new VectorStep(numEnvs, dim);
            vector.reset(seed, out.observations);
            assertRowsClose(reference.get(0).getAsJsonObject().getAsJsonArray("obs"), out.observations, dim, "reset");
            float[] flat = new float[numEnvs * vector.actionDim()];
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < numEnvs; i++) {
                    System.arraycopy(actionLog.get(t)[i], 0, flat, i * vector.actionDim(), vector.actionDim());
                }
                vector.step(flat, out);
                JsonObject expected = reference.get(t + 1).getAsJsonObject();
                String where = "step " + (t + 1);
                assertRowsClose(expected.getAsJsonArray("obs"), out.observations, dim, where);
                for (int i = 0; i < numEnvs; i++) {
                    assertEquals(expected.getAsJsonArray("rewards").get(i).getAsDouble(), out.rewards[i], TOLERANCE, where);
                    assertEquals(expected.getAsJsonArray("terminated").get(i).getAsBoolean(), out.terminated[i], where);
                    assertEquals(expected.getAsJsonArray("truncated").get(i).getAsBoolean(), out.truncated[i], where);
                    JsonElement finalObs = expected.getAsJsonArray("final_obs").get(i);
                    assertEquals(!finalObs.isJsonNull(), out.episodeEnded(i), "episode end of env " + i + ", " + where);
                    if (out.episodeEnded(i)) {
                        ended++;
                        float[] actual = out.finalObservation(i);
                        for (int k = 0; k < dim; k++) {
                            assertEquals(finalObs.getAsJsonArray().get(k).getAsDouble(), actual[k], TOLERANCE,
                                    "final observation of env " + i + ", " + where);
                        }
                    }
                }
            }
        }
        return ended;
    }

    private static void assertMatchesSingleEnvs(Supplier<Env> factory, int numEnvs, int steps, Supplier<float[]> actions) {
        List<Env> singles = new ArrayList<>();
        try (SyncVectorEnv vector = new SyncVectorEnv(factory, numEnvs)) {
            int dim = vector.observationDim();
            int actionDim = vector.actionDim();
            VectorStep out = new VectorStep(numEnvs, dim);
            long seed = 1000;
            vector.reset(seed, out.observations);
            for (int i = 0; i < numEnvs; i++) {
                singles.add(factory.get());
                ResetResult reset = singles.get(i).reset(seed + i, Map.of());
                assertArrayEquals(reset.observation(), row(out.observations, i, dim), "reset of env " + i);
            }
            float[] flat = new float[numEnvs * actionDim];
            int ended = 0;
            for (int t = 0; t < steps; t++) {
                float[][] perEnv = new float[numEnvs][];
                for (int i = 0; i < numEnvs; i++) {
                    perEnv[i] = actions.get();
                    System.arraycopy(perEnv[i], 0, flat, i * actionDim, actionDim);
                }
                vector.step(flat, out);
                for (int i = 0; i < numEnvs; i++) {
                    String where = "env " + i + ", step " + (t + 1);
                    StepResult expected = singles.get(i).step(perEnv[i]);
                    assertEquals(expected.reward(), out.rewards[i], 0.0, where);
                    assertEquals(expected.terminated(), out.terminated[i], where);
                    assertEquals(expected.truncated(), out.truncated[i], where);
                    if (expected.terminated() || expected.truncated()) {
                        ended++;
                        assertArrayEquals(expected.observation(), out.finalObservation(i), "final observation, " + where);
                        assertArrayEquals(singles.get(i).reset().observation(), row(out.observations, i, dim),
                                "first observation of the next episode, " + where);
                    } else {
                        assertArrayEquals(expected.observation(), row(out.observations, i, dim), where);
                    }
                }
            }
            assertTrue(ended > 0, "the run must cross episode ends");
        } finally {
            singles.forEach(Env::close);
        }
    }

    private static void assertRowsClose(JsonArray rows, float[] flat, int dim, String where) {
        for (int i = 0; i < rows.size(); i++) {
            JsonArray row = rows.get(i).getAsJsonArray();
            for (int k = 0; k < dim; k++) {
                assertEquals(row.get(k).getAsDouble(), flat[i * dim + k], TOLERANCE, "observation of env " + i + ", " + where);
            }
        }
    }

    private static float[] row(float[] flat, int i, int dim) {
        return Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
    }

    private static Supplier<float[]> discreteActions(Random random) {
        return () -> new float[] {random.nextInt(2)};
    }

    /** A real env seen only through the plain {@link Env} interface, as envs from elsewhere are. */
    private static final class ResultOnlyEnv implements Env {
        private final Env env;

        ResultOnlyEnv(Env env) {
            this.env = env;
        }

        @Override
        public Space observationSpace() {
            return env.observationSpace();
        }

        @Override
        public Space actionSpace() {
            return env.actionSpace();
        }

        @Override
        public ResetResult reset(Long seed, Map<String, Object> options) {
            return env.reset(seed, options);
        }

        @Override
        public StepResult step(float[] action) {
            return env.step(action);
        }

        @Override
        public void close() {
            env.close();
        }
    }
}
