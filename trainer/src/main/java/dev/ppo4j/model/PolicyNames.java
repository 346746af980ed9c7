package dev.ppo4j.model;

/**
 * The input and output names of the policy graphs: the engine's collection graph and the
 * exported {@code policy.onnx}, whose deployers see these names. Python's
 * {@code ppo4j.run_policy} spells the ones it reads in one constant block, checked against the
 * exported files by {@code ExportParityTest}.
 */
public final class PolicyNames {
    private PolicyNames() {}

    /** Observations {@code [batch, obs_dim]}: normalised in the engine's graphs, raw in the exported policy. */
    public static final String OBSERVATIONS = "obs";
    /** The deterministic action: the mean clipped to the Box bounds, or the argmax index (exported policy only). */
    public static final String ACTION = "action";
    /** Gaussian mean, {@code [batch, action_dim]}. */
    public static final String MEAN = "mean";
    /** Categorical logits, {@code [batch, n]}. */
    public static final String LOGITS = "logits";
    /** Gaussian log-std, {@code [action_dim]} (also the name of its parameter tensor). */
    public static final String LOG_STD = "log_std";
    /** State value, {@code [batch]}. */
    public static final String VALUE = "value";
}
