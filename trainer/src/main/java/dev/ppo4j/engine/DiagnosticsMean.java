package dev.ppo4j.engine;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The running mean of the train steps' {@link Diagnostics}, e.g. over an update or an epoch. */
public final class DiagnosticsMean {
    private final double[] sums = new double[Diagnostic.values().length];
    private final Set<Diagnostic> reported = EnumSet.noneOf(Diagnostic.class);
    private int count;

    /**
     * Adds one step's diagnostics.
     *
     * @param step the step's values
     */
    public void add(Diagnostics step) {
        for (Diagnostic d : Diagnostic.values()) {
            sums[d.ordinal()] += step.get(d);
        }
        reported.addAll(step.values().keySet());
        count++;
    }

    /**
     * The mean of one diagnostic over the steps added so far.
     *
     * @param diagnostic which one
     * @return the mean; NaN if no step reported it or none was added
     */
    public double mean(Diagnostic diagnostic) {
        return sums[diagnostic.ordinal()] / count;
    }

    /**
     * Every reported diagnostic's mean as a metric, in {@link Diagnostic} order.
     *
     * @return metric key → {@link Diagnostic#metricValue logged value}
     */
    public Map<String, Double> metrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Diagnostic d : reported) {
            metrics.put(d.metricKey(), d.metricValue(mean(d)));
        }
        return metrics;
    }
}
