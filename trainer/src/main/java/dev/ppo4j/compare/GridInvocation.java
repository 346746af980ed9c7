package dev.ppo4j.compare;

import dev.ppo4j.env.VectorEnv;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One {@code ./ppo4j compare} on a grid directory: prepares the directory, plans what its runs
 * still lack, measures the random policy where the cache lacks it, runs the tasks and writes the
 * report. The same call continues an interrupted grid.
 */
public final class GridInvocation {
    private GridInvocation() {}

    /**
     * What to run and how.
     *
     * @param grid the grid, as shrunk by the command's options
     * @param root the grid directory
     * @param executor where the runs execute
     * @param reportOnly run and measure nothing; report on what the directory holds
     * @param invocation the {@code ./ppo4j compare} command line that reproduces the grid, for the report
     * @param singleEnv makes one env of an env id, for the random policy
     * @param trainer how to start a trainer process
     * @param startedNanos {@link System#nanoTime()} when the command started, for the grid's wall-clock record
     * @param status where the status lines go (the command's standard error)
     */
    public record Settings(Grid grid, Path root, RunExecutor executor, boolean reportOnly, String invocation,
            Function<String, VectorEnv> singleEnv, TrainerCommand trainer, long startedNanos, PrintStream status) {}

    /**
     * How the invocation ended.
     *
     * @param report the path of {@code report.html}
     * @param failures one line per run that failed in this invocation
     */
    public record Outcome(Path report, List<String> failures) {
        /** Copies the failures. */
        public Outcome {
            failures = List.copyOf(failures);
        }
    }

    /**
     * Runs the grid and writes its report.
     *
     * @throws GridException if the directory holds runs of another grid, or cannot be written
     * @throws InterruptedException if interrupted; running tasks are stopped first
     */
    public static Outcome run(Settings settings) throws IOException, InterruptedException {
        Grid grid = settings.grid();
        GridDirectory directory = GridDirectory.prepare(settings.root(), grid);
        PrintStream status = settings.status();
        status.printf("[ppo4j] grid %s: %d envs x %d seeds x %d variants = %d runs; steps per run: %s; directory %s%n", grid.name(),
                grid.envs().size(), grid.seeds(), grid.variants().size(), grid.runCount(),
                GridSummary.StepsPerRun.of(directory).describe(), settings.root());
        GridPlan plan = GridPlan.of(directory, settings.trainer());
        status.printf("[ppo4j] %d runs finished already, %d to resume, %d to start.%n", plan.finished(), plan.resumed(),
                plan.started());
        boolean runTasks = !settings.reportOnly() && !plan.tasks().isEmpty();
        Map<String, double[]> randomScores = settings.reportOnly() ? RandomBaselineCache.readMeasured(directory)
                : RandomBaselineCache.measureMissing(directory, settings.singleEnv(), status);
        List<String> failures = runTasks ? GridExecution.run(directory, plan.tasks(), settings.executor(), status) : List.of();
        String executor = settings.executor().describe();
        double wallSeconds = directory.recordInvocation((System.nanoTime() - settings.startedNanos()) / 1e9,
                settings.reportOnly() ? 0 : plan.tasks().size(), executor);
        GridSummary summary = GridSummary.of(new GridSummary.Inputs(directory, directory.results(), randomScores, failures,
                settings.invocation(), executor, wallSeconds));
        return new Outcome(GridReport.write(directory, summary), failures);
    }
}
