package dev.ppo4j.bridge;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Impossible settings are refused before any worker starts, with a message that says what to change. */
class BuilderValidationTest {

    private static void assertRefused(String expected, Runnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void impossibleLayoutsAreRefused() {
        assertRefused("at least 1", () -> PythonVectorEnv.builder("CartPole-v1").numEnvs(0).build());
        assertRefused("use at most 2 workers", () -> PythonVectorEnv.builder("CartPole-v1").numEnvs(2).workers(3).build());
        assertRefused("must be a multiple of groups", () -> PythonVectorEnv.builder("CartPole-v1").numEnvs(6).groups(4).build());
        assertRefused("fewer than the 3 workers", () -> PythonVectorEnv.builder("CartPole-v1").numEnvs(4).workers(3).groups(2).build());
    }

    @Test
    void badKwargsAndTimeoutsAreRefused() {
        assertRefused("must be a JSON object", () -> PythonVectorEnv.builder("CartPole-v1").kwargs("[1, 2]"));
        assertRefused("not valid JSON", () -> PythonEnv.builder("CartPole-v1").kwargs("{max_episode_steps: }"));
        assertRefused("positive duration", () -> PythonEnv.builder("CartPole-v1").callTimeout(Duration.ZERO));
    }
}
