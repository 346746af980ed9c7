package dev.ppo4j.engine;

/**
 * Input and output names of the engine's graphs, shared by the graph builders and the runtime
 * classes. The other names are declared with what they name: the observation input and the
 * policy outputs in {@link dev.ppo4j.model.PolicyNames}, the scalar inputs in {@link StepInput},
 * the diagnostic outputs in {@link Diagnostic}.
 */
public final class GraphNames {
    private GraphNames() {}

    /**
     * Normalised observations with a trailing column of ones, {@code [batch, observationDim + 1]}:
     * what the actor-critic train step's first layers read (their bias is the last row of their weight).
     */
    public static final String OBSERVATIONS_WITH_ONES = "obs_and_ones";
    /** Flat parameter vector, {@code [P]}. */
    public static final String PARAMS = "params";
    /** Adam first moments, {@code [P]}. */
    public static final String ADAM_M = "adam_m";
    /** Adam second moments, {@code [P]}. */
    public static final String ADAM_V = "adam_v";
    /** The a2c-trust-region average policy's flat parameters (an exponential moving average of {@link #PARAMS}), {@code [P]}. */
    public static final String AVERAGE_PARAMS = "average_params";
    /** Updated parameters. */
    public static final String PARAMS_OUT = "params_out";
    /** Updated first moments. */
    public static final String ADAM_M_OUT = "adam_m_out";
    /** Updated second moments. */
    public static final String ADAM_V_OUT = "adam_v_out";
    /** Gradient of the total loss with respect to {@link #PARAMS} (gradient-only graphs), or of TRPO's surrogate with respect to the actor's parameters. */
    public static final String GRADIENT = "gradient";
    /** Total loss −L + vf·L_V − ent·H (gradient-only graphs). */
    public static final String TOTAL_LOSS = "total_loss";
    /** The surrogate E[r·Â] of TRPO's policy graphs, a scalar. */
    public static final String SURROGATE = "surrogate";
    /** The vector v a Fisher-vector product multiplies, {@code [actor parameters]}. */
    public static final String VECTOR = "vector";
    /** The Fisher-vector product F·v, {@code [actor parameters]}. */
    public static final String FISHER_VECTOR_PRODUCT = "fisher_vector_product";

    /** Sampled actions: float {@code [batch, action_dim]} (Gaussian) or int64 {@code [batch]} (categorical). */
    public static final String ACTIONS = "actions";
    /** log π_old(a|s), {@code [batch]}. */
    public static final String OLD_LOG_PROB = "old_log_prob";
    /** Advantages, {@code [batch]}. */
    public static final String ADVANTAGES = "advantages";
    /** Value targets, {@code [batch]}. */
    public static final String RETURNS = "returns";
    /** Values at collection time, {@code [batch]}. */
    public static final String OLD_VALUES = "old_values";
    /** Old mean (Gaussian) or old logits (categorical), {@code [batch, width]}; KL objectives only. */
    public static final String OLD_DIST = "old_dist";
    /** Old log-std per sample, {@code [batch, action_dim]}; Gaussian KL objectives only. */
    public static final String OLD_LOG_STD = "old_log_std";
}
