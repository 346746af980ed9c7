package dev.ppo4j.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.env.Env;
import dev.ppo4j.env.ResetResult;
import dev.ppo4j.env.StepResult;
import dev.ppo4j.env.VectorStep;
import dev.ppo4j.env.local.JavaEnvs;
import dev.ppo4j.env.local.SyncVectorEnv;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pure-Java CartPole-v1 and Pendulum-v1 against Gymnasium's, stepped through the bridge with the
 * same seeds and actions: observations, rewards, terminated and truncated agree to 1e-6.
 */
class JavaEnvsThroughBridgeTest {
    private static final double TOLERANCE = 1e-6;

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "Pendulum-v1"})
    void singleEnvMatchesGymnasiumStepForStep(String id) {
        SplittableRandom rng = new SplittableRandom(17);
        Long[] seeds = {3L, null, 12345L, null};
        int episodeEnds = 0;
        try (Env java = JavaEnvs.make(id); PythonEnv python = PythonEnv.builder(id).build()) {
            assertEquals(python.observationSpace(), java.observationSpace(), "observation spaces");
            assertEquals(python.actionSpace(), java.actionSpace(), "action spaces");
            for (Long seed : seeds) {
                ResetResult expected = python.reset(seed, Map.of());
                assertArrayEquals(expected.observation(), java.reset(seed, Map.of()).observation(), (float) TOLERANCE, "reset " + seed);
                for (int t = 1; ; t++) {
                    float[] action = java.actionSpace().sample(rng);
                    StepResult want = python.step(action);
                    StepResult got = java.step(action);
                    String where = id + " episode seeded " + seed + ", step " + t;
                    assertArrayEquals(want.observation(), got.observation(), (float) TOLERANCE, where);
                    assertEquals(want.reward(), got.reward(), TOLERANCE, where);
                    assertEquals(want.terminated(), got.terminated(), where);
                    assertEquals(want.truncated(), got.truncated(), where);
                    if (want.terminated() || want.truncated()) {
                        episodeEnds++;
                        break;
                    }
                }
            }
        }
        assertEquals(seeds.length, episodeEnds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "Pendulum-v1"})
    void vectorOfJavaEnvsMatchesGymnasiumIncludingAutoresets(String id) {
        int n = 3;
        SplittableRandom rng = new SplittableRandom(5);
        try (SyncVectorEnv java = new SyncVectorEnv(JavaEnvs.factory(id), n);
                PythonVectorEnv python = PythonVectorEnv.builder(id).numEnvs(n).workers(2).build()) {
            int dim = python.observationDim();
            float[] want = new float[n * dim];
            float[] got = new float[n * dim];
            python.reset(99L, want);
            java.reset(99L, got);
            assertArrayEquals(want, got, (float) TOLERANCE);
            VectorStep pythonStep = new VectorStep(n, dim);
            VectorStep javaStep = new VectorStep(n, dim);
            float[] actions = new float[n * python.actionDim()];
            int ends = 0;
            for (int t = 1; t <= 450; t++) {
                for (int i = 0; i < n; i++) {
                    float[] a = python.singleActionSpace().sample(rng);
                    System.arraycopy(a, 0, actions, i * a.length, a.length);
                }
                python.step(actions, pythonStep);
                java.step(actions, javaStep);
                assertArrayEquals(pythonStep.observations, javaStep.observations, (float) TOLERANCE, "step " + t);
                assertArrayEquals(pythonStep.rewards, javaStep.rewards, TOLERANCE, "step " + t);
                assertArrayEquals(pythonStep.terminated, javaStep.terminated, "step " + t);
                assertArrayEquals(pythonStep.truncated, javaStep.truncated, "step " + t);
                for (int i = 0; i < n; i++) {
                    if (pythonStep.episodeEnded(i)) {
                        ends++;
                        assertArrayEquals(pythonStep.finalObservation(i), javaStep.finalObservation(i), (float) TOLERANCE, "final obs, step " + t);
                    }
                }
            }
            assertTrue(ends >= n, "episodes ended and autoreset on both sides: " + ends);
        }
    }
}
