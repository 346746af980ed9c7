package dev.ppo4j.model;

/** Hidden-layer nonlinearity of the actor and critic MLPs. */
public enum Activation {
    /** Hyperbolic tangent, the MuJoCo default. */
    TANH,
    /** Rectified linear unit. */
    RELU;

    /**
     * Parses a configuration value such as {@code tanh} or {@code relu} (case-insensitive).
     *
     * @param name the activation's name
     * @return the activation
     * @throws IllegalArgumentException if the name is neither tanh nor relu
     */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("Unknown activation '" + name + "'; use tanh or relu.");
    }
}
