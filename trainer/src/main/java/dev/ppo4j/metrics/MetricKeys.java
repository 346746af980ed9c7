package dev.ppo4j.metrics;

import java.util.Set;

/**
 * The scalar names a run reports, spelled as Stable-Baselines3 and CleanRL spell them so that
 * their TensorBoard dashboards and comparison scripts read ppo4j runs unchanged.
 *
 * <p>The prefix groups them in TensorBoard: {@code rollout/} for what collection saw,
 * {@code train/} for the update's diagnostics, {@code time/} for throughput and {@code charts/}
 * for per-episode records.
 */
public final class MetricKeys {
    private MetricKeys() {}

    /** Mean episodic return over the most recent episodes (Stable-Baselines3 uses the last 100). */
    public static final String EP_REW_MEAN = "rollout/ep_rew_mean";
    /** Mean episode length over the most recent episodes. */
    public static final String EP_LEN_MEAN = "rollout/ep_len_mean";

    /** Approximate KL divergence between the old and the updated policy, ((r − 1) − log r) averaged. */
    public static final String APPROX_KL = "train/approx_kl";
    /** Fraction of samples whose probability ratio left the clip range. */
    public static final String CLIP_FRACTION = "train/clip_fraction";
    /** The policy (surrogate) loss. */
    public static final String POLICY_GRADIENT_LOSS = "train/policy_gradient_loss";
    /** The value-function loss. */
    public static final String VALUE_LOSS = "train/value_loss";
    /** The entropy loss, that is minus the mean entropy. */
    public static final String ENTROPY_LOSS = "train/entropy_loss";
    /** Explained variance of the value predictions with respect to the returns. */
    public static final String EXPLAINED_VARIANCE = "train/explained_variance";
    /** The learning rate used by this update. */
    public static final String LEARNING_RATE = "train/learning_rate";
    /** The clip range ε used by this update. */
    public static final String CLIP_RANGE = "train/clip_range";
    /** Global L2 norm of the gradient before clipping. */
    public static final String GRAD_NORM = "train/grad_norm";
    /** The KL penalty coefficient β of the penalty objectives. */
    public static final String KL_BETA = "train/kl_beta";
    /** The entropy coefficient used by this update. */
    public static final String ENTROPY_COEFFICIENT = "train/ent_coef";
    /** Standard deviation of the Gaussian policy, averaged over action dimensions. */
    public static final String POLICY_STD = "train/std";
    /** Analytic KL(π_old‖π) of the penalty objectives, mean over the update's minibatches. */
    public static final String KL_DIVERGENCE = "train/kl_divergence";
    /** Epochs actually run in the update (fewer than configured after a target-KL early stop). */
    public static final String EPOCHS = "train/epochs";
    /**
     * The total loss minimised, policy loss + vf_coef × value loss + ent_coef × entropy loss, mean
     * over the update's minibatches (Stable-Baselines3 logs the last minibatch's).
     */
    public static final String LOSS = "train/loss";
    /** Epochs run since the start of training, over all updates, as Stable-Baselines3 counts its gradient passes. */
    public static final String N_UPDATES = "train/n_updates";

    /** The update scalars that count something (epochs, updates): {@code metrics.csv} writes them as whole numbers. */
    public static final Set<String> COUNTS = Set.of(EPOCHS, N_UPDATES);

    /** Environment steps per second in the last update: its batch over its collection and optimisation time. */
    public static final String FPS = "time/fps";
    /** Seconds spent collecting the last rollout. */
    public static final String COLLECT_SECONDS = "time/collect_seconds";
    /** Seconds spent in the last update. */
    public static final String UPDATE_SECONDS = "time/update_seconds";

    /** Return of one finished episode, logged at the step the episode ended. */
    public static final String EPISODIC_RETURN = "charts/episodic_return";
    /** Length of one finished episode, logged at the step the episode ended. */
    public static final String EPISODIC_LENGTH = "charts/episodic_length";
}
