package dev.ppo4j.env.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ppo4j.env.EpisodeEndedException;
import dev.ppo4j.env.PythonReference;
import dev.ppo4j.env.ResetResult;
import dev.ppo4j.env.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The Java CartPole and Pendulum against real Gymnasium ({@code python -m ppo4j_testing.trajectory}):
 * the same seeds, options and actions must give the same observations, rewards and flags.
 */
class GymnasiumParityTest {
    private static final double TOLERANCE = 1e-6;
    private static final Gson GSON = new Gson();

    /** One reset of a scripted run: a seed (null continues the stream) and reset options. */
    private record Episode(Long seed, Map<String, Object> options) {}

    /** A Java run and the ops that reproduce it in Python. */
    private static final class Run {
        final List<Map<String, Object>> ops = new ArrayList<>();
        final List<float[]> observations = new ArrayList<>();
        final List<double[]> stepValues = new ArrayList<>(); // reward, terminated, truncated per record; empty for resets
    }

    @Test
    void cartPoleRandomEpisodesMatchGymnasiumThroughTermination() {
        Random actions = new Random(11);
        Run run = runEpisodes(new CartPoleEnv(), List.of(
                new Episode(7L, Map.of()), new Episode(null, Map.of()), new Episode(null, Map.of()),
                new Episode(123456789L, Map.of())), () -> new float[] {actions.nextInt(2)});
        JsonArray reference = trajectory(CartPoleEnv.ID, run.ops);
        assertMatches(run, reference);
        assertTrue(countTerminated(reference) == 4, "every random CartPole episode ends by the pole falling");
    }

    @Test
    void cartPoleResetOptionsMatchGymnasium() {
        Random actions = new Random(5);
        Run run = runEpisodes(new CartPoleEnv(), List.of(
                new Episode(3L, Map.of("low", -0.2, "high", 0.2)),
                new Episode(null, Map.of("high", 0.01)),
                new Episode(null, Map.of("low", "-0.15")),
                new Episode(4L, Map.of())), () -> new float[] {actions.nextInt(2)});
        assertMatches(run, trajectory(CartPoleEnv.ID, run.ops));
    }

    @Test
    void pendulumEpisodesMatchGymnasiumThroughTruncationAndOptions() {
        Random actions = new Random(3);
        Run run = runEpisodes(new PendulumEnv(), List.of(
                new Episode(0L, Map.of()), new Episode(null, Map.of()),
                new Episode(99L, Map.of("x_init", 0.5, "y_init", 0.25)), new Episode(null, Map.of("y_init", 3))),
                () -> new float[] {actions.nextFloat() * 4f - 2f});
        JsonArray reference = trajectory(PendulumEnv.ID, run.ops);
        assertMatches(run, reference);
        assertEquals(4 * PendulumEnv.MAX_EPISODE_STEPS + 4, reference.size());
        assertEquals(0, countTerminated(reference), "Pendulum never terminates");
    }

    /**
     * A CartPole episode balanced for the whole time limit, replayed in Java with Gymnasium's
     * actions. The upright pole is unstable, so a last-bit difference between Java's sin/cos and
     * the C library's would grow exponentially over 500 steps; the replay shows none does. The
     * second pass starts every Java step from Gymnasium's float64 state of the step before, which
     * checks each transition on its own, however the two runs drift.
     */
    @Test
    void cartPoleBalancedEpisodeMatchesGymnasiumUntilTruncation() {
        List<Map<String, Object>> ops = List.of(op("reset", "seed", 2024L), op("balance"));
        JsonArray reference = trajectory(CartPoleEnv.ID, ops);
        assertEquals(CartPoleEnv.MAX_EPISODE_STEPS + 1, reference.size());
        assertTrue(reference.get(CartPoleEnv.MAX_EPISODE_STEPS).getAsJsonObject().get("truncated").getAsBoolean());

        CartPoleEnv freeRunning = new CartPoleEnv();
        CartPoleEnv resynced = new CartPoleEnv();
        assertClose(reference.get(0).getAsJsonObject(), freeRunning.reset(2024L, Map.of()).observation(), "reset");
        resynced.reset(2024L, Map.of());
        for (int t = 1; t < reference.size(); t++) {
            JsonObject expected = reference.get(t).getAsJsonObject();
            float[] action = floats(expected.getAsJsonArray("action"));
            assertStep(expected, freeRunning.step(action), "free-running step " + t);
            resynced.setState(doubles(reference.get(t - 1).getAsJsonObject().getAsJsonArray("state")));
            assertStep(expected, resynced.step(action), "resynchronised step " + t);
        }
        assertThrows(EpisodeEndedException.class, () -> freeRunning.step(new float[] {0}));
    }

