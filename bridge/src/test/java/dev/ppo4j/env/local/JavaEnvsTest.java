package dev.ppo4j.env.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.env.UnknownEnvException;
import dev.ppo4j.env.classic.CartPoleEnv;
import dev.ppo4j.env.classic.PendulumEnv;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry of Java envs and its suggestions for unknown ids. */
class JavaEnvsTest {

    @Test
    void makesEveryRegisteredEnvFresh() {
        assertEquals(List.of("CartPole-v1", "Pendulum-v1"), List.copyOf(JavaEnvs.ids()));
        assertInstanceOf(CartPoleEnv.class, JavaEnvs.make("CartPole-v1"));
        assertInstanceOf(PendulumEnv.class, JavaEnvs.make("Pendulum-v1"));
        assertNotSame(JavaEnvs.make("CartPole-v1"), JavaEnvs.make("CartPole-v1"));
        assertThrows(UnsupportedOperationException.class, () -> JavaEnvs.ids().clear());
    }

    @Test
    void theJavaPrefixMarksJavaEnvsAndStripsToTheGymnasiumId() {
        assertTrue(JavaEnvs.namesJavaEnv("java:CartPole-v1"));
        assertFalse(JavaEnvs.namesJavaEnv("CartPole-v1"));
        assertEquals("CartPole-v1", JavaEnvs.gymnasiumId("java:CartPole-v1"));
        assertEquals("Hopper-v5", JavaEnvs.gymnasiumId("Hopper-v5"));
        assertEquals("ale_py:ALE/Pong-v5", JavaEnvs.gymnasiumId("ale_py:ALE/Pong-v5"));
    }

    @Test
    void unknownIdsSuggestCloseMatches() {
        UnknownEnvException oldVersion = assertThrows(UnknownEnvException.class, () -> JavaEnvs.make("CartPole-v0"));
        assertTrue(oldVersion.getMessage().contains("Did you mean CartPole-v1?"), oldVersion.getMessage());
        UnknownEnvException lowerCase = assertThrows(UnknownEnvException.class, () -> JavaEnvs.make("pendulum"));
        assertTrue(lowerCase.getMessage().contains("Did you mean Pendulum-v1?"), lowerCase.getMessage());
        UnknownEnvException unrelated = assertThrows(UnknownEnvException.class, () -> JavaEnvs.make("Hopper-v5"));
        assertFalse(unrelated.getMessage().contains("Did you mean"), unrelated.getMessage());
        assertTrue(unrelated.getMessage().contains("CartPole-v1, Pendulum-v1"), unrelated.getMessage());
        assertThrows(UnknownEnvException.class, () -> JavaEnvs.make(null));
    }
}
