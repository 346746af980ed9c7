package dev.ppo4j.engine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one train step reported about its minibatch (values before the parameter update), by
 * {@link Diagnostic}. A graph reports only the diagnostics it computes (the analytic KL only for
 * the penalty objectives, the gradient norm only in the train step).
 *
 * @param values the reported diagnostics and their values
 */
public record Diagnostics(Map<Diagnostic, Double> values) {
    /** Freezes a copy of the values. */
    public Diagnostics {
        Map<Diagnostic, Double> copy = new EnumMap<>(Diagnostic.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy);
    }

    /**
     * One diagnostic's value.
     *
     * @param diagnostic which one
     * @return its value, or NaN if the graph does not compute it
     */
    public double get(Diagnostic diagnostic) {
        return values.getOrDefault(diagnostic, Double.NaN);
    }
}
