package dev.ppo4j.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GridSummary} on made-up runs, whose statistics are known by construction, and the
 * report {@link GridReport} renders from it.
 */
class GridSummaryTest {
    private static final String ENV = "java:CartPole-v1";
    private static final long STEPS = 4096;

    @TempDir
    Path temp;

    private GridDirectory directory(String... variants) {
        return directory(STEPS, variants);
    }

    private GridDirectory directory(long steps, String... variants) {
        return GridDirectory.prepare(temp, new Grid("made-up", "", List.of(ENV), 2, steps, null, 3, null, variants(variants)));
    }

    private static List<Variant> variants(String... names) {
        return java.util.Arrays.stream(names).map(v -> new Variant(v, "variant " + v, Map.of())).toList();
    }

    private String writeReport(GridDirectory directory, List<RunResult> runs, Map<String, double[]> random) throws IOException {
        GridReport.write(directory, summary(directory, runs, random));
        return Files.readString(temp.resolve("report.md"), StandardCharsets.UTF_8);
    }

    /** A run whose every episode returned {@code score}, evaluated with {@code evaluation} (or not, if null). */
    private static RunResult run(String variant, long seed, double score, double[] evaluation) {
        return run(variant, ENV, seed, score, STEPS, evaluation);
    }

    /** A run on {@code env} that trained {@code steps} steps, an episode of return {@code score} every 1,024. */
    private static RunResult run(String variant, String env, long seed, double score, long steps, double[] evaluation) {
        double[] episodeSteps = java.util.stream.LongStream.rangeClosed(1, steps / 1024).mapToDouble(k -> k * 1024.0).toArray();
        double[] returns = java.util.Arrays.stream(episodeSteps).map(x -> score).toArray();
        return new RunResult(variant, env, seed, episodeSteps, returns, 1.5, steps, evaluation);
    }

    private static GridSummary summary(GridDirectory directory, List<RunResult> runs, Map<String, double[]> random) {
        return GridSummary.of(new GridSummary.Inputs(directory, runs, random, List.of(), "./ppo4j compare --grid made-up",
                "1 parallel run on this machine", 12.0));
    }

    @Test
    void normalisesEachEnvBetweenTheRandomPolicyAndTheBestVariant() {
        GridDirectory directory = directory("a", "b");
        List<RunResult> runs = List.of(run("a", 1, 110, null), run("a", 2, 110, null), run("b", 1, 50, null), run("b", 2, 70, null));

        GridSummary summary = summary(directory, runs, Map.of(ENV, new double[] {10, 10}));

        GridSummary.Computed normalisation = assertInstanceOf(GridSummary.Computed.class, summary.normalisation());
        assertEquals(1.0, normalisation.score().byVariant().get("a"), 1e-12);
        assertEquals(0.5, normalisation.score().byVariant().get("b"), 1e-12);
        assertEquals(List.of(new GridSummary.EnvReference(ENV, 10, "a", 110)), normalisation.envs());
        assertEquals(List.of(), normalisation.leftOut());
        GridSummary.VariantSummary b = summary.envs().get(0).variant("b");
        assertEquals(2, b.seeds());
        assertEquals(new GridSummary.Spread(60, 10, 2), b.acrossSeeds().orElseThrow().spread());
        assertEquals(4, summary.runsTrainedInFull());
        assertEquals(new GridSummary.Compute(4 * STEPS, 4, 6.0, 12.0, "1 parallel run on this machine",
                List.of(new GridSummary.VariantCompute("a", 2, 2 * STEPS, 3.0), new GridSummary.VariantCompute("b", 2, 2 * STEPS, 3.0))),
                summary.compute());
    }

    @Test
    void normalisationWaitsForTheRandomPolicyAndIsUndefinedWhenNoVariantBeatsIt() {
        GridDirectory directory = directory("a");
        List<RunResult> runs = List.of(run("a", 1, 5, null));

        assertInstanceOf(GridSummary.Pending.class, summary(directory, runs, Map.of()).normalisation());
        GridSummary.Undefined undefined = assertInstanceOf(GridSummary.Undefined.class,
                summary(directory, runs, Map.of(ENV, new double[] {20})).normalisation());
        assertTrue(undefined.reason().contains("at or below the random policy"), undefined.reason());
    }

