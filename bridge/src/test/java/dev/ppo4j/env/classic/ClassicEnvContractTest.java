package dev.ppo4j.env.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.env.EnvClosedException;
import dev.ppo4j.env.EpisodeEndedException;
import dev.ppo4j.env.InvalidActionException;
import dev.ppo4j.env.StepResult;
import dev.ppo4j.env.spaces.Box;
import dev.ppo4j.env.spaces.Discrete;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lifecycle rules and errors of the Java reference envs, which Gymnasium leaves to wrappers or warnings. */
class ClassicEnvContractTest {

    @Test
    void stepBeforeResetAndAfterTheEpisodeEndedIsAnError() {
        CartPoleEnv cartPole = new CartPoleEnv();
        EpisodeEndedException beforeReset = assertThrows(EpisodeEndedException.class, () -> cartPole.step(new float[] {0}));
        assertTrue(beforeReset.getMessage().contains("reset()"), beforeReset.getMessage());
        cartPole.reset(1L, Map.of());
        StepResult step;
        do {
            step = cartPole.step(new float[] {1});
        } while (!step.terminated());
        assertFalse(step.truncated(), "falling is termination, not truncation");
        assertEquals(1.0, step.reward(), "the terminating step is rewarded too");
        EpisodeEndedException afterEnd = assertThrows(EpisodeEndedException.class, () -> cartPole.step(new float[] {1}));
        assertTrue(afterEnd.getMessage().contains("ended"), afterEnd.getMessage());
        cartPole.reset();
        assertDoesNotThrow(() -> cartPole.step(new float[] {1}));

        PendulumEnv pendulum = new PendulumEnv();
        pendulum.reset(2L, Map.of());
        for (int t = 1; t < PendulumEnv.MAX_EPISODE_STEPS; t++) {
            StepResult running = pendulum.step(new float[] {0.5f});
            assertFalse(running.terminated() || running.truncated(), "step " + t);
        }
        StepResult last = pendulum.step(new float[] {0.5f});
        assertTrue(last.truncated());
        assertFalse(last.terminated());
        assertThrows(EpisodeEndedException.class, () -> pendulum.step(new float[] {0.5f}));
    }

    @Test
    void actionsOfTheWrongLengthOrOutsideTheSpaceAreRejected() {
        CartPoleEnv cartPole = new CartPoleEnv();
        cartPole.reset(3L, Map.of());
        for (float[] bad : new float[][] {{}, {0, 1}, {2}, {-1}, {0.5f}, {Float.NaN}}) {
            assertThrows(InvalidActionException.class, () -> cartPole.step(bad), Arrays.toString(bad));
        }
        assertThrows(InvalidActionException.class, () -> cartPole.step(null));
        InvalidActionException message = assertThrows(InvalidActionException.class, () -> cartPole.step(new float[] {2}));
        assertTrue(message.getMessage().contains("push the cart"), message.getMessage());

        PendulumEnv pendulum = new PendulumEnv();
        pendulum.reset(3L, Map.of());
        for (float[] bad : new float[][] {{}, {0, 0}, {2.0001f}, {-2.5f}, {Float.NaN}, {Float.POSITIVE_INFINITY}}) {
            assertThrows(InvalidActionException.class, () -> pendulum.step(bad), Arrays.toString(bad));
        }
        assertDoesNotThrow(() -> pendulum.step(new float[] {2f}));
        assertDoesNotThrow(() -> pendulum.step(new float[] {-2f}));
        // A rejected action must not count as a step or change the state.
        CartPoleEnv twin = new CartPoleEnv();
        twin.reset(3L, Map.of());
        assertArrayEquals(twin.step(new float[] {0}).observation(), cartPole.step(new float[] {0}).observation());
    }

    @Test
    void everyCallAfterCloseIsAnErrorAndCloseIsIdempotent() {
        for (TimeLimitedEnv env : new TimeLimitedEnv[] {new CartPoleEnv(), new PendulumEnv()}) {
            env.reset(0L, Map.of());
            env.close();
            assertDoesNotThrow(env::close);
            assertThrows(EnvClosedException.class, () -> env.step(new float[] {0}));
            assertThrows(EnvClosedException.class, env::reset);
        }
    }

    @Test
    void seedsFollowGymnasiumRules() {
        CartPoleEnv a = new CartPoleEnv();
        CartPoleEnv b = new CartPoleEnv();
        assertArrayEquals(a.reset(42L, Map.of()).observation(), b.reset(42L, Map.of()).observation());
        assertArrayEquals(a.reset().observation(), b.reset().observation(), "reset without a seed continues the same stream");
        assertFalse(Arrays.equals(a.reset(42L, Map.of()).observation(), a.reset(43L, Map.of()).observation()));
        assertThrows(IllegalArgumentException.class, () -> a.reset(-1L, Map.of()));
        // The first reset without a seed draws from OS entropy; two envs agreeing on all 4 doubles would be a broken seed.
        assertFalse(Arrays.equals(new CartPoleEnv().reset().observation(), new CartPoleEnv().reset().observation()));
    }

    @Test
    void invalidResetOptionsAreRejected() {
        CartPoleEnv cartPole = new CartPoleEnv();
        assertThrows(IllegalArgumentException.class, () -> cartPole.reset(0L, Map.of("low", 0.1, "high", -0.1)));
        assertThrows(IllegalArgumentException.class, () -> cartPole.reset(0L, Map.of("low", "not a number")));
        assertThrows(IllegalArgumentException.class, () -> cartPole.reset(0L, Map.of("high", Double.POSITIVE_INFINITY)));
        PendulumEnv pendulum = new PendulumEnv();
        assertThrows(IllegalArgumentException.class, () -> pendulum.reset(0L, Map.of("x_init", java.util.List.of(1))));
        float[] narrow = pendulum.reset(0L, Map.of("x_init", 0.1, "y_init", 0.0)).observation();
        assertTrue(narrow[0] > Math.cos(0.1) - 1e-6 && narrow[2] == 0f, Arrays.toString(narrow));
        assertTrue(cartPole.reset(0L, null).observation().length == 4, "null options mean none");
    }

    @Test
    void spacesAreGymnasiums() {
        CartPoleEnv cartPole = new CartPoleEnv();
        assertEquals(new Discrete(2), cartPole.actionSpace());
        Box cartPoleObservations = (Box) cartPole.observationSpace();
        assertEquals((float) 4.8, (float) cartPoleObservations.high(0));
        assertEquals(Double.POSITIVE_INFINITY, cartPoleObservations.high(1));
        assertEquals((float) (2 * 12 * 2 * Math.PI / 360), (float) cartPoleObservations.high(2));
        assertEquals(-cartPoleObservations.high(2), cartPoleObservations.low(2));
        PendulumEnv pendulum = new PendulumEnv();
        assertEquals(Box.of(1, -2, 2), pendulum.actionSpace());
        assertEquals(Box.of(3, -1, 1).flatDim(), pendulum.observationSpace().flatDim());
        assertEquals(8.0, ((Box) pendulum.observationSpace()).high(2));
        assertEquals(500, cartPole.maxEpisodeSteps());
        assertEquals(200, pendulum.maxEpisodeSteps());
        assertTrue(pendulum.observationSpace().contains(pendulum.reset(5L, Map.of()).observation()));
    }
}
