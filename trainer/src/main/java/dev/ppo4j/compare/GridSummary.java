package dev.ppo4j.compare;

import dev.ppo4j.train.SourceRevision;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * What a grid's report says, as numbers: per env &times; variant the statistics over seeds,
 * within runs and over evaluation episodes, and the learning-curve bands; the normalised scores
 * and each env's best variant; per-run figures; the compute spent. {@link GridReport} renders it.
 *
 * @param grid the grid
 * @param generated when the summary was made
 * @param sourceRevision the ppo4j source revision that made it
 * @param runsWithResults runs that have finished an episode
 * @param runsTrainedInFull runs that have trained their whole step budget
 * @param failures one line per run that failed in this invocation
 * @param normalisation the PPO paper's normalised score, or why it is not computed
 * @param envs one entry per env of the grid, in grid order
 * @param runs one entry per run with results, in the order given
 * @param stepsPerRun the steps a run trains in full, against the grid's nominal steps
 * @param compute the compute spent
 * @param invocation the {@code ./ppo4j compare} command line that reproduces the grid
 * @param firstRunArguments the {@code ./ppo4j train} arguments of the grid's first run
 */
public record GridSummary(Grid grid, ZonedDateTime generated, String sourceRevision, int runsWithResults,
        int runsTrainedInFull, List<String> failures, Normalisation normalisation, List<EnvSummary> envs, List<RunRow> runs,
        StepsPerRun stepsPerRun, Compute compute, String invocation, List<String> firstRunArguments) {
    /** Points of the step grid a learning curve is drawn on. */
    static final int CURVE_POINTS = 100;
    /** The CVaR's share of worst outcomes. */
    static final double ALPHA = Statistics.DEFAULT_CVAR_ALPHA;
    /** Resamples for the curve bands: a band per point per variant, so fewer than for the table. */
    private static final int BAND_RESAMPLES = 2_000;

    /**
     * Everything the summary is made from.
     *
     * @param directory the grid directory
     * @param runs every run that has logged anything, in any order
     * @param randomScores env → the random policy's score per seed
     * @param failures one line per run that failed in this invocation (id and log file)
     * @param invocation the {@code ./ppo4j compare} command line that reproduces the grid
     * @param executor how the runs were executed
     * @param wallSeconds wall-clock time of every invocation that ran tasks in this grid directory, summed
     */
    public record Inputs(GridDirectory directory, List<RunResult> runs, Map<String, double[]> randomScores,
            List<String> failures, String invocation, String executor, double wallSeconds) {}

    /**
     * A mean and standard deviation.
     *
     * @param mean the mean
     * @param std the population standard deviation (0 for one value, where it says nothing)
     * @param count how many values
     */
    public record Spread(double mean, double std, int count) {
        /** The spread of some values; empty if there are none. */
        static Optional<Spread> of(double[] values) {
            return values == null || values.length == 0 ? Optional.empty()
                    : Optional.of(new Spread(Statistics.mean(values), Statistics.std(values), values.length));
        }
    }

    /**
     * One env's numbers.
     *
     * @param env the env id
     * @param random the random policy's scores over seeds, if measured
     * @param variants one entry per variant of the grid, in grid order
     * @param ranking the variants with a score, best first
     */
    public record EnvSummary(String env, Optional<Spread> random, List<VariantSummary> variants, List<Rank> ranking) {
        /** The entry of a variant. */
        public VariantSummary variant(String name) {
            return variants.stream().filter(v -> v.variant().equals(name)).findFirst().orElseThrow();
        }

        /** Whether any run on this env has finished an episode. */
        public boolean hasResults() {
            return variants.stream().anyMatch(v -> v.seeds() > 0);
        }
    }

    /**
     * One variant's numbers on one env.
     *
     * @param variant the variant's name
     * @param seeds its runs on the env that have a score
     * @param acrossSeeds statistics of the final scores, unless there are none
     * @param withinRuns statistics of the learning curves, unless none has two points
     * @param finalPolicies statistics of the final policies' evaluations
     * @param curve the learning curve's mean and band over seeds, unless there are no runs
     * @param trainingSeconds collection plus update time summed over its runs on the env
     */
    public record VariantSummary(String variant, int seeds, Optional<AcrossSeeds> acrossSeeds, Optional<WithinRuns> withinRuns,
            FinalPolicies finalPolicies, Optional<Curve> curve, double trainingSeconds) {}

    /**
     * A variant's place in an env's ranking by the interquartile mean of its final scores.
     *
     * @param variant the variant's name
     * @param position 1 for the highest IQM; variants of equal IQM keep grid order
     * @param separation how its IQM interval stands to the one ranked just above
     */
    public record Rank(String variant, int position, Separation separation) {}

    /** How a variant's IQM bootstrap interval stands to that of the variant ranked just above it. */
    public enum Separation {
        /** It is ranked first: nothing above. */
        FIRST,
        /** The intervals do not overlap: the lower rank is clear. */
        CLEAR,
        /** The intervals overlap: these seeds do not separate the two. */
        OVERLAPS,
        /** One of the two has a single seed, whose interval says nothing. */
        UNKNOWN
    }

    /**
     * Final scores over seeds.
     *
     * @param spread mean and standard deviation
     * @param median the median
     * @param iqr the interquartile range
     * @param cvar the mean of the worst {@link #ALPHA} share
     * @param iqm the interquartile mean
     * @param iqmInterval the IQM's bootstrap confidence interval
     */
    public record AcrossSeeds(Spread spread, double median, double iqr, double cvar, double iqm, Statistics.Interval iqmInterval) {}

    /**
     * Learning-curve statistics, each computed per run and then over seeds.
     *
     * @param curveIqr the curve's IQR, mean over seeds
     * @param firstDifferenceCvar the CVaR of the curve's first differences, mean over seeds
     * @param maxDrawdown the curve's maximum drawdown, mean over seeds
     * @param maxDrawdownCvar the CVaR (largest share) of the maximum drawdowns over seeds
     */
    public record WithinRuns(double curveIqr, double firstDifferenceCvar, double maxDrawdown, double maxDrawdownCvar) {}

    /**
     * Evaluation statistics, each computed per run over its episodes and then averaged over runs
     * (NaN when no run was evaluated).
     *
     * @param evaluatedRuns runs with an evaluation
     * @param mean the mean return
     * @param iqr the IQR over episodes
     * @param cvar the CVaR over episodes
     */
    public record FinalPolicies(int evaluatedRuns, double mean, double iqr, double cvar) {}

    /**
     * A learning curve over seeds: NaN where a run had no finished episode yet, or had not
     * trained that far.
     *
     * @param steps {@value #CURVE_POINTS} evenly spaced steps up to the most steps a run of the
     *     variant has trained on the env (before any has logged an update: the steps it trains in full)
     * @param mean the mean over seeds
     * @param low the lower end of the bootstrap band
     * @param high the upper end of the bootstrap band
     */
    public record Curve(double[] steps, double[] mean, double[] low, double[] high) {}

    /**
     * The steps a run trains: the grid's nominal steps rounded down to whole batches, the batch
     * size depending on the variant and the env's preset.
     *
     * @param asked the grid's steps per run
     * @param fewest the fewest a run of the grid trains in full
     * @param most the most a run of the grid trains in full
     */
    public record StepsPerRun(long asked, long fewest, long most) {
        /** The steps the runs of a grid directory's grid train in full. */
        public static StepsPerRun of(GridDirectory directory) {
            Grid grid = directory.grid();
            LongSummaryStatistics budgets = grid.variants().stream()
                    .flatMapToLong(v -> grid.envs().stream().mapToLong(env -> directory.stepBudget(v, env))).summaryStatistics();
            return new StepsPerRun(grid.steps(), budgets.getMin(), budgets.getMax());
        }

        /** The steps a run trains, and the grid's nominal steps where they differ, e.g. "768 (the grid's 1,000, ...)". */
        public String describe() {
            String trained = fewest == most ? String.format(Locale.ROOT, "%,d", most)
                    : String.format(Locale.ROOT, "%,d to %,d by variant and env", fewest, most);
            return fewest == asked && most == asked ? trained
                    : trained + String.format(Locale.ROOT, " (the grid's %,d, rounded down to whole batches)", asked);
        }
    }

    /**
     * One run's row of {@code results.csv}; its evaluation statistics are NaN if it was not evaluated.
     *
     * @param run the run
     * @param evaluationMean the mean evaluation return
     * @param evaluationIqr the IQR of the evaluation returns
     * @param evaluationCvar the CVaR of the evaluation returns
     */
    public record RunRow(RunResult run, double evaluationMean, double evaluationIqr, double evaluationCvar) {}

    /**
     * The compute spent.
     *
     * @param steps environment steps over every run
     * @param runs runs with results
     * @param trainingSeconds collection plus update time summed over runs
     * @param wallSeconds wall-clock time of the invocations that ran tasks (0 if none was recorded)
     * @param executor how the runs were executed
     * @param byVariant the same per variant with runs, in grid order
     */
    public record Compute(long steps, int runs, double trainingSeconds, double wallSeconds, String executor,
            List<VariantCompute> byVariant) {}

    /**
     * One variant's share of the compute.
     *
     * @param variant the variant's name
     * @param runs its runs with results
     * @param steps environment steps over those runs
     * @param trainingSeconds collection plus update time summed over those runs
     */
    public record VariantCompute(String variant, int runs, long steps, double trainingSeconds) {}

    /** The PPO paper's normalised score: computed, waiting for runs, or undefined. */
    public sealed interface Normalisation {}

    /** Not computed yet: no env has a run of every variant and the random baseline. */
    public record Pending() implements Normalisation {}

    /**
     * Not computed: the grid's scores do not define it.
     *
     * @param reason why
     */
    public record Undefined(String reason) implements Normalisation {}

    /**
     * Computed on the envs that have a run of every variant and the random baseline.
     *
     * @param score the normalised scores
     * @param envs per included env its reference points, in grid order
     * @param leftOut the envs left out
     */
    public record Computed(NormalizedScore score, List<EnvReference> envs, List<String> leftOut) implements Normalisation {}

    /**
     * An env's reference points of the normalised score: random scores 0, the best variant 1.
     *
     * @param env the env id
     * @param randomScore the random policy's mean score over seeds
     * @param bestVariant the variant with the highest mean score over seeds
     * @param bestScore that mean score
     */
    public record EnvReference(String env, double randomScore, String bestVariant, double bestScore) {}

    /** The normalised scores, if computed. */
    public Optional<NormalizedScore> normalisedScore() {
        return normalisation instanceof Computed computed ? Optional.of(computed.score()) : Optional.empty();
    }

    /** Whether a variant has a run with a score on any env. */
    public boolean hasResults(String variant) {
        return envs.stream().anyMatch(env -> env.variant(variant).seeds() > 0);
    }

    /** The summary of a grid's runs. */
    public static GridSummary of(Inputs in) {
        GridDirectory directory = in.directory();
        Grid grid = directory.grid();
        Map<String, Map<String, List<RunResult>>> byEnvAndVariant = scoredRunsByEnvAndVariant(grid, in.runs());
        List<EnvSummary> envs = new ArrayList<>();
        byEnvAndVariant.forEach((env, variants) -> envs.add(envSummary(env, variants, in.randomScores().get(env),
                variant -> directory.stepBudget(grid.variant(variant), env))));
        int trainedInFull = (int) in.runs().stream()
                .filter(r -> r.stepsDone() >= in.directory().stepBudget(grid.variant(r.variant()), r.env())).count();
        Compute compute = new Compute(in.runs().stream().mapToLong(RunResult::stepsDone).sum(), in.runs().size(),
                in.runs().stream().mapToDouble(RunResult::trainingSeconds).sum(), in.wallSeconds(), in.executor(),
                computeByVariant(grid, in.runs()));
        return new GridSummary(grid, ZonedDateTime.now(), SourceRevision.get(), in.runs().size(), trainedInFull,
                List.copyOf(in.failures()), normalisation(grid, byEnvAndVariant, in.randomScores()), List.copyOf(envs),
                in.runs().stream().map(GridSummary::runRow).toList(),
                StepsPerRun.of(directory), compute, in.invocation(),
                in.directory().trainArguments(grid.variants().get(0), grid.envs().get(0), 1));
    }

    /** Env → variant → the runs with a score, by seed; every env and variant of the grid, in grid order. */
    private static Map<String, Map<String, List<RunResult>>> scoredRunsByEnvAndVariant(Grid grid, List<RunResult> runs) {
        Map<String, Map<String, List<RunResult>>> byEnvAndVariant = new LinkedHashMap<>();
        for (String env : grid.envs()) {
            Map<String, List<RunResult>> variants = new LinkedHashMap<>();
            for (Variant variant : grid.variants()) {
                variants.put(variant.name(), runs.stream()
                        .filter(r -> r.env().equals(env) && r.variant().equals(variant.name()) && !Double.isNaN(r.score()))
                        .sorted(Comparator.comparingLong(RunResult::seed)).toList());
            }
            byEnvAndVariant.put(env, variants);
        }
        return byEnvAndVariant;
    }

    /** One env's summary; {@code stepBudget} gives the steps a run of a variant trains in full there. */
    private static EnvSummary envSummary(String env, Map<String, List<RunResult>> variants, double[] randomScores,
            ToLongFunction<String> stepBudget) {
        List<VariantSummary> summaries = new ArrayList<>();
        variants.forEach((name, runs) -> {
            double[] scores = scores(runs);
            long trained = runs.stream().mapToLong(RunResult::stepsDone).max().orElse(0);
            double[] curveSteps = curveSteps(trained > 0 ? trained : stepBudget.applyAsLong(name));
            List<double[]> curves = runs.stream().map(r -> r.curve(curveSteps)).toList();
            List<double[]> evaluations = runs.stream().map(RunResult::evaluationReturns).filter(e -> e != null && e.length > 0).toList();
            summaries.add(new VariantSummary(name, runs.size(), acrossSeeds(scores), withinRuns(curves),
                    finalPolicies(evaluations), curve(curveSteps, curves), runs.stream().mapToDouble(RunResult::trainingSeconds).sum()));
        });
        return new EnvSummary(env, Spread.of(randomScores), List.copyOf(summaries), ranking(summaries));
    }

    /** The variants with a score, by IQM from the highest; equal IQMs keep grid order. */
    private static List<Rank> ranking(List<VariantSummary> variants) {
        List<VariantSummary> ranked = variants.stream().filter(v -> v.acrossSeeds().isPresent())
                .sorted(Comparator.comparingDouble((VariantSummary v) -> v.acrossSeeds().orElseThrow().iqm()).reversed()).toList();
        List<Rank> ranks = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            ranks.add(new Rank(ranked.get(i).variant(), i + 1, i == 0 ? Separation.FIRST
                    : separation(ranked.get(i - 1).acrossSeeds().orElseThrow(), ranked.get(i).acrossSeeds().orElseThrow())));
        }
        return List.copyOf(ranks);
    }

    private static Separation separation(AcrossSeeds above, AcrossSeeds below) {
        if (above.spread().count() < 2 || below.spread().count() < 2) {
            return Separation.UNKNOWN;
        }
        return below.iqmInterval().high() < above.iqmInterval().low() ? Separation.CLEAR : Separation.OVERLAPS;
    }

    private static List<VariantCompute> computeByVariant(Grid grid, List<RunResult> runs) {
        List<VariantCompute> byVariant = new ArrayList<>();
        for (Variant variant : grid.variants()) {
            List<RunResult> own = runs.stream().filter(r -> r.variant().equals(variant.name())).toList();
            if (!own.isEmpty()) {
                byVariant.add(new VariantCompute(variant.name(), own.size(), own.stream().mapToLong(RunResult::stepsDone).sum(),
                        own.stream().mapToDouble(RunResult::trainingSeconds).sum()));
            }
        }
        return List.copyOf(byVariant);
    }

    private static Optional<AcrossSeeds> acrossSeeds(double[] s) {
        if (s.length == 0) {
            return Optional.empty();
        }
        Statistics.Interval ci = Statistics.bootstrapInterval(s, Statistics::interquartileMean, Statistics.DEFAULT_CONFIDENCE,
                Statistics.DEFAULT_RESAMPLES, 1);
        return Optional.of(new AcrossSeeds(Spread.of(s).orElseThrow(), Statistics.median(s), Statistics.iqr(s),
                Statistics.cvarLower(s, ALPHA), Statistics.interquartileMean(s), ci));
    }

    private static Optional<WithinRuns> withinRuns(List<double[]> runCurves) {
        List<double[]> curves = runCurves.stream().map(GridSummary::finite).filter(c -> c.length >= 2).toList();
        if (curves.isEmpty()) {
            return Optional.empty();
        }
        double[] drawdowns = curves.stream().mapToDouble(Statistics::maxDrawdown).toArray();
        return Optional.of(new WithinRuns(meanOver(curves, Statistics::iqr),
                meanOver(curves, c -> Statistics.cvarLower(Statistics.firstDifferences(c), ALPHA)), Statistics.mean(drawdowns),
                Statistics.cvarUpper(drawdowns, ALPHA)));
    }

    private static FinalPolicies finalPolicies(List<double[]> evaluations) {
        return new FinalPolicies(evaluations.size(), meanOver(evaluations, Statistics::mean), meanOver(evaluations, Statistics::iqr),
                meanOver(evaluations, e -> Statistics.cvarLower(e, ALPHA)));
    }

    /** {@value #CURVE_POINTS} evenly spaced steps, the last at {@code steps}. */
    private static double[] curveSteps(long steps) {
        double[] curveSteps = new double[CURVE_POINTS];
        for (int k = 0; k < CURVE_POINTS; k++) {
            curveSteps[k] = (double) steps * (k + 1) / CURVE_POINTS;
        }
        return curveSteps;
    }

    /** The mean over seeds and its bootstrap band at each point; NaN at points where a run has no value yet. */
    private static Optional<Curve> curve(double[] steps, List<double[]> curves) {
        if (curves.isEmpty()) {
            return Optional.empty();
        }
        double[] mean = new double[CURVE_POINTS];
        double[] low = new double[CURVE_POINTS];
        double[] high = new double[CURVE_POINTS];
        for (int k = 0; k < CURVE_POINTS; k++) {
            final int point = k;
            double[] values = curves.stream().mapToDouble(c -> c[point]).filter(v -> !Double.isNaN(v)).toArray();
            if (values.length < curves.size()) {
                mean[k] = low[k] = high[k] = Double.NaN;
                continue;
            }
            mean[k] = Statistics.mean(values);
            Statistics.Interval ci = Statistics.bootstrapInterval(values, Statistics::mean, Statistics.DEFAULT_CONFIDENCE,
                    BAND_RESAMPLES, k);
            low[k] = ci.low();
            high[k] = ci.high();
        }
        return Optional.of(new Curve(steps, mean, low, high));
    }

    private static Normalisation normalisation(Grid grid, Map<String, Map<String, List<RunResult>>> byEnvAndVariant,
            Map<String, double[]> randomScores) {
        Map<String, Map<String, double[]>> scores = new LinkedHashMap<>();
        Map<String, Double> random = new LinkedHashMap<>();
        List<String> leftOut = new ArrayList<>();
        for (String env : grid.envs()) {
            Map<String, double[]> variants = new LinkedHashMap<>();
            byEnvAndVariant.get(env).forEach((v, runs) -> variants.put(v, scores(runs)));
            double[] envRandomScores = randomScores.get(env);
            if (envRandomScores == null || variants.values().stream().anyMatch(s -> s.length == 0)) {
                leftOut.add(env);
                continue;
            }
            scores.put(env, variants);
            random.put(env, Statistics.mean(envRandomScores));
        }
        if (scores.isEmpty()) {
            return new Pending();
        }
        NormalizedScore score;
        try {
            score = NormalizedScore.compute(scores, random);
        } catch (IllegalArgumentException e) {
            return new Undefined(e.getMessage());
        }
        List<EnvReference> references = new ArrayList<>();
        scores.forEach((env, variants) -> {
            String best = variants.entrySet().stream().max(Comparator.comparingDouble(e -> Statistics.mean(e.getValue())))
                    .orElseThrow().getKey();
            references.add(new EnvReference(env, random.get(env), best, Statistics.mean(variants.get(best))));
        });
        return new Computed(score, List.copyOf(references), List.copyOf(leftOut));
    }

    private static RunRow runRow(RunResult run) {
        double[] e = run.evaluationReturns();
        return e == null ? new RunRow(run, Double.NaN, Double.NaN, Double.NaN)
                : new RunRow(run, Statistics.mean(e), Statistics.iqr(e), Statistics.cvarLower(e, ALPHA));
    }

    private static double[] scores(List<RunResult> runs) {
        return runs.stream().mapToDouble(RunResult::score).toArray();
    }

    private static double meanOver(List<double[]> samples, ToDoubleFunction<double[]> statistic) {
        return samples.stream().mapToDouble(statistic).average().orElse(Double.NaN);
    }

    private static double[] finite(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    }
}