    @Test
    void variantsWithoutRunsHaveNoStatisticsAndUnevaluatedRunsNoEvaluation() {
        GridDirectory directory = directory("a", "b");
        GridSummary summary = summary(directory, List.of(run("a", 1, 30, new double[] {1, 2, 3, 4})), Map.of());

        GridSummary.EnvSummary env = summary.envs().get(0);
        assertTrue(env.hasResults());
        assertTrue(env.random().isEmpty());
        GridSummary.VariantSummary b = env.variant("b");
        assertEquals(0, b.seeds());
        assertTrue(b.acrossSeeds().isEmpty() && b.withinRuns().isEmpty() && b.curve().isEmpty());
        assertEquals(0, b.finalPolicies().evaluatedRuns());
        GridSummary.FinalPolicies a = env.variant("a").finalPolicies();
        assertEquals(1, a.evaluatedRuns());
        assertEquals(2.5, a.mean(), 1e-12);
    }

    @Test
    void curvesAndTheReportUseTheStepsTrainedNotTheGridsNominalSteps() throws IOException {
        // The cartpole preset trains whole batches of 256 steps: 4,200 asked, 4,096 trained.
        GridDirectory directory = directory(4200, "a");
        RunResult stopped = new RunResult("a", ENV, 2, new double[] {1024, 2048}, new double[] {20, 20}, 1.0, 2048, null);
        List<RunResult> runs = List.of(run("a", 1, 40, null), stopped);

        GridSummary summary = summary(directory, runs, Map.of());

        GridSummary.Curve curve = summary.envs().get(0).variant("a").curve().orElseThrow();
        double[] steps = curve.steps();
        assertEquals(4096, steps[steps.length - 1], "the curve's steps run to the grid's nominal steps");
        for (int k = 0; k < steps.length; k++) {
            // Both seeds' first episodes end at 1,024 steps. Seed 2 stopped at 2,048: past that the mean over
            // seeds is unknown, not seed 2's last value held flat.
            assertEquals(steps[k] < 1024 || steps[k] > 2048, Double.isNaN(curve.mean()[k]), "at step " + steps[k]);
        }
        GridReport.write(directory, summary);
        String report = Files.readString(temp.resolve("report.md"), StandardCharsets.UTF_8);
        assertEquals(new GridSummary.StepsPerRun(4200, 4096, 4096), GridSummary.StepsPerRun.of(directory));
        assertTrue(report.contains("steps per run: 4,096 (the grid's 4,200, rounded down to whole batches)"), report);
        assertTrue(report.contains("- runs with results: 2 of 2 (1 trained to the full budget)"), report);
    }

    @Test
    void reportRendersTheSummary() throws IOException {
        GridDirectory directory = directory("a", "b");
        List<RunResult> runs = List.of(run("a", 1, 110, new double[] {100, 120}), run("a", 2, 110, null),
                run("b", 1, 50, null), run("b", 2, 70, null));

        GridReport.write(directory, summary(directory, runs, Map.of(ENV, new double[] {10, 10})));

        String report = Files.readString(temp.resolve("report.md"), StandardCharsets.UTF_8);
        for (String line : List.of("| a | variant a | 1.00 | 110.0 ± 0.0 |", "| b | variant b | 0.50 | 60.0 ± 10.0 |",
                "| random policy | uniform actions | 0.00 | 10.0 ± 0.0 |", "| java:CartPole-v1 | 10.0 | a | 110.0 |",
                "| b | 2 | 60.0 ± 10.0 | 60.0 | 10.0 | 50.0 |", "| a | 1 | 110.0 |", "| b | 0 | — | — | — |",
                "- runs with results: 4 of 4 (4 trained to the full budget)", "./ppo4j compare --grid made-up")) {
            assertTrue(report.contains(line), "report.md lacks '" + line + "':\n" + report);
        }
        List<String> csv = Files.readAllLines(temp.resolve("results.csv"));
        assertEquals("a,java:CartPole-v1,1,110.0,4096,1.5,110.0,10.0,100.0", csv.get(1));
        assertEquals("a,java:CartPole-v1,2,110.0,4096,1.5,,,", csv.get(2));
        assertTrue(Files.isRegularFile(directory.curvePlot(ENV)));
        assertFalse(report.contains("Runs that failed"));
    }

