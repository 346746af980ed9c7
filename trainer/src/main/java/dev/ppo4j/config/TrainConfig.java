package dev.ppo4j.config;

import dev.ppo4j.bridge.NonFinitePolicy;
import dev.ppo4j.bridge.WorkerWait;
import dev.ppo4j.engine.Objective;
import dev.ppo4j.env.EnvSeeding;
import dev.ppo4j.env.local.JavaEnvs;
import dev.ppo4j.model.Activation;
import java.util.List;

/**
 * Everything a training run is configured by (PPO's, TRPO's, vpg-adaptive's, A2C's, a2c-trust-region's or CEM's), immutable and
 * validated in one place (the compact constructor). Field {@code fooBar} is the key {@code foo_bar} in config files and on the
 * command line ({@code --set foo_bar=value}); {@link ConfigFiles} reads and writes it. A new field
 * is a component here with its {@link Doc} and {@link Default} (and a check in the constructor if
 * some values are invalid); presets and older run directories pick up the default. Derived
 * sizes ({@link #batchSize()}, {@link #numMinibatches()}, {@link #numUpdates()}) are computed.
 */
public record TrainConfig(
        @Doc("update rule: {values}; ppo's variant is the objective key (docs/ppo.md, docs/trpo.md)") @Default("ppo") AlgorithmKind algorithm,
        @Doc("Gymnasium env id (Python workers), or java:<id> for a pure-Java env, e.g. java:CartPole-v1") @Default("Hopper-v5") String envId,
        @Doc("keyword arguments for gymnasium.make, as a JSON object") @Default("{}") String envKwargs,
        @Doc("environment steps to train for, summed over all envs") @Default("1000000") long totalSteps,
        @Doc("master seed: env seeds, initialisation, sampling and shuffling derive from it") @Default("1") long seed,
        @Doc("seeding of later episodes: dynamic continues each env's random stream (new initial states); static re-seeds env i with seed+i every episode") @Default("dynamic") EnvSeeding envSeeding,
        @Doc("number of environments stepped as one batch") @Default("1") int numEnvs,
        @Doc("pipelining groups G: while the envs of one group (num_envs / G of them) step, the trainer computes the next group's actions; must divide num_envs; results do not depend on it") @Default("1") int pipelineGroups,
        @Doc("Python worker processes hosting the envs (ignored for java: envs)") @Default("1") int numWorkers,
        @Doc("seconds a Python worker may take to step or reset its envs before it is killed and restarted (its envs' episodes end truncated)") @Default("30") int workerTimeout,
        @Doc("how the trainer and its Python workers wait for each other's steps ({values}): spin polls for up to 200 us before sleeping, which saves a wake-up per step when every process has a core to itself and costs CPU when processes share cores; auto spins when the trainer plus its workers fit in the machine's cores and no other run of a grid (./ppo4j compare --parallel > 1, Ray) shares them; results do not depend on it") @Default("auto") WorkerWait workerWait,
        @Doc("a NaN or infinite observation or reward from a Python env: error stops the run naming env and step, warn logs it and passes it on ({values})") @Default("error") NonFinitePolicy nonFinite,
        @Doc("steps per env in one rollout; the batch is rollout_steps x num_envs") @Default("2048") int rolloutSteps,
        @Doc("passes over the batch per update (trpo, vpg-adaptive: of the critic fit, sb3-contrib's n_critic_updates; a2c: unused, one step per update)") @Default("10") int epochs,
        @Doc("transitions per minibatch; must divide the batch (trpo, vpg-adaptive: the critic fit's; a2c, a2c-trust-region: unused, their step takes the whole batch)") @Default("64") int minibatchSize,
        @Doc("discount factor gamma") @Default("0.99") double gamma,
        @Doc("GAE lambda") @Default("0.95") double gaeLambda,
        @Doc("policy objective: {values}") @Default("clip") Objective objective,
        @Doc("clip range epsilon of the clip and dual-clip objectives") @Default("0.2") double clipRange,
        @Doc("schedule of the clip range: {values}") @Default("constant") Schedule clipRangeSchedule,
        @Doc("clip range at the end of training (non-constant schedules)") @Default("0.2") double clipRangeFinal,
        @Doc("dual-clip floor coefficient c (> 1) for negative advantages") @Default("3.0") double dualClipC,
        @Doc("KL penalty coefficient beta (initial value for kl-adaptive)") @Default("1.0") double klBeta,
        @Doc("KL target d_targ of kl-adaptive") @Default("0.01") double klTarget,
        @Doc("clip the value loss around the old values") @Default("true") boolean valueClip,
        @Doc("value clip range epsilon_v; 'auto' uses the current clip range") @Default("auto") Double valueClipRange,
        @Doc("value loss coefficient") @Default("0.5") double vfCoef,
        @Doc("entropy bonus coefficient at the start of training") @Default("0.0") double entCoef,
        @Doc("schedule of the entropy coefficient: {values}") @Default("constant") Schedule entCoefSchedule,
        @Doc("entropy coefficient at the end of training (non-constant schedules)") @Default("0.0") double entCoefFinal,
        @Doc("action-selection temperature during collection (1 = sample the policy as is)") @Default("1.0") double temperature,
        @Doc("Adam learning rate at the start of training (trpo, vpg-adaptive: the critic's; a2c: RMSprop's)") @Default("3e-4") double learningRate,
        @Doc("schedule of the learning rate: {values}") @Default("linear") Schedule learningRateSchedule,
        @Doc("learning rate at the end of training (non-constant schedules)") @Default("0.0") double learningRateFinal,
        @Doc("Adam epsilon") @Default("1e-5") double adamEps,
        @Doc("global L2 gradient-norm clip; 'inf' disables clipping") @Default("0.5") double maxGradNorm,
        @Doc("stop an update's epochs early when their mean approx KL exceeds this; 'off' disables") @Default("off") Double targetKl,
        @Doc("trpo: trust region delta, the largest mean KL(pi_old||pi_new) a policy step may reach (0.01: sb3-contrib TRPO target_kl, Tianshou and baselines trpo_mpi max_kl)") @Default("0.01") double maxKl,
        @Doc("trpo: conjugate-gradient iterations per policy step (10: baselines trpo_mpi cg_iters, Tianshou; sb3-contrib 15; rl-zoo MuJoCo 25)") @Default("10") int cgMaxSteps,
        @Doc("trpo: damping lambda of the Fisher matrix, CG solves (F + lambda I) x = g (0.1: sb3-contrib, baselines trpo_mpi MuJoCo, Tianshou)") @Default("0.1") double cgDamping,
        @Doc("trpo: candidate steps the backtracking line search tries before it keeps the old policy (10: sb3-contrib, baselines trpo_mpi, Tianshou)") @Default("10") int lineSearchMaxIter,
        @Doc("trpo: factor the line search shrinks the step by after a rejected candidate (0.8: sb3-contrib, Tianshou; baselines trpo_mpi 0.5)") @Default("0.8") double lineSearchShrinkingFactor,
        @Doc("trpo: Fisher-vector products on every k-th sample of the batch only (1: all, sb3-contrib default; baselines trpo_mpi 5)") @Default("1") int subSamplingFactor,
        @Doc("vpg-adaptive: the actor's Adam step size in the first update; the KL rule adapts it after every update (1e-3: sb3-contrib TRPO's learning rate)") @Default("1e-3") double policyLearningRate,
        @Doc("vpg-adaptive: KL target of the step-size rule, /1.5 when KL > 2 target, x1.5 when KL < target/2 (PPO paper, its vanilla PG baseline)") @Default("0.002") double stepSizeKlTarget,
        @Doc("a2c: RMSprop's square-average decay alpha (0.99: Stable-Baselines3's A2C, torch.optim.RMSprop)") @Default("0.99") double rmsPropAlpha,
        @Doc("a2c: RMSprop's epsilon, added to the root of the square average as torch.optim.RMSprop does (1e-5: Stable-Baselines3's A2C rms_prop_eps)") @Default("1e-5") double rmsPropEps,
        @Doc("a2c-trust-region: delta, the bound on k.g per sample, k the gradient of KL(pi_avg||pi) and g the policy gradient with respect to the distribution statistics (1: ACER paper, Wang et al. 2016, and OpenAI baselines acer's delta)") @Default("1.0") double trustRegionDelta,
        @Doc("a2c-trust-region: decay alpha of the average policy, an exponential moving average of the parameters updated after every step, avg = alpha avg + (1 - alpha) params (0.99: ACER paper and OpenAI baselines acer's alpha)") @Default("0.99") double averagePolicyDecay,
        @Doc("cem: candidate parameter vectors per generation (200: modular_rl cem batch_size)") @Default("200") int cemPopulation,
        @Doc("cem: fraction of the population, the best-scoring, the next generation's mean and variance are fitted to (0.2: modular_rl cem elite_frac)") @Default("0.2") double cemEliteFraction,
        @Doc("cem: standard deviation of every parameter in the first generation, around the initialised parameters (1.0: modular_rl cem initial_std)") @Default("1.0") double cemInitialStd,
        @Doc("cem: extra standard deviation added to the fitted one when sampling, decaying linearly to 0 (0: modular_rl cem extra_std; its MuJoCo battery 0.01)") @Default("0.0") double cemExtraStd,
        @Doc("cem: generations over which the extra variance decays to 0 (100: modular_rl cem, n_iter/2 of its default n_iter 200)") @Default("100") int cemExtraDecayGenerations,
        @Doc("cem: episodes that score one candidate, their mean return its score (1: modular_rl cem, one rollout per candidate)") @Default("1") int cemEpisodesPerCandidate,
        @Doc("normalise advantages per minibatch") @Default("true") boolean normalizeAdvantages,
        @Doc("recompute values and advantages with the current critic before every epoch") @Default("false") boolean recomputeAdvantages,
        @Doc("normalise observations by running mean and variance") @Default("true") boolean normalizeObservations,
        @Doc("clip normalised observations to +-this") @Default("10.0") double observationClip,
        @Doc("scale rewards by the running std of the discounted return") @Default("true") boolean normalizeRewards,
        @Doc("clip scaled rewards to +-this") @Default("10.0") double rewardClip,
        @Doc("hidden layer sizes of the actor and of the critic, comma-separated") @Default("64,64") List<Integer> hiddenSizes,
        @Doc("hidden activation: {values}") @Default("tanh") Activation activation,
        @Doc("orthogonal initialisation (gains sqrt2 / 0.01 / 1); false: uniform +-1/sqrt(fan_in)") @Default("true") boolean orthogonalInit,
        @Doc("write a checkpoint every this many updates (0: only at the end)") @Default("50") int checkpointInterval,
        @Doc("log every this many updates to metrics.csv, TensorBoard and the progress line, and always the last (Stable-Baselines3's log_interval; its A2C logs every 100)") @Default("1") int logInterval) {

    /** Validates every field and their consistency; messages name the field and the fix. */
    public TrainConfig {
        hiddenSizes = List.copyOf(hiddenSizes);
        require(algorithm != null, "algorithm", "must be " + AlgorithmKind.allowed());
        require(envId != null && !envId.isBlank(), "env_id", "must name an environment, e.g. Hopper-v5 or java:CartPole-v1");
        require(envKwargs != null && envKwargs.trim().startsWith("{") && envKwargs.trim().endsWith("}"),
                "env_kwargs", "must be a JSON object such as {} or {\"max_episode_steps\": 200}");
        require(envSeeding != null, "env_seeding", "must be " + EnvSeeding.allowed());
        require(numEnvs >= 1, "num_envs", "must be at least 1");
        require(numWorkers >= 1, "num_workers", "must be at least 1");
        require(workerTimeout >= 1, "worker_timeout", "must be at least 1 (seconds)");
        require(workerWait != null, "worker_wait", "must be auto, spin or block");
        require(nonFinite != null, "non_finite", "must be error or warn");
        require(pipelineGroups >= 1 && numEnvs % pipelineGroups == 0, "pipeline_groups",
                "(" + pipelineGroups + ") must be a positive divisor of num_envs (" + numEnvs
                        + "); the mujoco preset pipelines 2 groups of 8 envs, so with fewer or an odd number of envs set pipeline_groups = 1");
        require(rolloutSteps >= 1, "rollout_steps", "must be at least 1");
        require(epochs >= 1, "epochs", "must be at least 1");
        require(minibatchSize >= 1, "minibatch_size", "must be at least 1");
        long batch = (long) rolloutSteps * numEnvs;
        require(batch <= Integer.MAX_VALUE / 64, "rollout_steps", "times num_envs is too large a batch (" + batch + ")");
        boolean wholeBatchStep = algorithm == AlgorithmKind.A2C || algorithm == AlgorithmKind.A2C_TRUST_REGION;
        require(wholeBatchStep || algorithm == AlgorithmKind.CEM || batch % minibatchSize == 0, "minibatch_size",
                "(" + minibatchSize + ") must divide the batch rollout_steps x num_envs = " + batch
                        + "; e.g. use " + largestDivisorAtMost(batch, minibatchSize));
        require(totalSteps >= batch, "total_steps", "(" + totalSteps + ") must be at least one batch (" + batch + " steps)");
        require(gamma > 0 && gamma <= 1, "gamma", "must lie in (0, 1]");
        require(gaeLambda >= 0 && gaeLambda <= 1, "gae_lambda", "must lie in [0, 1]");
        require(objective != null, "objective", "must be set");
        require(clipRange > 0, "clip_range", "must be positive, e.g. 0.2");
        requireScheduleEnds(clipRangeSchedule, clipRange, clipRangeFinal, "clip_range");
        require(dualClipC > 1, "dual_clip_c", "must be greater than 1, e.g. 3");
        require(klBeta >= 0, "kl_beta", "must be non-negative");
        require(klTarget > 0, "kl_target", "must be positive, e.g. 0.01");
        require(valueClipRange == null || valueClipRange > 0, "value_clip_range", "must be positive or 'auto'");
        require(vfCoef >= 0, "vf_coef", "must be non-negative");
        require(entCoef >= 0 && entCoefFinal >= 0, "ent_coef", "and ent_coef_final must be non-negative");
        requireScheduleEnds(entCoefSchedule, entCoef, entCoefFinal, "ent_coef");
        require(temperature > 0, "temperature", "must be positive; 1 samples the policy as is");
        require(learningRate > 0, "learning_rate", "must be positive, e.g. 3e-4");
        require(learningRateFinal >= 0, "learning_rate_final", "must be non-negative");
        requireScheduleEnds(learningRateSchedule, learningRate, learningRateFinal, "learning_rate");
        require(adamEps > 0, "adam_eps", "must be positive, e.g. 1e-5");
        require(maxGradNorm > 0, "max_grad_norm", "must be positive, or 'inf' to disable clipping");
        require(targetKl == null || targetKl > 0, "target_kl", "must be positive or 'off'");
        requireGradientBaselineKeys(maxKl, cgMaxSteps, cgDamping, lineSearchMaxIter, lineSearchShrinkingFactor,
                subSamplingFactor, batch, policyLearningRate, stepSizeKlTarget);
        require(trustRegionDelta >= 0, "trust_region_delta", "must be non-negative, e.g. 1");
        require(averagePolicyDecay >= 0 && averagePolicyDecay < 1, "average_policy_decay", "must lie in [0, 1), e.g. 0.99");
        requireCemKeys(cemPopulation, cemEliteFraction, cemInitialStd, cemExtraStd, cemExtraDecayGenerations,
                cemEpisodesPerCandidate);
        require(algorithm == AlgorithmKind.PPO || targetKl == null, "target_kl",
                "is PPO's early stop; set it to off for " + algorithm.configName()
                        + " (TRPO's trust region is max_kl, vpg-adaptive's KL target step_size_kl_target)");
        require(algorithm == AlgorithmKind.PPO || !recomputeAdvantages, "recompute_advantages",
                "applies to PPO's epochs only; set it to false for " + algorithm.configName());
        require(rmsPropAlpha > 0 && rmsPropAlpha < 1, "rms_prop_alpha", "must lie in (0, 1), e.g. 0.99");
        require(rmsPropEps > 0, "rms_prop_eps", "must be positive, e.g. 1e-5");
        require(logInterval >= 1, "log_interval", "must be at least 1 (1 logs every update)");
        require(observationClip > 0, "observation_clip", "must be positive, e.g. 10");
        require(rewardClip > 0, "reward_clip", "must be positive, e.g. 10");
        require(!hiddenSizes.isEmpty() && hiddenSizes.stream().allMatch(h -> h != null && h >= 1),
                "hidden_sizes", "must list positive layer sizes, e.g. 64,64");
        require(activation != null, "activation", "must be set");
        require(checkpointInterval >= 0, "checkpoint_interval", "must be 0 (only at the end) or a positive number of updates");
    }

    /** Python workers actually started: num_workers, but no more than the envs of one pipelining group; 0 for java: envs. */
    public int workersUsed() {
        return isJavaEnv() ? 0 : Math.min(numWorkers, numEnvs / pipelineGroups);
    }

    /** Transitions in one rollout: rollout_steps × num_envs. */
    public int batchSize() {
        return rolloutSteps * numEnvs;
    }

    /** Minibatches per epoch. */
    public int numMinibatches() {
        return batchSize() / minibatchSize;
    }

    /** Updates (rollout + optimisation) in the run; the run trains numUpdates × batchSize steps. */
    public int numUpdates() {
        return (int) (totalSteps / batchSize());
    }

    /** Whether the env is a pure-Java one ({@code java:} prefix, see {@link JavaEnvs#namesJavaEnv}). */
    public boolean isJavaEnv() {
        return JavaEnvs.namesJavaEnv(envId);
    }

    private static void require(boolean ok, String field, String fix) {
        if (!ok) {
            throw new ConfigException("Config field " + field + " " + fix + ".");
        }
    }

    /** The keys of TRPO and vpg-adaptive (checked whatever the algorithm, as every key is). */
    private static void requireGradientBaselineKeys(double maxKl, int cgMaxSteps, double cgDamping, int lineSearchMaxIter,
            double shrinkingFactor, int subSamplingFactor, long batch, double policyLearningRate, double stepSizeKlTarget) {
        require(maxKl > 0, "max_kl", "must be positive, e.g. 0.01");
        require(cgMaxSteps >= 1, "cg_max_steps", "must be at least 1, e.g. 10");
        require(cgDamping >= 0, "cg_damping", "must be non-negative, e.g. 0.1");
        require(lineSearchMaxIter >= 1, "line_search_max_iter", "must be at least 1, e.g. 10");
        require(shrinkingFactor > 0 && shrinkingFactor < 1, "line_search_shrinking_factor", "must lie in (0, 1), e.g. 0.8");
        require(subSamplingFactor >= 1 && subSamplingFactor <= batch, "sub_sampling_factor",
                "must be at least 1 (every sample) and at most the batch rollout_steps x num_envs = " + batch);
        require(policyLearningRate > 0, "policy_learning_rate", "must be positive, e.g. 1e-3");
        require(stepSizeKlTarget > 0, "step_size_kl_target", "must be positive, e.g. 0.002");
    }

    /** The cross-entropy method's keys (checked whatever the algorithm, as every key is). */
    private static void requireCemKeys(int population, double eliteFraction, double initialStd, double extraStd,
            int extraDecayGenerations, int episodesPerCandidate) {
        require(population >= 2, "cem_population", "must be at least 2, e.g. 200");
        require(eliteFraction > 0 && eliteFraction <= 1 && cemEliteCount(population, eliteFraction) >= 2, "cem_elite_fraction",
                "must lie in (0, 1] and keep at least 2 of the cem_population (" + population + ") candidates, e.g. 0.2");
        require(initialStd > 0, "cem_initial_std", "must be positive, e.g. 1.0");
        require(extraStd >= 0, "cem_extra_std", "must be non-negative (0: no extra noise)");
        require(extraDecayGenerations >= 1, "cem_extra_decay_generations", "must be at least 1, e.g. 100");
        require(episodesPerCandidate >= 1, "cem_episodes_per_candidate", "must be at least 1");
    }

    /**
     * The candidates a generation of the cross-entropy method keeps: population × elite fraction
     * rounded half to even (numpy's {@code round}, as modular_rl rounds it).
     *
     * @param population candidates per generation
     * @param eliteFraction the fraction kept
     * @return the number of elites
     */
    public static int cemEliteCount(int population, double eliteFraction) {
        return (int) Math.rint(population * eliteFraction);
    }

    private static void requireScheduleEnds(Schedule schedule, double initial, double last, String field) {
        require(schedule != null, field + "_schedule", "must be constant, linear or exponential");
        require(schedule != Schedule.EXPONENTIAL || (initial > 0 && last > 0), field + "_schedule",
                "exponential needs positive " + field + " and " + field + "_final; use linear to reach 0");
    }

    private static long largestDivisorAtMost(long n, long limit) {
        for (long d = Math.min(limit, n); d > 1; d--) {
            if (n % d == 0) {
                return d;
            }
        }
        return 1;
    }
}
