package dev.ppo4j.env.local;

import dev.ppo4j.env.EnvFactory;
import dev.ppo4j.env.EnvProvider;
import dev.ppo4j.env.classic.CartPoleEnv;
import java.util.Map;

/** A provider claiming an id ppo4j already has; only ever listed on a test's own class loader. */
public final class ClashingEnvProvider implements EnvProvider {
    @Override
    public Map<String, EnvFactory> environments() {
        return Map.of(CartPoleEnv.ID, kwargs -> new CartPoleEnv());
    }
}
