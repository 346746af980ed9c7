package dev.ppo4j.compare;

import dev.ppo4j.metrics.TrainingProgress;
import dev.ppo4j.train.PolicyEvaluator;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes a grid's {@code report.md}, {@code report.html}, {@code results.csv} and learning-curve
 * PNGs from its {@link GridSummary}: the paper-layout table next to the published numbers, per-env
 * statistics over seeds, within runs and over evaluation episodes, the compute spent, and the
 * commands that reproduce it. A grid that reproduces the paper's Figure 3 also gets
 * {@code figure3.png}, every env's panel side by side, and a per-task table of final scores, ranks
 * and the paper's readings. Only formatting happens here; every number comes from the summary.
 */
public final class GridReport {
    private final GridDirectory directory;
    private final GridSummary summary;
    private final Grid grid;
    private final StringBuilder md = new StringBuilder();

    private GridReport(GridDirectory directory, GridSummary summary) {
        this.directory = directory;
        this.summary = summary;
        this.grid = summary.grid();
    }

    /**
     * Writes the report files into the grid directory.
     *
     * @return the path of {@code report.html}
     */
    public static Path write(GridDirectory directory, GridSummary summary) {
        GridReport report = new GridReport(directory, summary);
        Path root = directory.root();
        GridDirectory.writeAtomically(root.resolve("results.csv"), resultsCsv(summary));
        for (GridSummary.EnvSummary env : summary.envs()) {
            // The env's section shows the plot as soon as any run there has a score.
            if (env.hasResults()) {
                CurveBandPlot.write(directory.curvePlot(env.env()),
                        env.env() + ": mean return of the last 100 episodes, mean over seeds, 95% CI", "episodic return", bands(env, true));
            }
        }
        if (report.isFigure3()) {
            FigurePanels.write(directory.figure3Plot(), summary.envs().stream()
                    .map(env -> new FigurePanels.Panel(report.panelTitle(env), bands(env, false))).toList(),
                    report.grid.variants().stream().map(Variant::name).toList());
        }
        String markdown = report.markdown();
        GridDirectory.writeAtomically(root.resolve("report.md"), markdown);
        Path html = root.resolve("report.html");
        GridDirectory.writeAtomically(html, HtmlReport.render("ppo4j compare: " + report.grid.name(), markdown, root));
        return html;
    }

    private static String resultsCsv(GridSummary summary) {
        StringBuilder sb = new StringBuilder("variant,env,seed,score,steps,training_seconds,evaluation_mean,evaluation_iqr,evaluation_cvar\n");
        for (GridSummary.RunRow row : summary.runs()) {
            RunResult r = row.run();
            sb.append(String.join(",", r.variant(), r.env(), String.valueOf(r.seed()), num(r.score()), String.valueOf(r.stepsDone()),
                    num(r.trainingSeconds()), num(row.evaluationMean()), num(row.evaluationIqr()), num(row.evaluationCvar())))
                    .append('\n');
        }
        return sb.toString();
    }

    /**
     * One band per variant of the grid, in grid order, so that a variant has the same colour on every
     * env: empty for a variant without runs there. Labels name the variant, and its seeds if asked.
     */
    private static List<CurveBandPlot.Band> bands(GridSummary.EnvSummary env, boolean withSeeds) {
        List<CurveBandPlot.Band> bands = new ArrayList<>();
        for (GridSummary.VariantSummary variant : env.variants()) {
            String label = variant.variant() + (withSeeds ? " (" + seeds(variant.seeds()) + ")" : "");
            double[] none = {};
            bands.add(variant.curve().map(c -> new CurveBandPlot.Band(label, c.steps(), c.mean(), c.low(), c.high()))
                    .orElseGet(() -> new CurveBandPlot.Band(label, none, none, none, none)));
        }
        return bands;
    }

    /** An env's entries of the variants with results on any env: the others have not run yet, or not this far. */
    private List<GridSummary.VariantSummary> variantsWithResults(GridSummary.EnvSummary env) {
        return env.variants().stream().filter(v -> summary.hasResults(v.variant())).toList();
    }

