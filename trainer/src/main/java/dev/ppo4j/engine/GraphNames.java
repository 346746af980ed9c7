package dev.ppo4j.engine;

/**
 * Input and output names shared by the graph builders and the runtime classes. The exported
 * policy uses {@link #OBSERVATIONS}, {@link #ACTION}, {@link #MEAN}, {@link #LOGITS},
 * {@link #LOG_STD} and {@link #VALUE}; deployers see those names.
 */
public final class GraphNames {
    private GraphNames() {}

    /** Flat parameter vector, {@code [P]}. */
    public static final String PARAMS = "params";
    /** Adam first moments, {@code [P]}. */
    public static final String ADAM_M = "adam_m";
    /** Adam second moments, {@code [P]}. */
    public static final String ADAM_V = "adam_v";
    /** Updated parameters. */
    public static final String PARAMS_OUT = "params_out";
    /** Updated first moments. */
    public static final String ADAM_M_OUT = "adam_m_out";
    /** Updated second moments. */
    public static final String ADAM_V_OUT = "adam_v_out";
    /** Gradient of the total loss with respect to {@link #PARAMS} (gradient-only graphs). */
    public static final String GRADIENT = "gradient";
    /** Total loss −L + vf·L_V − ent·H (gradient-only graphs). */
    public static final String TOTAL_LOSS = "total_loss";

    /** Observations {@code [batch, obs_dim]}: normalised in the engine's graphs, raw in the exported policy. */
    public static final String OBSERVATIONS = "obs";
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

    /** Learning rate (scalar input). */
    public static final String LEARNING_RATE = "lr";
    /** Clip range ε (scalar input). */
    public static final String CLIP_RANGE = "clip_range";
    /** Value clip range ε_v (scalar input). */
    public static final String VALUE_CLIP_RANGE = "value_clip_range";
    /** Dual-clip bound c (scalar input). */
    public static final String DUAL_CLIP_C = "dual_clip_c";
    /** KL penalty weight β (scalar input). */
    public static final String KL_BETA = "kl_beta";
    /** Entropy coefficient (scalar input). */
    public static final String ENTROPY_COEF = "ent_coef";
    /** Value-loss coefficient (scalar input). */
    public static final String VALUE_COEF = "vf_coef";
    /** Maximum global gradient norm (scalar input). */
    public static final String MAX_GRAD_NORM = "max_grad_norm";
    /** Adam β1 (scalar input). */
    public static final String ADAM_BETA1 = "adam_beta1";
    /** Adam β2 (scalar input). */
    public static final String ADAM_BETA2 = "adam_beta2";
    /** Adam ε (scalar input). */
    public static final String ADAM_EPSILON = "adam_eps";
    /** 1 − β1^t for the step t being taken (scalar input). */
    public static final String BIAS_CORRECTION1 = "bias_correction1";
    /** 1 − β2^t for the step t being taken (scalar input). */
    public static final String BIAS_CORRECTION2 = "bias_correction2";

    /** Diagnostic output: policy loss. */
    public static final String POLICY_LOSS = "policy_loss";
    /** Diagnostic output: value loss. */
    public static final String VALUE_LOSS = "value_loss";
    /** Diagnostic output: mean entropy. */
    public static final String ENTROPY = "entropy";
    /** Diagnostic output: approximate KL. */
    public static final String APPROX_KL = "approx_kl";
    /** Diagnostic output: clip fraction. */
    public static final String CLIP_FRACTION = "clip_fraction";
    /** Diagnostic output: analytic KL(π_old‖π_θ) (KL objectives only). */
    public static final String KL_DIVERGENCE = "kl";
    /** Diagnostic output: global gradient norm before clipping. */
    public static final String GRAD_NORM = "grad_norm";

    /** Policy output: action (clipped mean or argmax), exported policy only. */
    public static final String ACTION = "action";
    /** Policy output: Gaussian mean, {@code [batch, action_dim]}. */
    public static final String MEAN = "mean";
    /** Policy output: categorical logits, {@code [batch, n]}. */
    public static final String LOGITS = "logits";
    /** Policy output: Gaussian log-std, {@code [action_dim]}. */
    public static final String LOG_STD = "log_std";
    /** Policy/value output: state value, {@code [batch]}. */
    public static final String VALUE = "value";
}