    @Test
    void withOneSeedTheReportShowsNoSpreadAndSaysWhy() throws IOException {
        GridDirectory directory = GridDirectory.prepare(temp, new Grid("made-up", "", List.of(ENV), 1, STEPS, null, 0, null,
                variants("a")));

        String report = writeReport(directory, List.of(run("a", 1, 85.9, null)), Map.of(ENV, new double[] {20}));

        for (String line : List.of("- seeds: 1 (one seed", "| a | variant a | 1.00 | 85.9 ± — |",
                "| random policy | uniform actions | 0.00 | 20.0 ± — |", "| a | 1 | 85.9 ± — | 85.9 | — | 85.9 | 85.9 [—] |",
                "× 1 seed)", "population standard deviation")) {
            assertTrue(report.contains(line), "report.md lacks '" + line + "':\n" + report);
        }
        assertFalse(report.contains("± 0.0") || report.contains("[85.9, 85.9]") || report.contains("1 seeds"), report);
    }

    @Test
    void aTable1GridOnFewerTasksThanThePaperSaysSoBesideThePapersScore() throws IOException {
        List<String> envs = List.of("InvertedPendulum-v5", "Reacher-v5");
        GridDirectory directory = GridDirectory.prepare(temp, new Grid("paper-table1", "", envs, 1, 2048, "mujoco", 0,
                Grid.Reference.PAPER_TABLE1, variants("none", "clip-0.2")));
        List<RunResult> runs = new java.util.ArrayList<>();
        for (String env : envs) {
            runs.add(new RunResult("none", env, 1, new double[] {2048}, new double[] {5}, 1.0, 2048, null));
            runs.add(new RunResult("clip-0.2", env, 1, new double[] {2048}, new double[] {9}, 1.0, 2048, null));
        }

        String report = writeReport(directory, runs, Map.of(envs.get(0), new double[] {1}, envs.get(1), new double[] {1}));

        assertTrue(report.contains("| normalised score (2 tasks) | paper (*reference*, 7 tasks) |"), report);
        assertTrue(report.contains("This grid covers 2 of the paper's 7 tasks and 2 of its 11 settings"), report);
    }

    private static final List<String> MUJOCO7 = List.of("HalfCheetah-v5", "Hopper-v5", "InvertedDoublePendulum-v5",
            "InvertedPendulum-v5", "Reacher-v5", "Swimmer-v5", "Walker2d-v5");
    private static final List<String> FIGURE3_ALGORITHMS = List.of("ppo-clip", "trpo", "vpg-adaptive", "a2c", "a2c-trust-region",
            "cem");

    private GridDirectory figure3Directory(List<String> envs, String... variants) {
        return GridDirectory.prepare(temp, new Grid("paper-figure3", "", envs, 3, STEPS, null, 0, Grid.Reference.PAPER_FIGURE3,
                variants(variants)));
    }

    /** Runs of one variant on one env with the given seeds' scores, trained in full. */
    private static List<RunResult> runs(String variant, String env, double... scores) {
        return java.util.stream.IntStream.range(0, scores.length).mapToObj(i -> run(variant, env, i + 1, scores[i], STEPS, null))
                .toList();
    }

