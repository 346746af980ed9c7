package dev.ppo4j.compare;

import dev.ppo4j.metrics.TrainingProgress;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runs a grid's planned tasks on an executor, with a progress display and a line as each run ends. */
public final class GridExecution {
    private GridExecution() {}

    /**
     * Runs every task; a failing task does not stop the others.
     *
     * @param tasks the tasks of {@link GridPlan#tasks()}
     * @param status where the status lines go
     * @return one line per failed task: its run, exit status and log file
     * @throws InterruptedException if interrupted; the executor stops the running tasks first
     */
    public static List<String> run(GridDirectory directory, List<RunTask> tasks, RunExecutor executor, PrintStream status)
            throws IOException, InterruptedException {
        Map<String, GridDirectory.Run> runs = new LinkedHashMap<>();
        directory.runs().forEach(run -> runs.put(run.id(), run));
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        executor.prepare();
        status.printf("[ppo4j] running %d tasks: %s.%n", tasks.size(), executor.describe());
        GridProgress progress = GridProgress.start(directory, tasks.size());
        try {
            executor.runAll(tasks, task -> progress.started(runs.get(task.id())), outcome -> {
                GridDirectory.Run run = runs.get(outcome.id());
                int ended = progress.ended(run);
                progress.println(status, reportEnd(outcome, run, ended + " of " + tasks.size(), failures));
            });
        } finally {
            progress.stop();
        }
        return failures;
    }

    /** The line that says how a task ended; a failure's line is also added to {@code failures}. */
    private static String reportEnd(RunTask.Outcome outcome, GridDirectory.Run run, String count, List<String> failures) {
        if (outcome.succeeded()) {
            double score = RunResult.read(run.directory(), "", "", 0).score();
            return String.format(Locale.ROOT, "[ppo4j] finished %s (%s) in %s: score %.1f", outcome.id(), count,
                    TrainingProgress.formatDuration(outcome.seconds()), score);
        }
        String line = outcome.id() + ": exit status " + outcome.exitCode()
                + (outcome.error() != null ? " (" + outcome.error() + ")" : "") + "; log " + run.log();
        failures.add(line);
        return "[ppo4j] FAILED " + line + " (" + count + ")";
    }
}