    /** An env's panel title: its id, and a warning where some variant has fewer seeds than the grid (the table says which). */
    private String panelTitle(GridSummary.EnvSummary env) {
        boolean partial = env.variants().stream().anyMatch(v -> v.seeds() > 0 && v.seeds() < grid.seeds());
        return env.env() + (partial ? " (some seeds missing)" : "");
    }

    private boolean isFigure3() {
        return grid.reference() == Grid.Reference.PAPER_FIGURE3;
    }

    private String markdown() {
        header();
        if (isFigure3()) {
            figure3Section();
        }
        normalisedScore();
        scoreTable();
        publishedReturns();
        for (GridSummary.EnvSummary env : summary.envs()) {
            envSection(env);
        }
        computeSection();
        reproduceSection();
        definitions();
        return md.toString();
    }

    private void header() {
        md.append("# ppo4j compare: ").append(grid.name()).append("\n\n");
        if (!grid.description().isEmpty()) {
            md.append(grid.description()).append("\n\n");
        }
        md.append("- envs: ").append(String.join(", ", grid.envs())).append('\n');
        md.append("- variants: ").append(String.join(", ", grid.variants().stream().map(Variant::name).toList()));
        List<String> absent = grid.variants().stream().map(Variant::name).filter(v -> !summary.hasResults(v)).toList();
        if (!absent.isEmpty()) {
            md.append(" (no results yet, so left out below: ").append(String.join(", ", absent)).append(')');
        }
        md.append('\n');
        md.append("- seeds: ").append(grid.seeds() == 1 ? "1 (one seed: no spread over seeds to show)" : "1–" + grid.seeds())
                .append("; steps per run: ").append(summary.stepsPerRun().describe())
                .append("; preset: ").append(grid.preset() == null ? "chosen per env" : grid.preset()).append('\n');
        md.append("- runs with results: ").append(summary.runsWithResults()).append(" of ").append(grid.runCount())
                .append(" (").append(summary.runsTrainedInFull()).append(" trained to the full budget)\n");
        md.append("- generated ").append(summary.generated().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT)))
                .append(" by ppo4j, source revision ").append(summary.sourceRevision()).append("\n\n");
        md.append("A run's **score** is the mean return of its last ").append(RunResult.SCORED_EPISODES)
                .append(" training episodes, as in the PPO paper. Numbers marked *reference* are published results,"
                        + " not produced by this grid.\n\n");
        if (!summary.failures().isEmpty()) {
            md.append("**Runs that failed** (their logs say why; rerun the grid command to retry them):\n\n");
            summary.failures().forEach(f -> md.append("- ").append(f).append('\n'));
            md.append('\n');
        }
    }

    private void normalisedScore() {
        md.append("## Normalised score\n\n");
        GridSummary.Normalisation normalisation = summary.normalisation();
        if (normalisation instanceof GridSummary.Pending) {
            md.append("Not computed yet: every env needs at least one finished run of every variant and the random baseline.\n\n");
        } else if (normalisation instanceof GridSummary.Undefined undefined) {
            md.append("Not computed: ").append(undefined.reason()).append("\n\n");
        } else if (normalisation instanceof GridSummary.Computed computed) {
            int envs = computed.envs().size();
            md.append("The PPO paper's average normalised score: per env, the random policy scores 0 and the variant with the highest"
                    + " mean score over seeds scores 1; each run is shifted and scaled accordingly, and a variant's score is the mean"
                    + " over its runs on ").append(envs).append(" env").append(envs == 1 ? "" : "s").append(" × seeds.");
            if (!computed.leftOut().isEmpty()) {
                md.append(" Left out until every variant has a run there: ").append(String.join(", ", computed.leftOut())).append('.');
            }
            md.append("\n\n| env | random policy (").append(RandomBaseline.EPISODES).append(" episodes × ")
                    .append(seeds(grid.seeds())).append(") | best variant | its mean score |\n|---|---:|---|---:|\n");
            for (GridSummary.EnvReference env : computed.envs()) {
                md.append("| ").append(env.env()).append(" | ").append(num1(env.randomScore())).append(" | ").append(env.bestVariant())
                        .append(" | ").append(num1(env.bestScore())).append(" |\n");
            }
            md.append('\n');
        }
    }

    private void scoreTable() {
        Optional<NormalizedScore> normalized = summary.normalisedScore();
        boolean table1 = grid.reference() == Grid.Reference.PAPER_TABLE1;
        md.append(table1 ? "## Table 1: surrogate objectives\n\n" : "## Scores\n\n");
        md.append("Score per env: mean ± std over seeds, ± being the population standard deviation (dividing by the number of"
                + " seeds).").append(anySingleSeed() ? " With one seed there is no spread over seeds: — stands in for it." : "")
                .append("\n\n| variant | setting |");
        if (normalized.isPresent()) {
            md.append(" normalised score").append(table1 ? " (" + tasks(normalisedEnvs()) + ")" : "").append(" |");
        }
        if (table1) {
            md.append(" paper (*reference*, ").append(tasks(PublishedResults.table1Tasks().size())).append(") |");
        }
        grid.envs().forEach(env -> md.append(' ').append(env).append(" |"));
        md.append("\n|---|---|");
        md.append(normalized.isPresent() ? "---:|" : "").append(table1 ? "---:|" : "").append("---:|".repeat(grid.envs().size())).append('\n');
        for (Variant variant : grid.variants().stream().filter(v -> summary.hasResults(v.name())).toList()) {
            md.append("| ").append(variant.name()).append(" | ").append(variant.description()).append(" |");
            normalized.ifPresent(n -> md.append(' ').append(num2(n.byVariant().getOrDefault(variant.name(), Double.NaN))).append(" |"));
            if (table1) {
                md.append(' ').append(PublishedResults.table1(variant.name()).map(GridReport::num2).orElse("—")).append(" |");
            }
            for (GridSummary.EnvSummary env : summary.envs()) {
                md.append(' ').append(meanStd(env.variant(variant.name()).acrossSeeds().map(GridSummary.AcrossSeeds::spread)))
                        .append(" |");
            }
            md.append('\n');
        }
        md.append("| random policy | uniform actions |").append(normalized.isPresent() ? " 0.00 |" : "").append(table1 ? " 0.00 |" : "");
        summary.envs().forEach(env -> md.append(' ').append(meanStd(env.random())).append(" |"));
        md.append("\n\n");
        if (table1) {
            md.append("*Reference:* ").append(PublishedResults.source("table1")).append(", ")
                    .append(PublishedResults.table1Tasks().size()).append(" MuJoCo v1 envs × 3 seeds, 1M steps. This grid uses the"
                            + " Gymnasium v5 envs.").append(table1Coverage()).append("\n\n");
        }
    }

    /** How much of the paper's Table 1 the grid covers, when it covers less: its normalised score then means less. */
    private String table1Coverage() {
        List<String> paperTasks = PublishedResults.table1Tasks();
        List<String> paperSettings = PublishedResults.table1Settings();
        long tasks = grid.envs().stream().filter(PublishedResults::isTable1Task).count();
        long settings = grid.variants().stream().map(Variant::name).filter(paperSettings::contains).count();
        List<String> consequences = new ArrayList<>();
        if (tasks < paperTasks.size()) {
            consequences.add("its normalised score averages over fewer tasks");
        }
        if (settings < paperSettings.size()) {
            consequences.add("each task's best, which scores 1, is the best of fewer settings");
        }
        if (consequences.isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, " This grid covers %d of the paper's %d tasks and %d of its %d settings: %s, so its"
                + " scores are not directly comparable with the paper's.", tasks, paperTasks.size(), settings, paperSettings.size(),
                String.join(", and ", consequences));
    }

    /** The envs the normalised score averages over (0 when it is not computed). */
    private int normalisedEnvs() {
        return summary.normalisation() instanceof GridSummary.Computed computed ? computed.envs().size() : 0;
    }

    /** Whether any score or random-policy cell stands for a single seed. */
    private boolean anySingleSeed() {
        return summary.envs().stream().anyMatch(env -> env.random().map(r -> r.count() == 1).orElse(false)
                || env.variants().stream().anyMatch(v -> v.seeds() == 1));
    }

    private void publishedReturns() {
        if (grid.reference() != Grid.Reference.PAPER_FIGURE3 && grid.envs().stream().noneMatch(e -> PublishedResults.cleanRl(e).isPresent())) {
            return;
        }
        md.append("Published returns at 1M steps for the same tasks (*reference*; older env versions):\n\n"
                + "| env | PPO paper, Figure 3 | CleanRL |\n|---|---:|---:|\n");
        for (String env : grid.envs()) {
            md.append("| ").append(env).append(" | ").append(PublishedResults.figure3(env).orElse("—")).append(" | ")
                    .append(PublishedResults.cleanRl(env).orElse("—")).append(" |\n");
        }
        md.append("\n*Sources:* ").append(PublishedResults.source("figure3")).append("; ")
                .append(PublishedResults.source("cleanrl")).append(".\n\n");
    }

    private void figure3Section() {
        md.append("## Figure 3\n\n![Figure 3: every task's learning curves](").append(directory.figure3Plot().getFileName())
                .append(")\n\nThe paper's Figure 3 for this grid (`figure3.png`): per task, each algorithm's learning curve, the mean"
                        + " over seeds with its 95% bootstrap band, up to the steps its runs have trained.\n\n");
        md.append("**Final scores and ranking per task**: ranked by the interquartile mean (IQM) of the final scores; *vs. the rank"
                + " above* says whether the two IQM intervals are clear of each other; *paper* is the paper's Figure 3 read off the"
                + " plot at 1M steps (*reference*, MuJoCo v1 envs; — where it gives no reading); training time is collection plus"
                + " updates per run, mean over seeds.\n\n| task | rank | algorithm | seeds | score (mean ± std) | IQM [95% CI] | CVaR"
                + " | vs. the rank above | paper, Fig. 3 (*reference*) | training time per run |\n"
                + "|---|---:|---|---:|---:|---:|---:|---|---:|---:|\n");
        List<String> notes = new ArrayList<>();
        for (GridSummary.EnvSummary env : summary.envs()) {
            if (env.ranking().isEmpty()) {
                notes.add(env.env() + " has no run with a finished episode yet.");
            }
            for (GridSummary.Rank rank : env.ranking()) {
                GridSummary.VariantSummary variant = env.variant(rank.variant());
                md.append("| ").append(rank.position() == 1 ? env.env() : "").append(" | ").append(rank.position()).append(" | ")
                        .append(variant.variant()).append(" | ").append(figure3Cells(env.env(), variant, rank)).append(" |\n");
                if (variant.seeds() < grid.seeds()) {
                    notes.add(String.format(Locale.ROOT, "On %s, %s has %d of %d seeds so far.", env.env(), variant.variant(),
                            variant.seeds(), grid.seeds()));
                }
            }
        }
        md.append('\n');
        if (!notes.isEmpty()) {
            md.append("Partial: ").append(String.join(" ", notes)).append("\n\n");
        }
        md.append("*Reference:* ").append(PublishedResults.source("figure3")).append(".\n\n");
    }

    /** The cells of a variant's row in the Figure 3 table after its name. */
    private String figure3Cells(String env, GridSummary.VariantSummary variant, GridSummary.Rank rank) {
        GridSummary.AcrossSeeds s = variant.acrossSeeds().orElseThrow();
        String seeds = variant.seeds() < grid.seeds() ? variant.seeds() + " of " + grid.seeds() : String.valueOf(variant.seeds());
        String separation = switch (rank.separation()) {
            case FIRST -> "—";
            case CLEAR -> "clear";
            case OVERLAPS -> "overlaps";
            case UNKNOWN -> "— (one seed)";
        };
        return String.join(" | ", seeds, meanStd(Optional.of(s.spread())), iqmCell(s), num1(s.cvar()), separation,
                PublishedResults.figure3(variant.variant(), env).map(PublishedResults::approximately).orElse("—"),
                TrainingProgress.formatDuration(variant.trainingSeconds() / variant.seeds()));
    }

    private void envSection(GridSummary.EnvSummary env) {
        md.append("## ").append(env.env()).append("\n\n");
        if (!env.hasResults()) {
            md.append("No run on this env has finished an episode yet.\n\n");
            return;
        }
        md.append("![").append(env.env()).append(" learning curves](curves/").append(directory.curvePlot(env.env()).getFileName())
                .append(")\n\n");
        acrossSeedsTable(env);
        withinRunsTable(env);
        if (grid.evalEpisodes() > 0) {
            finalPoliciesTable(env);
        }
        md.append('\n');
    }

    private void acrossSeedsTable(GridSummary.EnvSummary env) {
        md.append("**Across seeds** (final scores):\n\n| variant | seeds | mean ± std | median | IQR | CVaR"
                + " | IQM [95% CI] |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (GridSummary.VariantSummary variant : variantsWithResults(env)) {
            md.append("| ").append(variant.variant()).append(" | ");
            md.append(variant.acrossSeeds().map(GridReport::acrossSeedsCells).orElse("0 | — | — | — | — | —")).append(" |\n");
        }
    }

    /** The cells of a variant's across-seeds row after its name. */
    private static String acrossSeedsCells(GridSummary.AcrossSeeds s) {
        // One seed has no spread: an IQR of 0 and an interval [x, x] would say the opposite.
        boolean spread = s.spread().count() > 1;
        return String.join(" | ", String.valueOf(s.spread().count()), meanStd(Optional.of(s.spread())), num1(s.median()),
                spread ? num1(s.iqr()) : "—", num1(s.cvar()), iqmCell(s));
    }

    /** The IQM and its interval, "[—]" for one seed, whose interval [x, x] would claim a certainty it lacks. */
    private static String iqmCell(GridSummary.AcrossSeeds s) {
        return num1(s.iqm()) + " " + (s.spread().count() > 1
                ? "[" + num1(s.iqmInterval().low()) + ", " + num1(s.iqmInterval().high()) + "]" : "[—]");
    }

    private void withinRunsTable(GridSummary.EnvSummary env) {
        md.append("\n**Within runs** (on each run's learning curve, then over seeds):\n\n| variant | curve IQR (mean over seeds)"
                + " | CVaR of first differences (mean over seeds) | max drawdown (mean over seeds) | CVaR of max drawdown |\n"
                + "|---|---:|---:|---:|---:|\n");
        for (GridSummary.VariantSummary variant : variantsWithResults(env)) {
            md.append("| ").append(variant.variant()).append(" | ");
            variant.withinRuns().ifPresentOrElse(w -> md.append(num1(w.curveIqr())).append(" | ").append(num1(w.firstDifferenceCvar()))
                    .append(" | ").append(num1(w.maxDrawdown())).append(" | ").append(num1(w.maxDrawdownCvar())).append(" |\n"),
                    () -> md.append("— | — | — | — |\n"));
        }
    }

    private void finalPoliciesTable(GridSummary.EnvSummary env) {
        md.append("\n**Final policies** (").append(grid.evalEpisodes()).append(" evaluation episodes each, deterministic action,"
                + " seeds ").append(PolicyEvaluator.DEFAULT_SEED).append("…; statistics per run, then mean over seeds):\n\n"
                + "| variant | evaluated runs | mean return | IQR over episodes | CVaR over episodes |\n|---|---:|---:|---:|---:|\n");
        for (GridSummary.VariantSummary variant : variantsWithResults(env)) {
            GridSummary.FinalPolicies f = variant.finalPolicies();
            md.append("| ").append(variant.variant()).append(" | ").append(f.evaluatedRuns()).append(" | ").append(num1(f.mean()))
                    .append(" | ").append(num1(f.iqr())).append(" | ").append(num1(f.cvar())).append(" |\n");
        }
    }

    private void computeSection() {
        GridSummary.Compute compute = summary.compute();
        md.append("## Compute\n\n");
        md.append(String.format(Locale.ROOT, "- %,d environment steps in %d runs; training time (collection plus updates, summed"
                + " over runs, including earlier sessions of resumed runs) %s (h:mm:ss)%n", compute.steps(), compute.runs(),
                TrainingProgress.formatDuration(compute.trainingSeconds())));
        md.append(String.format(Locale.ROOT, "- wall-clock time of the compare invocations that ran them: %s; executor: %s%n%n",
                compute.wallSeconds() > 0 ? TrainingProgress.formatDuration(compute.wallSeconds()) + " (h:mm:ss)" : "not recorded",
                compute.executor()));
        if (compute.byVariant().isEmpty()) {
            return;
        }
        md.append("| variant | runs | environment steps | training time (h:mm:ss) | per run | steps per second of training |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (GridSummary.VariantCompute variant : compute.byVariant()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %,d | %s | %s | %s |%n", variant.variant(), variant.runs(), variant.steps(),
                    TrainingProgress.formatDuration(variant.trainingSeconds()),
                    TrainingProgress.formatDuration(variant.trainingSeconds() / variant.runs()),
                    variant.trainingSeconds() > 0 ? String.format(Locale.ROOT, "%,.0f", variant.steps() / variant.trainingSeconds()) : "—"));
        }
        md.append('\n');
    }

    private void reproduceSection() {
        md.append("## Reproduce\n\nThe whole grid (finished runs in the output directory are reused, interrupted ones resume):\n\n```\n")
                .append(summary.invocation()).append("\n```\n\nOne run, e.g. the first:\n\n```\n./ppo4j ");
        md.append(String.join(" ", summary.firstRunArguments())).append("\n```\n\n"
                + "Every run's directory holds its resolved `config.properties`, `metrics.csv`, `episodes.csv`, TensorBoard events and"
                + " `policy.onnx`; the grid as run is in `grid.grid`, per-run numbers in `results.csv`.\n\n");
    }

    private void definitions() {
        md.append("## Definitions\n\n")
                .append("- **±**: the population standard deviation over seeds (dividing by their number, numpy's default), not"
                        + " the standard error; — where there is one seed.\n")
                .append("- **IQR**: 75th minus 25th percentile (linear interpolation, as numpy). **CVaR**: the mean of the worst ")
                .append((int) (GridSummary.ALPHA * 100)).append("% of outcomes (at least one), lowest returns or largest drawdowns.\n")
                .append("- **IQM**: the interquartile mean (the mean after dropping ⌊n/4⌋ values at each end; with fewer than 4 seeds"
                        + " the plain mean), with a ").append((int) (Statistics.DEFAULT_CONFIDENCE * 100))
                .append("% percentile-bootstrap interval over seeds (").append(String.format(Locale.ROOT, "%,d", Statistics.DEFAULT_RESAMPLES))
                .append(" resamples).\n")
                .append("- **Learning curve**: at ").append(GridSummary.CURVE_POINTS).append(" evenly spaced steps up to the steps a run"
                        + " trains in full, the mean return of the last ")
                .append(RunResult.SCORED_EPISODES).append(" episodes ended by then; plotted as the mean over seeds, up to the step"
                        + " every seed has trained to, with a ")
                .append((int) (Statistics.DEFAULT_CONFIDENCE * 100)).append("% bootstrap band. Within-run statistics use the same curve:"
                        + " its IQR (dispersion over time), the CVaR of its first differences (short-term drops) and its maximum"
                        + " drawdown (the largest fall from a running peak; CVaR over seeds for long-term risk).\n");
    }

    private static String meanStd(Optional<GridSummary.Spread> spread) {
        return spread.map(s -> num1(s.mean()) + " ± " + (s.count() > 1 ? num1(s.std()) : "—")).orElse("—");
    }

    private static String seeds(int count) {
        return count + (count == 1 ? " seed" : " seeds");
    }

    private static String tasks(int count) {
        return count + (count == 1 ? " task" : " tasks");
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
