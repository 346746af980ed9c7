package dev.ppo4j.env.local;

import dev.ppo4j.env.EnvFactory;
import dev.ppo4j.env.EnvProvider;
import dev.ppo4j.env.classic.PendulumEnv;
import java.util.Map;

/** A provider as a user would write one, registered in the test resources' META-INF/services. */
public final class TestEnvProvider implements EnvProvider {
    /** The id it offers. */
    public static final String ID = "test/Pendulum-v0";

    @Override
    public Map<String, EnvFactory> environments() {
        return Map.of(ID, kwargs -> {
            if (!kwargs.isEmpty()) {
                throw new IllegalArgumentException(ID + " takes no keyword arguments.");
            }
            return new PendulumEnv();
        });
    }
}
