package dev.ppo4j.engine;

import dev.ppo4j.metrics.MetricKeys;

/**
 * What a train step reports about its minibatch, each computed inside the train graph with the
 * parameters before the update (except the actor-critic step's {@link #LOSS}, which
 * {@link TrainStep} sums from three reported terms). Each diagnostic is declared once, here: its graph output name and
 * the metric key (Stable-Baselines3's spelling) under which its mean over an update is logged. A
 * new diagnostic is a constant here and the line of graph code in {@link PpoGraphs} that computes
 * it; {@link TrainStep}, {@link Diagnostics} and {@link DiagnosticsMean} pick it up. The
 * declaration order is the order of the metric columns.
 */
public enum Diagnostic {
    /** −L, the policy objective negated (the KL penalty included for the penalty objectives). */
    POLICY_LOSS("policy_loss", MetricKeys.POLICY_GRADIENT_LOSS),
    /** The value loss before its coefficient. */
    VALUE_LOSS("value_loss", MetricKeys.VALUE_LOSS),
    /** Mean entropy of the policy; logged negated, as Stable-Baselines3's entropy loss. */
    ENTROPY("entropy", MetricKeys.ENTROPY_LOSS) {
        @Override
        public double metricValue(double mean) {
            return -mean;
        }
    },
    /** Mean of (r−1) − log r. */
    APPROX_KL("approx_kl", MetricKeys.APPROX_KL),
    /** Mean analytic KL(π_old‖π_θ); only the KL-penalty objectives' graphs compute it. */
    KL_DIVERGENCE("kl", MetricKeys.KL_DIVERGENCE),
    /** Fraction of samples with |r−1| &gt; ε. */
    CLIP_FRACTION("clip_fraction", MetricKeys.CLIP_FRACTION),
    /** Global L2 norm of the gradient before clipping (train-step graphs only). */
    GRAD_NORM("grad_norm", MetricKeys.GRAD_NORM),
    /** The total loss the step minimises: −L + vf·L_V − ent·H (the entropy term only when the loss has it). */
    LOSS("loss", MetricKeys.LOSS),
    /** a2c-trust-region: fraction of samples whose gradient the trust-region projection changed. */
    TRUST_REGION_ACTIVE_FRACTION("trust_region_active_fraction", MetricKeys.TRUST_REGION_ACTIVE_FRACTION),
    /** a2c-trust-region: mean of the projection's coefficient max(0, (kᵀg − δ) / ‖k‖²). */
    TRUST_REGION_ADJUSTMENT("trust_region_adjustment", MetricKeys.TRUST_REGION_ADJUSTMENT),
    /** a2c-trust-region: mean KL(π_avg‖π_θ) from the average policy. */
    AVERAGE_POLICY_KL("average_policy_kl", MetricKeys.AVERAGE_POLICY_KL);

    private final String graphName;
    private final String metricKey;

    Diagnostic(String graphName, String metricKey) {
        this.graphName = graphName;
        this.metricKey = metricKey;
    }

    /**
     * The name of the graph output.
     *
     * @return e.g. {@code approx_kl}
     */
    public String graphName() {
        return graphName;
    }

    /**
     * The key of the logged metric (see {@link MetricKeys}).
     *
     * @return e.g. {@code train/approx_kl}
     */
    public String metricKey() {
        return metricKey;
    }

    /**
     * The logged value for a mean over minibatches (the mean itself unless the metric's
     * convention differs).
     *
     * @param mean the mean of this diagnostic over an update's minibatches
     * @return the value logged under {@link #metricKey()}
     */
    public double metricValue(double mean) {
        return mean;
    }
}