    private static Run runEpisodes(TimeLimitedEnv env, List<Episode> episodes, Supplier<float[]> actions) {
        Run run = new Run();
        for (Episode episode : episodes) {
            Map<String, Object> reset = op("reset", "seed", episode.seed());
            reset.put("options", episode.options());
            run.ops.add(reset);
            ResetResult result = env.reset(episode.seed(), episode.options());
            run.observations.add(result.observation());
            run.stepValues.add(new double[0]);
            StepResult step;
            do {
                float[] action = actions.get();
                run.ops.add(op("step", "action", action));
                step = env.step(action);
                run.observations.add(step.observation());
                run.stepValues.add(new double[] {step.reward(), step.terminated() ? 1 : 0, step.truncated() ? 1 : 0});
            } while (!step.terminated() && !step.truncated());
        }
        env.close();
        return run;
    }

    private static void assertMatches(Run run, JsonArray reference) {
        assertEquals(run.observations.size(), reference.size(), "number of resets and steps");
        for (int i = 0; i < reference.size(); i++) {
            JsonObject expected = reference.get(i).getAsJsonObject();
            assertClose(expected, run.observations.get(i), "record " + i);
            double[] values = run.stepValues.get(i);
            if (values.length > 0) {
                assertEquals(expected.get("reward").getAsDouble(), values[0], TOLERANCE, "reward, record " + i);
                assertEquals(expected.get("terminated").getAsBoolean(), values[1] == 1, "terminated, record " + i);
                assertEquals(expected.get("truncated").getAsBoolean(), values[2] == 1, "truncated, record " + i);
            }
        }
    }

    private static void assertStep(JsonObject expected, StepResult step, String where) {
        assertClose(expected, step.observation(), where);
        assertEquals(expected.get("reward").getAsDouble(), step.reward(), TOLERANCE, "reward, " + where);
        assertEquals(expected.get("terminated").getAsBoolean(), step.terminated(), "terminated, " + where);
        assertEquals(expected.get("truncated").getAsBoolean(), step.truncated(), "truncated, " + where);
    }

    private static void assertClose(JsonObject expected, float[] observation, String where) {
        double[] want = doubles(expected.getAsJsonArray("obs"));
        assertEquals(want.length, observation.length, "observation length, " + where);
        for (int k = 0; k < want.length; k++) {
            assertEquals(want[k], observation[k], TOLERANCE, "observation[" + k + "], " + where);
        }
    }

    private static int countTerminated(JsonArray reference) {
        int n = 0;
        for (int i = 0; i < reference.size(); i++) {
            JsonObject record = reference.get(i).getAsJsonObject();
            if (record.has("terminated") && record.get("terminated").getAsBoolean()) {
                n++;
            }
        }
        return n;
    }

    private static JsonArray trajectory(String envId, List<Map<String, Object>> ops) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("env_id", envId);
        request.put("ops", ops);
        return PythonReference.run("ppo4j_testing.trajectory", GSON.toJson(request)).getAsJsonArray();
    }

    private static Map<String, Object> op(String kind, Object... keyValues) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", kind);
        for (int i = 0; i < keyValues.length; i += 2) {
            op.put((String) keyValues[i], keyValues[i + 1]);
        }
        return op;
    }

    private static double[] doubles(JsonArray values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).getAsDouble();
        }
        return out;
    }

    private static float[] floats(JsonArray values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).getAsFloat();
        }
        return out;
    }
}
