package dev.ppo4j.bridge;

/** What the bridge does when an observation or reward from Python is NaN or infinite (the training config key {@code non_finite}). */
public enum NonFinitePolicy {
    /** Throw {@link dev.ppo4j.env.NonFiniteValueException} naming the env index and step (the default). */
    ERROR,
    /** Log a warning naming the env index and step, and pass the values on unchanged. */
    WARN
}
