package dev.ppo4j.ppo;

import dev.ppo4j.engine.Engine;
import dev.ppo4j.model.ModelSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The update rules the config key {@code algorithm} chooses between, each with its factory. */
public enum AlgorithmKind {
    /** Proximal policy optimisation (Schulman et al. 2017), with the objective config key's variants. */
    PPO {
        @Override
        Algorithm create(PpoConfig config, ModelSpec spec, Engine engine) {
            return new PpoAlgorithm(config, spec, engine);
        }
    };

    /** Builds the algorithm for one run over the engine's parameters. */
    abstract Algorithm create(PpoConfig config, ModelSpec spec, Engine engine);

    /** The name in config files: lower case, {@code -} between words. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The names a config may use, for messages. */
    public static String allowed() {
        return Arrays.stream(values()).map(AlgorithmKind::configName).collect(Collectors.joining(", "));
    }
}
