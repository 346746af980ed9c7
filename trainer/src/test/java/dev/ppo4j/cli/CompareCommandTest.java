package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ppo4j compare} end to end on a reduced {@code paper-table1} grid: 2 MuJoCo envs × 2
 * seeds × 4 objectives × 100k steps, real trainer processes and Python workers, then the report;
 * and a second invocation that reuses every finished run. And a reduced {@code paper-figure3}
 * grid, every algorithm on the same 2 envs × 2 seeds for two batches: its figure and table.
 */
class CompareCommandTest {
    private static final List<String> VARIANTS = List.of("none", "clip-0.2", "kl-adaptive-0.01", "kl-fixed-1");
    private static final List<String> ENVS = List.of("InvertedPendulum-v5", "Reacher-v5");
    /** The paper-figure3 variants the reduced Figure 3 grid runs: every algorithm of the grid file. */
    private static final List<String> FIGURE3_VARIANTS = List.of("ppo-clip", "trpo", "vpg-adaptive", "a2c", "a2c-trust-region", "cem");

    @TempDir
    Path temp;

    private record Outcome(int exitCode, String stdout, String stderr) {}

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Outcome(exitCode, out.toString(), err.toString());
    }

    @Test
    void reducedPaperTable1GridRunsEndToEndAndIsReusedOnTheSecondInvocation() throws IOException {
        Path grid = temp.resolve("table1");
        String[] command = {"compare", "--grid", "paper-table1", "--envs", String.join(",", ENVS), "--seeds", "2",
            "--variants", String.join(",", VARIANTS), "--steps", "100000", "--eval-episodes", "3", "--parallel", "2",
            "--out", grid.toString()};

        Outcome first = run(command);
        assertEquals(0, first.exitCode(), () -> first.stderr() + failedRunLogs(grid));

        List<String> rows = Files.readAllLines(grid.resolve("results.csv"));
        assertEquals(1 + ENVS.size() * 2 * VARIANTS.size(), rows.size(), "one results.csv row per run: " + rows);
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",", -1);
            assertEquals("98304", cells[4], "every run trained its whole budget (48 whole batches of 2048 steps): " + row);
            assertFalse(cells[3].isEmpty() || cells[6].isEmpty(), "every run has a score and an evaluation: " + row);
        }

        String report = Files.readString(grid.resolve("report.md"), StandardCharsets.UTF_8);
        assertTrue(report.contains("## Table 1: surrogate objectives"), report);
        for (String reference : List.of("| none | no clipping or penalty | ", "| -0.39 |", "| 0.82 |", "| 0.74 |", "| 0.71 |")) {
            assertTrue(report.contains(reference), "the table lacks '" + reference + "':\n" + report);
        }
        for (String section : List.of("## InvertedPendulum-v5", "## Reacher-v5", "**Within runs**", "**Final policies**",
                "## Compute", "## Reproduce", "IQM [95% CI]")) {
            assertTrue(report.contains(section), "the report lacks '" + section + "'");
        }
        assertTrue(report.contains("./ppo4j compare --grid paper-table1 --steps 100000 --seeds 2"), "the reproduce command is missing");
        String trainLog = Files.readString(grid.resolve("runs/clip-0.2/InvertedPendulum-v5/seed-1.log"), StandardCharsets.UTF_8);
        assertTrue(trainLog.contains("they and the trainer sleep at once (worker_wait = auto, among other runs of a grid)"),
                "two runs at a time share the cores, so worker_wait = auto blocks: " + trainLog);

        // PPO-Clip must have learned something on InvertedPendulum in 100k steps: its score beats the random policy's.
        double clipScore = rows.stream().map(r -> r.split(",")).filter(c -> c[0].equals("clip-0.2") && c[1].equals("InvertedPendulum-v5"))
                .mapToDouble(c -> Double.parseDouble(c[3])).average().orElseThrow();
        String randomJson = Files.readString(grid.resolve("random/InvertedPendulum-v5.json"));
        assertTrue(randomJson.contains("\"score\""), randomJson);
        assertTrue(clipScore > 50, "clip-0.2 scored " + clipScore + " on InvertedPendulum-v5 after 100k steps; random scores about 5");

        String html = Files.readString(grid.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("<table>") && html.contains("<img src=\"data:image/png;base64,"), "report.html lacks tables or curves");
        assertFalse(html.contains("curves/"), "report.html links to its curves instead of embedding them");
        for (String env : ENVS) {
            BufferedImage png = ImageIO.read(grid.resolve("curves").resolve(env + ".png").toFile());
            assertEquals(1000, png.getWidth());
        }

        Path policy = grid.resolve("runs/clip-0.2/Reacher-v5/seed-2/policy.onnx");
        FileTime trainedAt = Files.getLastModifiedTime(policy);
        Outcome second = run(command);
        assertEquals(0, second.exitCode(), second.stderr());
        assertEquals(trainedAt, Files.getLastModifiedTime(policy), "the second invocation retrained a finished run");
        assertTrue(Files.readString(grid.resolve("report.md")).contains("runs with results: 16 of 16 (16 trained to the full budget)"));
    }

    @Test
    void reducedPaperFigure3GridDrawsTheFigureAndRanksEveryAlgorithmBesideThePapersReadings() throws IOException {
        Path grid = temp.resolve("figure3");
        // Two batches of the mujoco presets' 2,048 steps: enough for finished episodes on both envs, not for learning.
        Outcome outcome = run("compare", "--grid", "paper-figure3", "--envs", String.join(",", ENVS), "--seeds", "2",
                "--variants", String.join(",", FIGURE3_VARIANTS), "--steps", "4096", "--eval-episodes", "2", "--parallel", "2",
                "--out", grid.toString());
        assertEquals(0, outcome.exitCode(), () -> outcome.stderr() + failedRunLogs(grid));

        String report = Files.readString(grid.resolve("report.md"), StandardCharsets.UTF_8);
        int runs = ENVS.size() * 2 * FIGURE3_VARIANTS.size();
        assertTrue(report.contains("runs with results: " + runs + " of " + runs + " (" + runs + " trained to the full budget)"), report);
        assertTrue(report.contains("## Figure 3\n\n![Figure 3: every task's learning curves](figure3.png)"), report);
        assertTrue(report.contains("| paper, Fig. 3 (*reference*) | training time per run |"), report);
        for (String variant : FIGURE3_VARIANTS) {
            long rows = report.lines().filter(line -> line.matches("\\| [^|]* \\| \\d \\| " + Pattern.quote(variant) + " \\| 2 \\| .*"))
                    .count();
            assertEquals(ENVS.size(), rows, variant + " lacks a ranked row with 2 seeds per task:\n" + report);
        }
        // Reacher's readings of PPO-Clip and TRPO; the paper has none for InvertedPendulum.
        assertTrue(report.contains("| ≈ −7 |") && report.contains("| ≈ −115 |"), report);
        assertTrue(report.lines().anyMatch(line -> line.startsWith("| InvertedPendulum-v5 | 1 | ") && line.contains("| — |")), report);

        BufferedImage figure = ImageIO.read(grid.resolve("figure3.png").toFile());
        // Two 480 × 360 panels side by side; below them the legend, four entries a row, 28 pixels each, 10 above and below.
        assertEquals(2 * 480, figure.getWidth());
        assertEquals(360 + 2 * 10 + 28 * ((FIGURE3_VARIANTS.size() + 3) / 4), figure.getHeight());
        String html = Files.readString(grid.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("alt=\"Figure 3: every task's learning curves\""), "report.html lacks the figure");
    }

    @Test
    void aChangedGridDoesNotMixWithTheRunsOfTheOldOne() throws IOException {
        Path gridFile = temp.resolve("tiny.grid");
        Files.writeString(gridFile, "name = tiny\nenvs = java:CartPole-v1\nseeds = 1\nsteps = 4096\neval_episodes = 0\n\n[a]\nclip_range = 0.2\n");
        Path out = temp.resolve("tiny");
        Outcome first = run("compare", "--grid", gridFile.toString(), "--out", out.toString());
        assertEquals(0, first.exitCode(), first.stderr());
        Files.writeString(gridFile, "name = tiny\nenvs = java:CartPole-v1\nseeds = 1\nsteps = 4096\neval_episodes = 0\n\n[a]\nclip_range = 0.3\n");
        Outcome second = run("compare", "--grid", gridFile.toString(), "--out", out.toString());
        assertEquals(1, second.exitCode());
        assertTrue(second.stderr().contains("clip_range = 0.2 but the grid now asks for 0.3"), second.stderr());
        assertTrue(second.stderr().contains("another --out"), second.stderr());
    }

    @Test
    void badOptionsSayWhatToDo() {
        Outcome unknownVariant = run("compare", "--grid", "paper-table1", "--variants", "clip-02", "--list");
        assertEquals(1, unknownVariant.exitCode());
        assertTrue(unknownVariant.stderr().contains("no variant 'clip-02'") && unknownVariant.stderr().contains("clip-0.2"),
                unknownVariant.stderr());

        Outcome unknownGrid = run("compare", "--grid", "paper-tabel1");
        assertEquals(1, unknownGrid.exitCode());
        assertTrue(unknownGrid.stderr().contains("paper-table1"), unknownGrid.stderr());

        Outcome rayWithoutAddress = run("compare", "--grid", "tricks", "--executor", "ray", "--out", temp.resolve("x").toString());
        assertEquals(1, rayWithoutAddress.exitCode());
        assertTrue(rayWithoutAddress.stderr().contains("--address"), rayWithoutAddress.stderr());
        assertFalse(Files.exists(temp.resolve("x")), "a grid directory was made for a command that could not run");
    }

    @Test
    void listPrintsTheVariantsOfTheBuiltInGrids() {
        Outcome table1 = run("compare", "--grid", "paper-table1", "--list");
        assertEquals(0, table1.exitCode(), table1.stderr());
        for (String variant : List.of("none", "clip-0.1", "clip-0.2", "clip-0.3", "kl-adaptive-0.003", "kl-adaptive-0.01",
                "kl-adaptive-0.03", "kl-fixed-0.3", "kl-fixed-1", "kl-fixed-3", "kl-fixed-10")) {
            assertTrue(table1.stdout().contains("  " + variant + " "), "--list lacks " + variant + ":\n" + table1.stdout());
        }
        Outcome tricks = run("compare", "--grid", "tricks", "--list");
        assertEquals(0, tricks.exitCode(), tricks.stderr());
        assertTrue(tricks.stdout().contains("static-seeding") && tricks.stdout().contains("dual-clip"), tricks.stdout());
    }

    /** The logs of the runs that failed, so that a failure says why (the grid directory is deleted with the test). */
    private static String failedRunLogs(Path grid) {
        try (Stream<Path> logs = Files.walk(grid.resolve("runs"))) {
            StringBuilder text = new StringBuilder();
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                String content = Files.readString(log, StandardCharsets.UTF_8);
                if (!content.contains("Run directory:")) {
                    text.append("\n--- ").append(log).append(" ---\n").append(content);
                }
            }
            return text.toString();
        } catch (IOException e) {
            return "\n(the run logs could not be read: " + e.getMessage() + ")";
        }
    }
}
