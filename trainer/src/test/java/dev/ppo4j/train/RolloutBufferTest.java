package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import java.util.SplittableRandom;

class RolloutBufferTest {
    private static final double GAMMA = 0.9;

    /** Rewards, values, episode ends and truncation bootstraps of T steps × N envs, written into a buffer through its methods. */
    private static final class Rollout {
        final int steps;
        final int envs;
        final float[] rewards;
        final float[] values;
        final boolean[] terminated;
        final boolean[] truncated;
        final float[] truncationValues;

        Rollout(int steps, int envs) {
            this.steps = steps;
            this.envs = envs;
            int rows = steps * envs;
            rewards = new float[rows];
            values = new float[rows];
            terminated = new boolean[rows];
            truncated = new boolean[rows];
            truncationValues = new float[rows];
        }

        /** A rollout of T steps × 2 envs with random rewards and values and no episode end. */
        static Rollout random(int steps, long seed) {
            Rollout r = new Rollout(steps, 2);
            SplittableRandom rng = new SplittableRandom(seed);
            for (int row = 0; row < steps * 2; row++) {
                r.rewards[row] = (float) rng.nextDouble(-1, 1);
                r.values[row] = (float) rng.nextDouble(-2, 2);
            }
            return r;
        }

        RolloutBuffer advantages(float[] last, double gamma, double lambda) {
            RolloutBuffer b = new RolloutBuffer(steps, envs, 1, 1, 1, 0);
            float[] zeros = new float[envs];
            for (int t = 0; t < steps; t++) {
                b.addPolicyStep(t, 0, envs, zeros, zeros, zeros, java.util.Arrays.copyOfRange(values, t * envs, (t + 1) * envs), zeros);
                for (int env = 0; env < envs; env++) {
                    int row = t * envs + env;
                    b.addTransition(row, rewards[row], terminated[row], truncated[row]);
                    if (truncated[row]) {
                        b.addTruncationBootstrap(row, zeros, 0, truncationValues[row]);
                    }
                }
            }
            b.finish(zeros, last, new float[0]);
            b.computeAdvantages(gamma, lambda);
            return b;
        }
    }

    @Test
    void lambdaZeroIsOneStepTemporalDifference() {
        Rollout r = Rollout.random(5, 1);
        r.terminated[2 * 2] = true;
        r.truncated[3 * 2 + 1] = true;
        r.truncationValues[3 * 2 + 1] = 0.7f;
        float[] last = {0.3f, -0.4f};
        RolloutBuffer b = r.advantages(last, GAMMA, 0.0);
        for (int t = 0; t < 5; t++) {
            for (int env = 0; env < 2; env++) {
                int row = t * 2 + env;
                double next = r.terminated[row] ? 0 : r.truncated[row] ? r.truncationValues[row]
                        : t == 4 ? last[env] : r.values[row + 2];
                double delta = r.rewards[row] + GAMMA * next - r.values[row];
                assertEquals(delta, b.advantage(row), 1e-6, "row " + row);
                assertEquals(delta + r.values[row], b.valueTarget(row), 1e-6);
            }
        }
    }

    @Test
    void lambdaOneIsMonteCarloReturnMinusBaseline() {
        Rollout r = Rollout.random(6, 2);
        // env 0: episode terminates at t=2, then runs to the end (bootstrap from last value)
        r.terminated[2 * 2] = true;
        // env 1: no episode end: the Monte Carlo return is bootstrapped from last value at T
        float[] last = {1.5f, -0.5f};
        RolloutBuffer b = r.advantages(last, GAMMA, 1.0);
        for (int env = 0; env < 2; env++) {
            for (int t = 0; t < 6; t++) {
                double g = 0;
                double discount = 1;
                int u = t;
                boolean ended = false;
                for (; u < 6; u++) {
                    g += discount * r.rewards[u * 2 + env];
                    discount *= GAMMA;
                    if (r.terminated[u * 2 + env]) {
                        ended = true;
                        break;
                    }
                }
                if (!ended) {
                    g += discount * last[env];
                }
                int row = t * 2 + env;
                assertEquals(g - r.values[row], b.advantage(row), 1e-5, "env " + env + " t " + t);
                assertEquals(g, b.valueTarget(row), 1e-5);
            }
        }
    }

    @Test
    void truncationBootstrapsFromFinalObservationValueAndCutsTheRecursion() {
        Rollout r = new Rollout(3, 1);
        r.rewards[0] = 1f;
        r.rewards[1] = 2f;
        r.rewards[2] = 4f;
        r.values[0] = 0.5f;
        r.values[1] = 0.25f;
        r.values[2] = 3f; // first value of the next episode: must not leak into step 1
        r.truncated[1] = true;
        r.truncationValues[1] = 10f;
        RolloutBuffer b = r.advantages(new float[] {8f}, 0.5, 0.5);
        double a2 = 4 + 0.5 * 8 - 3;
        double a1 = 2 + 0.5 * 10 - 0.25;
        double a0 = (1 + 0.5 * 0.25 - 0.5) + 0.25 * a1;
        assertEquals(a2, b.advantage(2), 1e-6);
        assertEquals(a1, b.advantage(1), 1e-6);
        assertEquals(a0, b.advantage(0), 1e-6);

        // the same step terminated instead: no bootstrap at all
        r.truncated[1] = false;
        r.terminated[1] = true;
        b = r.advantages(new float[] {8f}, 0.5, 0.5);
        assertEquals(2 - 0.25, b.advantage(1), 1e-6);
    }
}
