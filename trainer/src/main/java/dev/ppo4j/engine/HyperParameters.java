package dev.ppo4j.engine;

/**
 * The values of the train step's {@link StepInput}s, set by key. Starts from each input's
 * default; ranges are the config's concern ({@code TrainConfig} validates what users set).
 *
 * <p>Mutable and not thread-safe: the training loop sets this update's values and passes the
 * same object to every step.
 */
public final class HyperParameters {
    private final double[] values = new double[StepInput.values().length];

    private HyperParameters() {
        for (StepInput key : StepInput.values()) {
            values[key.ordinal()] = key.defaultValue();
        }
    }

    /**
     * Every input at its {@link StepInput#defaultValue() default} (docs/ppo.md, "Defaults and
     * where they come from"): lr 3e-4, ε 0.2, ε_v 0.2, c 3, β 1, ent 0, vf 0.5, max grad norm 0.5,
     * Adam ε 1e-5 (its β1 = 0.9 and β2 = 0.999 are constants of the graph).
     *
     * @return fresh hyper-parameters
     */
    public static HyperParameters defaults() {
        return new HyperParameters();
    }

    /**
     * Sets one input.
     *
     * @param key the input
     * @param value its value for the following steps
     * @return this object, for chaining
     * @throws IllegalArgumentException if the value is not finite or the input is derived
     */
    public HyperParameters set(StepInput key, double value) {
        if (key.isDerived()) {
            throw new IllegalArgumentException(key + " is computed by the train step from its step count; it cannot be set.");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(key + " must be a finite number, got " + value + ".");
        }
        values[key.ordinal()] = value;
        return this;
    }

    /**
     * One input's value.
     *
     * @param key the input
     * @return the value set last, or the default (NaN for a derived input)
     */
    public double get(StepInput key) {
        return values[key.ordinal()];
    }
}