    @Test
    void aFigure3GridRanksEachTasksAlgorithmsBesideThePapersReadingsAndDrawsEveryTaskInOneFigure() throws IOException {
        GridDirectory directory = figure3Directory(MUJOCO7, FIGURE3_ALGORITHMS.toArray(String[]::new));
        List<RunResult> runs = new java.util.ArrayList<>();
        for (String env : MUJOCO7) {
            runs.addAll(runs("ppo-clip", env, 2000, 2100, 2200));
            runs.addAll(runs("trpo", env, env.equals("Swimmer-v5") ? new double[] {2300, 2400, 2500} : new double[] {500, 600, 700}));
        }
        runs.addAll(runs("a2c", "Hopper-v5", 1000, 3000));
        // vpg-adaptive on Reacher stopped half way on every seed: its curve ends there.
        runs.add(run("vpg-adaptive", "Reacher-v5", 1, -50, STEPS / 2, null));

        GridSummary summary = summary(directory, runs, Map.of());
        String report = writeReport(directory, runs, Map.of());

        GridSummary.EnvSummary hopper = summary.envs().get(1);
        assertEquals(List.of(new GridSummary.Rank("ppo-clip", 1, GridSummary.Separation.FIRST),
                new GridSummary.Rank("a2c", 2, GridSummary.Separation.OVERLAPS),
                new GridSummary.Rank("trpo", 3, GridSummary.Separation.CLEAR)), hopper.ranking());
        double[] vpgSteps = summary.envs().get(4).variant("vpg-adaptive").curve().orElseThrow().steps();
        assertEquals(STEPS / 2, vpgSteps[vpgSteps.length - 1], "the curve runs to the steps trained, not the budget");
        for (String line : List.of("## Figure 3\n\n![Figure 3: every task's learning curves](figure3.png)",
                "| task | rank | algorithm | seeds | score (mean ± std) | IQM [95% CI] | CVaR | vs. the rank above"
                        + " | paper, Fig. 3 (*reference*) | training time per run |",
                "| Hopper-v5 | 1 | ppo-clip | 3 | 2100.0 ± 81.6 | 2100.0 [2000.0, 2200.0] | 2000.0 | — | ≈ 2330 | 0:00:02 |",
                "|  | 2 | a2c | 2 of 3 | 2000.0 ± 1000.0 | 2000.0 [1000.0, 3000.0] | 1000.0 | overlaps | ≈ 900 |",
                "|  | 3 | trpo | 3 | 600.0 ± 81.6 | 600.0 [500.0, 700.0] | 500.0 | clear | ≈ 2100 |",
                "| Swimmer-v5 | 1 | trpo | 3 |", "| ≈ 121 |", "|  | 2 | ppo-clip | 3 |", "| ≈ 108 |",
                "| Reacher-v5 | 1 | ppo-clip | 3 |", "| ≈ −7 |", "| ≈ −115 |",
                "|  | 3 | vpg-adaptive | 1 of 3 | -50.0 ± — | -50.0 [—] | -50.0 | — (one seed) | — |",
                "| InvertedPendulum-v5 | 1 | ppo-clip | 3 | 2100.0 ± 81.6 | 2100.0 [2000.0, 2200.0] | 2000.0 | — | — |",
                "Partial: On Hopper-v5, a2c has 2 of 3 seeds so far. On Reacher-v5, vpg-adaptive has 1 of 3 seeds so far.",
                "*Reference:* PPO paper (Schulman et al. 2017, arXiv:1707.06347), Figure 3",
                "| variant | runs | environment steps |", "| ppo-clip | 21 | 86,016 | 0:00:32 | 0:00:02 | 2,731 |")) {
            assertTrue(report.contains(line), "report.md lacks '" + line + "':\n" + report);
        }
        assertFalse(report.contains("| cem |") || report.contains("| a2c-trust-region |"), "variants without runs appear:\n" + report);

        BufferedImage figure = ImageIO.read(directory.figure3Plot().toFile());
        assertEquals(4 * FigurePanels.PANEL_WIDTH, figure.getWidth(), "seven panels are four columns");
        // Two rows of panels and one row of legend: four variants have curves, eight fit in a row.
        assertEquals(2 * FigurePanels.PANEL_HEIGHT + 2 * FigurePanels.LEGEND_MARGIN + FigurePanels.LEGEND_ROW_HEIGHT, figure.getHeight());
        String html = Files.readString(temp.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("<img src=\"data:image/png;base64,") && html.contains("alt=\"Figure 3: every task's learning curves\""),
                "report.html lacks the figure");
    }

    @Test
    void aOneTaskFigureIsOnePanelAndItsVariantsKeepTheirGridColours() throws IOException {
        GridDirectory directory = figure3Directory(List.of("Hopper-v5"), "ppo-clip", "trpo", "a2c");
        List<RunResult> runs = new java.util.ArrayList<>(runs("trpo", "Hopper-v5", 500, 700));
        runs.addAll(runs("a2c", "Hopper-v5", 900));

        writeReport(directory, runs, Map.of());

        BufferedImage figure = ImageIO.read(directory.figure3Plot().toFile());
        assertEquals(FigurePanels.PANEL_WIDTH, figure.getWidth());
        // Two legend entries fit in one panel's width.
        assertEquals(FigurePanels.PANEL_HEIGHT + 2 * FigurePanels.LEGEND_MARGIN + FigurePanels.LEGEND_ROW_HEIGHT, figure.getHeight());
        assertEquals(0, pixelsOf(figure, CurveBandPlot.PALETTE.get(0)), "ppo-clip has no run, but its colour is drawn");
        assertTrue(pixelsOf(figure, CurveBandPlot.PALETTE.get(1)) > 0, "trpo is not drawn in the grid's second colour");
        assertTrue(pixelsOf(figure, CurveBandPlot.PALETTE.get(2)) > 0, "a2c is not drawn in the grid's third colour");
    }

    private static int pixelsOf(BufferedImage image, java.awt.Color colour) {
        int count = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                count += (image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        return count;
    }
}
