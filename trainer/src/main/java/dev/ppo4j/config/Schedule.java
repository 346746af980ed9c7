package dev.ppo4j.config;

/** How a coefficient moves from its initial to its final value over training. */
public enum Schedule {
    /** Stays at the initial value. */
    CONSTANT,
    /** Moves linearly from the initial to the final value. */
    LINEAR,
    /** Moves geometrically from the initial to the final value (both must be positive). */
    EXPONENTIAL;

    /**
     * The value at training progress {@code progress} in [0, 1].
     *
     * @param initial value at progress 0
     * @param last value at progress 1
     */
    public double at(double initial, double last, double progress) {
        double p = Math.min(Math.max(progress, 0.0), 1.0);
        return switch (this) {
            case CONSTANT -> initial;
            case LINEAR -> initial + (last - initial) * p;
            case EXPONENTIAL -> initial * Math.pow(last / initial, p);
        };
    }
}
