package dev.ppo4j.train;

import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.engine.CandidateParameters;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.engine.ParameterState;
import dev.ppo4j.env.random.SplitMix64;
import dev.ppo4j.metrics.EpisodeTracker;
import dev.ppo4j.metrics.MetricKeys;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.ParameterTensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The noisy cross-entropy method (Szita and Lőrincz 2006; docs/cem.md) over the actor's layers:
 * a diagonal Gaussian ({@link CrossEntropyDistribution}) whose generations of
 * {@code cem_population} candidates are each scored by the mean return of
 * {@code cem_episodes_per_candidate} whole episodes. The envs run candidates side by side: each
 * env takes the next unscored (candidate, episode) task when its episode ends and acts with that
 * candidate's parameters and the deterministic action (modular_rl's CEM runs a deterministic
 * agent: the search noise is in the parameters, and sampled actions would only blur the scores).
 * When every task is scored, the distribution is refitted to the elites, its mean is written into
 * the actor's parameters (what the policy exports) and the next generation is sampled, in the
 * middle of the collection. Envs with no task left run their last candidate unscored until their
 * episode ends; an env picks up a task only at an episode's start.
 *
 * <p>The actor's {@code log_std} and the critic are not searched and keep their initial values.
 * {@link #update} learns nothing more: it reports the generations.
 */
final class CemAlgorithm implements Algorithm, Collector.EpisodePolicies {
    private static final long CEM_STREAM = 5;
    private static final int IDLE = -1;

    private final TrainConfig config;
    private final ParameterState parameters;
    private final CrossEntropyDistribution distribution;
    private final SplitMix64 random;
    private final float[][] population;
    private final double[] taskReturns;
    private final boolean[] taskAssigned;
    private final int[] envTask;
    private final CandidateParameters[] envParameters;
    private long generationStartState;
    private int generation;
    private int tasksScored;
    private int nextTask;
    private boolean envsFresh = true;
    private double lastScoreMean = Double.NaN;
    private double lastEliteScoreMean = Double.NaN;

    CemAlgorithm(TrainConfig config, ModelSpec spec, Engine engine) {
        this.config = config;
        this.parameters = engine.state();
        float[] initial = parameters.parameterValues();
        double[] initialMean = new double[searchedParameterCount(spec)];
        for (int j = 0; j < initialMean.length; j++) {
            initialMean[j] = initial[j];
        }
        this.distribution = new CrossEntropyDistribution(initialMean, config.cemInitialStd());
        this.random = SplitMix64.forStream(config.seed(), CEM_STREAM);
        this.population = new float[config.cemPopulation()][initialMean.length];
        this.taskReturns = new double[config.cemPopulation() * config.cemEpisodesPerCandidate()];
        this.taskAssigned = new boolean[taskReturns.length];
        this.envTask = new int[config.numEnvs()];
        this.envParameters = new CandidateParameters[config.numEnvs()];
        for (int i = 0; i < envParameters.length; i++) {
            envParameters[i] = engine.openCandidateParameters();
        }
        startGeneration();
    }

    /** The actor's layers, which lead the flat parameter vector; not log_std (unused by deterministic actions), not the critic. */
    static int searchedParameterCount(ModelSpec spec) {
        return spec.parameterTensors().stream().filter(t -> t.name().startsWith("actor."))
                .mapToInt(ParameterTensor::size).sum();
    }

    /** Samples this generation's candidates from the distribution's state and the stream's, and clears its tasks. */
    private void startGeneration() {
        generationStartState = random.state();
        distribution.sample(currentSamplingStd(), random, population);
        Arrays.fill(taskReturns, Double.NaN);
        Arrays.fill(taskAssigned, false);
        tasksScored = 0;
        nextTask = 0;
    }

    private double[] currentSamplingStd() {
        return distribution.samplingStd(generation, config.cemExtraStd(), config.cemExtraDecayGenerations());
    }

    /**
     * Steps the envs for one rollout's worth of steps (T × N) with the candidates; generations
     * finish and start within it as their tasks are scored.
     *
     * @return null: the experience is the scores, already learnt from
     */
    @Override
    public RolloutBuffer collect(Collector collector) {
        if (envsFresh) {
            // Every env starts an episode now (a fresh or resumed run reset them): give each a task.
            for (int i = 0; i < envTask.length; i++) {
                assignTask(i);
            }
            envsFresh = false;
        }
        collector.collectEpisodes(this);
        return null;
    }

    @Override
    public CandidateParameters parametersOf(int env) {
        return envParameters[env];
    }

    @Override
    public void episodeEnded(int env, EpisodeTracker.Episode episode) {
        int task = envTask[env];
        if (task != IDLE) {
            taskReturns[task] = episode.episodeReturn();
            tasksScored++;
            if (tasksScored == taskReturns.length) {
                finishGeneration();
            }
        }
        assignTask(env);
    }

    /** Gives env {@code env} the next unassigned task and its candidate's parameters, or leaves it idle on its last ones. */
    private void assignTask(int env) {
        while (nextTask < taskAssigned.length && taskAssigned[nextTask]) {
            nextTask++;
        }
        if (nextTask == taskAssigned.length) {
            envTask[env] = IDLE;
            return;
        }
        envTask[env] = nextTask;
        taskAssigned[nextTask] = true;
        envParameters[env].setLeading(population[nextTask / config.cemEpisodesPerCandidate()]);
    }

    /** Scores the candidates, refits the distribution to the elites, exports its mean to the actor and starts the next generation. */
    private void finishGeneration() {
        int perCandidate = config.cemEpisodesPerCandidate();
        double[] scores = new double[population.length];
        for (int task = 0; task < taskReturns.length; task++) {
            scores[task / perCandidate] += taskReturns[task] / perCandidate;
        }
        int[] elites = distribution.refit(population, scores, TrainConfig.cemEliteCount(population.length,
                config.cemEliteFraction()));
        lastScoreMean = Arrays.stream(scores).average().orElseThrow();
        lastEliteScoreMean = Arrays.stream(elites).mapToDouble(c -> scores[c]).average().orElseThrow();
        generation++;
        float[] actor = parameters.parameterValues();
        double[] mean = distribution.mean();
        for (int j = 0; j < mean.length; j++) {
            actor[j] = (float) mean[j];
        }
        parameters.setParameters(actor);
        startGeneration();
    }

    /**
     * Reports the generations: their count, the last completed one's scores (once there is one)
     * and the spread the current one samples with.
     */
    @Override
    public Map<String, Double> update(RolloutBuffer rollout, Iteration iteration) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put(MetricKeys.CEM_GENERATION, (double) generation);
        if (generation > 0) {
            scalars.put(MetricKeys.CEM_SCORE_MEAN, lastScoreMean);
            scalars.put(MetricKeys.CEM_ELITE_SCORE_MEAN, lastEliteScoreMean);
        }
        scalars.put(MetricKeys.CEM_PARAMETER_STD, Arrays.stream(currentSamplingStd()).average().orElseThrow());
        return scalars;
    }

    /**
     * Saves the distribution, the generation, the random stream as the current generation was
     * sampled from it, and the returns of its tasks scored so far (NaN for the others).
     */
    @Override
    public void save(Checkpoint checkpoint) {
        checkpoint.put("cem_mean", distribution.mean())
                .put("cem_variance", distribution.variance())
                .put("cem_generation", generation)
                .put("cem_rng_generation_start", generationStartState)
                .put("cem_task_returns", taskReturns.clone())
                .put("cem_last_scores", new double[] {lastScoreMean, lastEliteScoreMean});
    }

    /**
     * Restores what {@link #save} wrote and samples the current generation again; its tasks
     * whose episodes were under way start over, since the envs are reset on resume.
     */
    @Override
    public void restore(Checkpoint checkpoint) {
        distribution.restore(checkpoint.doubles("cem_mean"), checkpoint.doubles("cem_variance"));
        generation = (int) checkpoint.longValue("cem_generation");
        random.setState(checkpoint.longValue("cem_rng_generation_start"));
        startGeneration();
        double[] saved = checkpoint.doubles("cem_task_returns");
        System.arraycopy(saved, 0, taskReturns, 0, taskReturns.length);
        for (int task = 0; task < taskReturns.length; task++) {
            taskAssigned[task] = !Double.isNaN(taskReturns[task]);
            tasksScored += taskAssigned[task] ? 1 : 0;
        }
        double[] lastScores = checkpoint.doubles("cem_last_scores");
        lastScoreMean = lastScores[0];
        lastEliteScoreMean = lastScores[1];
        envsFresh = true;
    }
}
