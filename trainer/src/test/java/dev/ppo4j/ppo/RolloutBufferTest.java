package dev.ppo4j.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RolloutBufferTest {
    private static final double GAMMA = 0.9;

    /** A buffer of T steps × 2 envs with random rewards and values and the given episode ends. */
    private static RolloutBuffer randomBuffer(int steps, long seed) {
        RolloutBuffer buffer = new RolloutBuffer(steps, 2, 1, 1, 1);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int row = 0; row < buffer.size(); row++) {
            buffer.rewards[row] = (float) rng.nextDouble(-1, 1);
            buffer.values[row] = (float) rng.nextDouble(-2, 2);
        }
        return buffer;
    }

    @Test
    void lambdaZeroIsOneStepTemporalDifference() {
        RolloutBuffer b = randomBuffer(5, 1);
        b.terminated[2 * 2] = true;
        b.truncated[3 * 2 + 1] = true;
        b.truncationValues[3 * 2 + 1] = 0.7f;
        float[] last = {0.3f, -0.4f};
        b.computeAdvantages(b.values, b.truncationValues, last, GAMMA, 0.0);
        for (int t = 0; t < 5; t++) {
            for (int env = 0; env < 2; env++) {
                int row = t * 2 + env;
                double next = b.terminated[row] ? 0 : b.truncated[row] ? b.truncationValues[row]
                        : t == 4 ? last[env] : b.values[row + 2];
                double delta = b.rewards[row] + GAMMA * next - b.values[row];
                assertEquals(delta, b.advantages[row], 1e-6, "row " + row);
                assertEquals(delta + b.values[row], b.returns[row], 1e-6);
            }
        }
    }

    @Test
    void lambdaOneIsMonteCarloReturnMinusBaseline() {
        RolloutBuffer b = randomBuffer(6, 2);
        // env 0: episode terminates at t=2, then runs to the end (bootstrap from last value)
        b.terminated[2 * 2] = true;
        // env 1: no episode end: the Monte Carlo return is bootstrapped from last value at T
        float[] last = {1.5f, -0.5f};
        b.computeAdvantages(b.values, b.truncationValues, last, GAMMA, 1.0);
        for (int env = 0; env < 2; env++) {
            for (int t = 0; t < 6; t++) {
                double g = 0;
                double discount = 1;
                int u = t;
                boolean ended = false;
                for (; u < 6; u++) {
                    g += discount * b.rewards[u * 2 + env];
                    discount *= GAMMA;
                    if (b.terminated[u * 2 + env]) {
                        ended = true;
                        break;
                    }
                }
                if (!ended) {
                    g += discount * last[env];
                }
                int row = t * 2 + env;
                assertEquals(g - b.values[row], b.advantages[row], 1e-5, "env " + env + " t " + t);
                assertEquals(g, b.returns[row], 1e-5);
            }
        }
    }

    @Test
    void truncationBootstrapsFromFinalObservationValueAndCutsTheRecursion() {
        RolloutBuffer b = new RolloutBuffer(3, 1, 1, 1, 1);
        b.rewards[0] = 1f;
        b.rewards[1] = 2f;
        b.rewards[2] = 4f;
        b.values[0] = 0.5f;
        b.values[1] = 0.25f;
        b.values[2] = 3f; // first value of the next episode: must not leak into step 1
        b.truncated[1] = true;
        b.truncationValues[1] = 10f;
        b.computeAdvantages(b.values, b.truncationValues, new float[] {8f}, 0.5, 0.5);
        double a2 = 4 + 0.5 * 8 - 3;
        double a1 = 2 + 0.5 * 10 - 0.25;
        double a0 = (1 + 0.5 * 0.25 - 0.5) + 0.25 * a1;
        assertEquals(a2, b.advantages[2], 1e-6);
        assertEquals(a1, b.advantages[1], 1e-6);
        assertEquals(a0, b.advantages[0], 1e-6);

        // the same step terminated instead: no bootstrap at all
        b.truncated[1] = false;
        b.terminated[1] = true;
        b.computeAdvantages(b.values, b.truncationValues, new float[] {8f}, 0.5, 0.5);
        assertEquals(2 - 0.25, b.advantages[1], 1e-6);
    }
}
