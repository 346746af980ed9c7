package dev.ppo4j.env.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.env.EnvException;
import dev.ppo4j.env.EnvFactory;
import dev.ppo4j.env.EnvProvider;
import dev.ppo4j.env.UnknownEnvException;
import dev.ppo4j.env.classic.CartPoleEnv;
import dev.ppo4j.env.classic.PendulumEnv;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry of Java envs: built-in ones, those of providers on the class path, and suggestions for unknown ids. */
class JavaEnvsTest {

    @Test
    void makesEveryRegisteredEnvFresh() {
        assertEquals(List.of("CartPole-v1", "Pendulum-v1", TestEnvProvider.ID), List.copyOf(JavaEnvs.ids()));
        assertEquals(List.of("CartPole-v1", "Pendulum-v1"), List.copyOf(JavaEnvs.builtInIds()));
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
    void providersOnTheClassPathAddTheirEnvsWithKeywordArguments() {
        assertInstanceOf(PendulumEnv.class, JavaEnvs.make(TestEnvProvider.ID));
        EnvFactory factory = JavaEnvs.factory(TestEnvProvider.ID, getClass().getClassLoader());
        assertInstanceOf(PendulumEnv.class, factory.make(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> factory.make(Map.of("g", 9.81)));
        IllegalArgumentException builtIn = assertThrows(IllegalArgumentException.class,
                () -> JavaEnvs.factory("CartPole-v1", getClass().getClassLoader()).make(Map.of("gravity", 3L)));
        assertEquals("CartPole-v1 takes no keyword arguments, got [gravity].", builtIn.getMessage());
    }

    @Test
    void twoClaimsOnOneIdAndBrokenProvidersAreNamed(@TempDir Path dir) throws IOException {
        EnvException clash = assertThrows(EnvException.class, () -> JavaEnvs.ids(loaderListing(dir, ClashingEnvProvider.class.getName())));
        assertTrue(clash.getMessage().contains("'CartPole-v1' is claimed by both ppo4j and " + ClashingEnvProvider.class.getName()),
                clash.getMessage());
        EnvException broken = assertThrows(EnvException.class, () -> JavaEnvs.ids(loaderListing(dir, "acme.Missing")));
        assertTrue(broken.getMessage().startsWith("An env provider listed in META-INF/services/dev.ppo4j.env.EnvProvider could not "
                + "be loaded"), broken.getMessage());
    }

    /** A class loader over {@code dir} whose services file lists {@code providerClass}, besides the test resources' one. */
    private URLClassLoader loaderListing(Path dir, String providerClass) throws IOException {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(EnvProvider.class.getName()), providerClass + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
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
