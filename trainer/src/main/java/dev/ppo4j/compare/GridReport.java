package dev.ppo4j.compare;

import dev.ppo4j.metrics.TrainingProgress;
import dev.ppo4j.ppo.SourceRevision;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Writes a grid's {@code report.md}, {@code report.html}, {@code results.csv} and learning-curve
 * PNGs from its runs: the paper-layout table next to the published numbers, per-env statistics
 * over seeds, within runs and over evaluation episodes, the compute spent, and the commands
 * that reproduce it.
 */
public final class GridReport {
    /** Points of the common step grid the learning curves are compared on. */
    static final int CURVE_POINTS = 100;
    /** Resamples for the curve bands: a band per point per variant, so fewer than for the table. */
    private static final int BAND_RESAMPLES = 2_000;
    private static final double ALPHA = Statistics.DEFAULT_CVAR_ALPHA;

    /**
     * Everything the report is made from.
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

    private final Inputs in;
    private final Grid grid;
    private final double[] curveSteps;
    private final Map<String, Map<String, List<RunResult>>> byEnvAndVariant = new LinkedHashMap<>();

    private GridReport(Inputs in) {
        this.in = in;
        this.grid = in.directory().grid();
        curveSteps = new double[CURVE_POINTS];
        for (int k = 0; k < CURVE_POINTS; k++) {
            curveSteps[k] = (double) grid.steps() * (k + 1) / CURVE_POINTS;
        }
        for (String env : grid.envs()) {
            Map<String, List<RunResult>> variants = new LinkedHashMap<>();
            for (Variant variant : grid.variants()) {
                variants.put(variant.name(), in.runs().stream()
                        .filter(r -> r.env().equals(env) && r.variant().equals(variant.name()) && !Double.isNaN(r.score()))
                        .sorted(java.util.Comparator.comparingLong(RunResult::seed)).toList());
            }
            byEnvAndVariant.put(env, variants);
        }
    }

    /**
     * Writes the report files into the grid directory.
     *
     * @return the path of {@code report.html}
     */
    public static Path write(Inputs in) {
        GridReport report = new GridReport(in);
        Path root = in.directory().root();
        GridDirectory.writeAtomically(root.resolve("results.csv"), report.resultsCsv());
        for (String env : report.grid.envs()) {
            report.writeCurves(env);
        }
        String markdown = report.markdown();
        GridDirectory.writeAtomically(root.resolve("report.md"), markdown);
        Path html = root.resolve("report.html");
        GridDirectory.writeAtomically(html, HtmlReport.render("ppo4j compare: " + report.grid.name(), markdown));
        return html;
    }

    private String resultsCsv() {
        StringBuilder sb = new StringBuilder("variant,env,seed,score,steps,training_seconds,evaluation_mean,evaluation_iqr,evaluation_cvar\n");
        for (RunResult r : in.runs()) {
            double[] e = r.evaluationReturns();
            sb.append(String.join(",", r.variant(), r.env(), String.valueOf(r.seed()), num(r.score()), String.valueOf(r.stepsDone()),
                    num(r.trainingSeconds()), e == null ? "" : num(Statistics.mean(e)), e == null ? "" : num(Statistics.iqr(e)),
                    e == null ? "" : num(Statistics.cvarLower(e, ALPHA)))).append('\n');
        }
        return sb.toString();
    }

