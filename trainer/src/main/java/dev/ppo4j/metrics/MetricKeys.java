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
    /**
     * Analytic KL(π_old‖π): PPO's penalty objectives, the mean over the update's minibatches;
     * TRPO and vpg-adaptive, the mean over the batch after the policy step.
     */
    public static final String KL_DIVERGENCE = "train/kl_divergence";
    /** Epochs actually run in the update (fewer than configured after a target-KL early stop). */
    public static final String EPOCHS = "train/epochs";
    /**
     * The policy step's size: TRPO's accepted fraction of the full natural-gradient step (1, the
     * shrinking factor, its square, …; 0 when the old policy was kept); vpg-adaptive's Adam step
     * size of the update.
     */
    public static final String STEP_SIZE = "train/step_size";
    /** TRPO: candidates the line search evaluated (1 when the full step was accepted). */
    public static final String LINE_SEARCH_STEPS = "train/line_search_steps";
    /** TRPO: 1 when the line search accepted a candidate, 0 when it kept the old policy (Stable-Baselines3's name). */
    public static final String LINE_SEARCH_SUCCESS = "train/is_line_search_success";
    /** TRPO: the surrogate's gain E[r·Â](θ_new) − E[r·Â](θ_old) of the policy step (0 when the old policy was kept). */
    public static final String SURROGATE_IMPROVEMENT = "train/surrogate_improvement";
    /** TRPO: the conjugate gradient's relative residual ‖g − (F + λI)x‖ / ‖g‖ when it stopped. */
    public static final String CG_RESIDUAL = "train/cg_residual";
    /** TRPO: conjugate-gradient iterations run (fewer than configured when the residual vanished first). */
    public static final String CG_STEPS = "train/cg_steps";
    /**
     * The total loss minimised, policy loss + vf_coef × value loss + ent_coef × entropy loss, mean
     * over the update's minibatches (Stable-Baselines3 logs the last minibatch's).
     */
    public static final String LOSS = "train/loss";
    /** a2c-trust-region: fraction of the update's samples whose policy gradient the trust-region projection changed. */
    public static final String TRUST_REGION_ACTIVE_FRACTION = "train/trust_region_active_fraction";
    /**
     * a2c-trust-region: mean over samples of the projection's coefficient max(0, (kᵀg − δ) / ‖k‖²),
     * 0 where the constraint is slack (OpenAI baselines' ACER logs it as {@code avg_norm_adj}).
     */
    public static final String TRUST_REGION_ADJUSTMENT = "train/trust_region_adjustment";
    /** a2c-trust-region: mean KL(π_avg‖π) from the average policy to the policy, before the step. */
    public static final String AVERAGE_POLICY_KL = "train/average_policy_kl";
    /** Epochs run since the start of training, over all updates, as Stable-Baselines3 counts its gradient passes. */
    public static final String N_UPDATES = "train/n_updates";

    /** The cross-entropy method: generations completed so far (mean and variance refitted to their elites). */
    public static final String CEM_GENERATION = "train/cem_generation";
    /** The cross-entropy method: mean score (episode return) of the last completed generation's candidates. */
    public static final String CEM_SCORE_MEAN = "train/cem_score_mean";
    /** The cross-entropy method: mean score of the last completed generation's elites. */
    public static final String CEM_ELITE_SCORE_MEAN = "train/cem_elite_score_mean";
    /** The cross-entropy method: the standard deviation the current generation samples parameters with, averaged over them. */
    public static final String CEM_PARAMETER_STD = "train/cem_parameter_std";

    /** The update scalars that count something (epochs, updates, line-search tries, CG iterations): {@code metrics.csv} writes them as whole numbers. */
    public static final Set<String> COUNTS = Set.of(EPOCHS, N_UPDATES, LINE_SEARCH_STEPS, CG_STEPS, CEM_GENERATION);

    /** Environment steps per second since the previous metrics row: its steps over its collection and optimisation time. */
    public static final String FPS = "time/fps";
    /** Seconds spent collecting since the previous metrics row (the last rollout when every update is logged). */
    public static final String COLLECT_SECONDS = "time/collect_seconds";
    /** Seconds spent updating since the previous metrics row (the last update when every update is logged). */
    public static final String UPDATE_SECONDS = "time/update_seconds";

    /** Return of one finished episode, logged at the step the episode ended. */
    public static final String EPISODIC_RETURN = "charts/episodic_return";
    /** Length of one finished episode, logged at the step the episode ended. */
    public static final String EPISODIC_LENGTH = "charts/episodic_length";
}