    private void writeCurves(String env) {
        List<CurveBandPlot.Band> bands = new ArrayList<>();
        for (Variant variant : grid.variants()) {
            List<RunResult> runs = byEnvAndVariant.get(env).get(variant.name());
            if (runs.isEmpty()) {
                continue;
            }
            double[] mean = new double[CURVE_POINTS];
            double[] low = new double[CURVE_POINTS];
            double[] high = new double[CURVE_POINTS];
            double[][] curves = runs.stream().map(r -> r.curve(curveSteps)).toArray(double[][]::new);
            for (int k = 0; k < CURVE_POINTS; k++) {
                final int point = k;
                double[] values = Arrays.stream(curves).mapToDouble(c -> c[point]).filter(v -> !Double.isNaN(v)).toArray();
                if (values.length < curves.length) {
                    mean[k] = low[k] = high[k] = Double.NaN;
                    continue;
                }
                mean[k] = Statistics.mean(values);
                Statistics.Interval ci = Statistics.bootstrapInterval(values, Statistics::mean, Statistics.DEFAULT_CONFIDENCE,
                        BAND_RESAMPLES, k);
                low[k] = ci.low();
                high[k] = ci.high();
            }
            bands.add(new CurveBandPlot.Band(variant.name() + " (" + runs.size() + " seeds)", curveSteps, mean, low, high));
        }
        if (!bands.isEmpty()) {
            CurveBandPlot.write(in.directory().curvePlot(env), env + ": mean return of the last 100 episodes, mean over seeds, 95% CI",
                    "episodic return", bands);
        }
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        int finished = (int) in.runs().stream().filter(r -> r.stepsDone() >= in.directory().stepBudget(variant(r), r.env())).count();
        md.append("# ppo4j compare: ").append(grid.name()).append("\n\n");
        if (!grid.description().isEmpty()) {
            md.append(grid.description()).append("\n\n");
        }
        md.append("- envs: ").append(String.join(", ", grid.envs())).append('\n');
        md.append("- variants: ").append(String.join(", ", grid.variants().stream().map(Variant::name).toList())).append('\n');
        md.append("- seeds: 1–").append(grid.seeds()).append("; steps per run: ").append(String.format(Locale.ROOT, "%,d", grid.steps()))
                .append("; preset: ").append(grid.preset() == null ? "chosen per env" : grid.preset()).append('\n');
        md.append("- runs with results: ").append(in.runs().size()).append(" of ").append(grid.runCount())
                .append(" (").append(finished).append(" trained to the full budget)\n");
        md.append("- generated ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT)))
                .append(" by ppo4j, source revision ").append(SourceRevision.get()).append("\n\n");
        md.append("A run's **score** is the mean return of its last ").append(RunResult.SCORED_EPISODES)
                .append(" training episodes, as in the PPO paper. Numbers marked *reference* are published results,"
                        + " not produced by this grid.\n\n");
        if (!in.failures().isEmpty()) {
            md.append("**Runs that failed** (their logs say why; rerun the grid command to retry them):\n\n");
            in.failures().forEach(f -> md.append("- ").append(f).append('\n'));
            md.append('\n');
        }
        Optional<NormalizedScore> normalized = normalizedScore(md);
        scoreTable(md, normalized);
        for (String env : grid.envs()) {
            envSection(md, env);
        }
        computeSection(md);
        reproduceSection(md);
        definitions(md);
        return md.toString();
    }

    private Optional<NormalizedScore> normalizedScore(StringBuilder md) {
        Map<String, Map<String, double[]>> scores = new LinkedHashMap<>();
        Map<String, Double> random = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (String env : grid.envs()) {
            Map<String, double[]> variants = new LinkedHashMap<>();
            byEnvAndVariant.get(env).forEach((v, runs) -> variants.put(v, runs.stream().mapToDouble(RunResult::score).toArray()));
            double[] randomScores = in.randomScores().get(env);
            if (randomScores == null || variants.values().stream().anyMatch(s -> s.length == 0)) {
                skipped.add(env);
                continue;
            }
            scores.put(env, variants);
            random.put(env, Statistics.mean(randomScores));
        }
        md.append("## Normalised score\n\n");
        if (scores.isEmpty()) {
            md.append("Not computed yet: every env needs at least one finished run of every variant and the random baseline.\n\n");
            return Optional.empty();
        }
        NormalizedScore result;
        try {
            result = NormalizedScore.compute(scores, random);
        } catch (IllegalArgumentException e) {
            md.append("Not computed: ").append(e.getMessage()).append("\n\n");
            return Optional.empty();
        }
        md.append("The PPO paper's average normalised score: per env, the random policy scores 0 and the variant with the highest"
                + " mean score over seeds scores 1; each run is shifted and scaled accordingly, and a variant's score is the mean"
                + " over its runs on ").append(scores.size()).append(" env").append(scores.size() == 1 ? "" : "s")
                .append(" × seeds.");
        if (!skipped.isEmpty()) {
            md.append(" Left out until every variant has a run there: ").append(String.join(", ", skipped)).append('.');
        }
        md.append("\n\n| env | random policy (").append(RandomBaseline.EPISODES).append(" episodes × ")
                .append(grid.seeds()).append(" seeds) | best variant | its mean score |\n|---|---:|---|---:|\n");
        for (String env : scores.keySet()) {
            Map<String, double[]> variants = scores.get(env);
            String best = variants.entrySet().stream().max(java.util.Comparator.comparingDouble(e -> Statistics.mean(e.getValue())))
                    .orElseThrow().getKey();
            md.append("| ").append(env).append(" | ").append(num1(random.get(env))).append(" | ").append(best).append(" | ")
                    .append(num1(Statistics.mean(variants.get(best)))).append(" |\n");
        }
        md.append('\n');
        return Optional.of(result);
    }

    private void scoreTable(StringBuilder md, Optional<NormalizedScore> normalized) {
        boolean table1 = grid.reference() == Grid.Reference.PAPER_TABLE1;
        md.append(table1 ? "## Table 1: surrogate objectives\n\n" : "## Scores\n\n");
        md.append("Score per env: mean ± std over seeds.\n\n| variant | setting |");
        if (normalized.isPresent()) {
            md.append(" normalised score |");
        }
        if (table1) {
            md.append(" paper (*reference*) |");
        }
        grid.envs().forEach(env -> md.append(' ').append(env).append(" |"));
        md.append("\n|---|---|");
        md.append(normalized.isPresent() ? "---:|" : "").append(table1 ? "---:|" : "").append("---:|".repeat(grid.envs().size())).append('\n');
        for (Variant variant : grid.variants()) {
            md.append("| ").append(variant.name()).append(" | ").append(variant.description()).append(" |");
            normalized.ifPresent(n -> md.append(' ').append(num2(n.byVariant().getOrDefault(variant.name(), Double.NaN))).append(" |"));
            if (table1) {
                md.append(' ').append(PublishedResults.table1(variant.name()).map(GridReport::num2).orElse("—")).append(" |");
            }
            for (String env : grid.envs()) {
                md.append(' ').append(meanStd(scores(env, variant.name()))).append(" |");
            }
            md.append('\n');
        }
        md.append("| random policy | uniform actions |").append(normalized.isPresent() ? " 0.00 |" : "").append(table1 ? " 0.00 |" : "");
        for (String env : grid.envs()) {
            double[] random = in.randomScores().get(env);
            md.append(' ').append(random == null ? "—" : meanStd(random)).append(" |");
        }
        md.append("\n\n");
        if (table1) {
            md.append("*Reference:* ").append(PublishedResults.source("table1"))
                    .append(", 7 MuJoCo v1 envs × 3 seeds, 1M steps. This grid uses the Gymnasium v5 envs.\n\n");
        }
        if (grid.reference() == Grid.Reference.PAPER_FIGURE3 || grid.envs().stream().anyMatch(e -> PublishedResults.cleanRl(e).isPresent())) {
            md.append("Published returns at 1M steps for the same tasks (*reference*; older env versions):\n\n"
                    + "| env | PPO paper, Figure 3 | CleanRL |\n|---|---:|---:|\n");
            for (String env : grid.envs()) {
                md.append("| ").append(env).append(" | ").append(PublishedResults.figure3(env).orElse("—")).append(" | ")
                        .append(PublishedResults.cleanRl(env).orElse("—")).append(" |\n");
            }
            md.append("\n*Sources:* ").append(PublishedResults.source("figure3")).append("; ")
                    .append(PublishedResults.source("cleanrl")).append(".\n\n");
        }
    }

    private void envSection(StringBuilder md, String env) {
        md.append("## ").append(env).append("\n\n");
        Map<String, List<RunResult>> variants = byEnvAndVariant.get(env);
        if (variants.values().stream().allMatch(List::isEmpty)) {
            md.append("No run on this env has finished an episode yet.\n\n");
            return;
        }
        md.append("![").append(env).append(" learning curves](curves/").append(in.directory().curvePlot(env).getFileName())
                .append(")\n\n");
        md.append("**Across seeds** (final scores):\n\n| variant | seeds | mean ± std | median | IQR | CVaR"
                + " | IQM [95% CI] |\n|---|---:|---:|---:|---:|---:|---:|\n");
        variants.forEach((name, runs) -> {
            double[] s = runs.stream().mapToDouble(RunResult::score).toArray();
            if (s.length == 0) {
                md.append("| ").append(name).append(" | 0 | — | — | — | — | — |\n");
                return;
            }
            Statistics.Interval ci = Statistics.bootstrapInterval(s, Statistics::interquartileMean, Statistics.DEFAULT_CONFIDENCE,
                    Statistics.DEFAULT_RESAMPLES, 1);
            md.append("| ").append(name).append(" | ").append(s.length).append(" | ").append(meanStd(s)).append(" | ")
                    .append(num1(Statistics.median(s))).append(" | ").append(num1(Statistics.iqr(s))).append(" | ")
                    .append(num1(Statistics.cvarLower(s, ALPHA))).append(" | ").append(num1(Statistics.interquartileMean(s)))
                    .append(" [").append(num1(ci.low())).append(", ").append(num1(ci.high())).append("] |\n");
        });
        md.append("\n**Within runs** (on each run's learning curve, then over seeds):\n\n| variant | curve IQR (mean over seeds)"
                + " | CVaR of first differences (mean over seeds) | max drawdown (mean over seeds) | CVaR of max drawdown |\n"
                + "|---|---:|---:|---:|---:|\n");
        variants.forEach((name, runs) -> {
            List<double[]> curves = runs.stream().map(r -> finite(r.curve(curveSteps))).filter(c -> c.length >= 2).toList();
            if (curves.isEmpty()) {
                md.append("| ").append(name).append(" | — | — | — | — |\n");
                return;
            }
            double[] drawdowns = curves.stream().mapToDouble(Statistics::maxDrawdown).toArray();
            md.append("| ").append(name).append(" | ").append(num1(meanOver(curves, Statistics::iqr))).append(" | ")
                    .append(num1(meanOver(curves, c -> Statistics.cvarLower(Statistics.firstDifferences(c), ALPHA)))).append(" | ")
                    .append(num1(Statistics.mean(drawdowns))).append(" | ").append(num1(Statistics.cvarUpper(drawdowns, ALPHA)))
                    .append(" |\n");
        });
        if (grid.evalEpisodes() > 0) {
            md.append("\n**Final policies** (").append(grid.evalEpisodes()).append(" evaluation episodes each, deterministic action,"
                    + " seeds ").append(dev.ppo4j.ppo.PolicyEvaluator.DEFAULT_SEED).append("…; statistics per run, then mean over seeds):\n\n"
                    + "| variant | evaluated runs | mean return | IQR over episodes | CVaR over episodes |\n|---|---:|---:|---:|---:|\n");
            variants.forEach((name, runs) -> {
                List<double[]> evals = runs.stream().map(RunResult::evaluationReturns).filter(e -> e != null && e.length > 0).toList();
                md.append("| ").append(name).append(" | ").append(evals.size()).append(" | ");
                if (evals.isEmpty()) {
                    md.append("— | — | — |\n");
                } else {
                    md.append(num1(meanOver(evals, Statistics::mean))).append(" | ").append(num1(meanOver(evals, Statistics::iqr)))
                            .append(" | ").append(num1(meanOver(evals, e -> Statistics.cvarLower(e, ALPHA)))).append(" |\n");
                }
            });
        }
        md.append('\n');
    }

    private void computeSection(StringBuilder md) {
        long steps = in.runs().stream().mapToLong(RunResult::stepsDone).sum();
        double seconds = in.runs().stream().mapToDouble(RunResult::trainingSeconds).sum();
        md.append("## Compute\n\n");
        md.append(String.format(Locale.ROOT, "- %,d environment steps in %d runs; training time (collection plus updates, summed"
                + " over runs, including earlier sessions of resumed runs) %s (h:mm:ss)%n", steps, in.runs().size(),
                TrainingProgress.formatDuration(seconds)));
        md.append(String.format(Locale.ROOT, "- wall-clock time of the compare invocations that ran them: %s; executor: %s%n%n",
                in.wallSeconds() > 0 ? TrainingProgress.formatDuration(in.wallSeconds()) + " (h:mm:ss)" : "not recorded",
                in.executor()));
    }

    private void reproduceSection(StringBuilder md) {
        md.append("## Reproduce\n\nThe whole grid (finished runs in the output directory are reused, interrupted ones resume):\n\n```\n")
                .append(in.invocation()).append("\n```\n\nOne run, e.g. the first:\n\n```\n./ppo4j ");
        Variant first = grid.variants().get(0);
        md.append(String.join(" ", in.directory().trainArguments(first, grid.envs().get(0), 1))).append("\n```\n\n"
                + "Every run's directory holds its resolved `config.properties`, `metrics.csv`, `episodes.csv`, TensorBoard events and"
                + " `policy.onnx`; the grid as run is in `grid.grid`, per-run numbers in `results.csv`.\n\n");
    }

    private void definitions(StringBuilder md) {
        md.append("## Definitions\n\n")
                .append("- **IQR**: 75th minus 25th percentile (linear interpolation, as numpy). **CVaR**: the mean of the worst ")
                .append((int) (ALPHA * 100)).append("% of outcomes (at least one), lowest returns or largest drawdowns.\n")
                .append("- **IQM**: the interquartile mean (the mean after dropping ⌊n/4⌋ values at each end; with fewer than 4 seeds"
                        + " the plain mean), with a ").append((int) (Statistics.DEFAULT_CONFIDENCE * 100))
                .append("% percentile-bootstrap interval over seeds (").append(String.format(Locale.ROOT, "%,d", Statistics.DEFAULT_RESAMPLES))
                .append(" resamples).\n")
                .append("- **Learning curve**: at ").append(CURVE_POINTS).append(" evenly spaced steps, the mean return of the last ")
                .append(RunResult.SCORED_EPISODES).append(" episodes ended by then; plotted as the mean over seeds with a ")
                .append((int) (Statistics.DEFAULT_CONFIDENCE * 100)).append("% bootstrap band. Within-run statistics use the same curve:"
                        + " its IQR (dispersion over time), the CVaR of its first differences (short-term drops) and its maximum"
                        + " drawdown (the largest fall from a running peak; CVaR over seeds for long-term risk).\n");
    }

    private Variant variant(RunResult run) {
        return grid.variants().stream().filter(v -> v.name().equals(run.variant())).findFirst().orElseThrow();
    }

    private double[] scores(String env, String variant) {
        return byEnvAndVariant.get(env).get(variant).stream().mapToDouble(RunResult::score).toArray();
    }

    private static double meanOver(List<double[]> samples, ToDoubleFunction<double[]> statistic) {
        return samples.stream().mapToDouble(statistic).average().orElse(Double.NaN);
    }

    private static double[] finite(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    }

    private static String meanStd(double[] values) {
        if (values.length == 0) {
            return "—";
        }
        return num1(Statistics.mean(values)) + " ± " + num1(Statistics.std(values));
    }

    private static String num(double value) {
        return Double.isNaN(value) ? "" : String.valueOf(value);
    }

    private static String num1(double value) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String num2(double value) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.2f", value);
    }
}
