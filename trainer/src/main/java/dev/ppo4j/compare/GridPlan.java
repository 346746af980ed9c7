package dev.ppo4j.compare;

import dev.ppo4j.train.PolicyEvaluator;
import dev.ppo4j.train.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What an invocation of a grid still has to do: one task per run that is not finished, being a
 * fresh training, a resumed one, or the evaluation that a finished training lacks.
 *
 * @param tasks the tasks, in the order of {@link GridDirectory#runs()}
 * @param finished runs that need nothing more
 * @param resumed tasks that resume a training from its checkpoint
 */
public record GridPlan(List<RunTask> tasks, int finished, int resumed) {
    /** Copies the tasks. */
    public GridPlan {
        tasks = List.copyOf(tasks);
    }

    /**
     * Plans the grid in {@code directory}. Runs stopped before their first checkpoint are deleted,
     * to start over in an empty directory.
     *
     * @param trainer how to start a trainer process
     * @throws GridException if an existing run was trained with another config than the grid's
     */
    public static GridPlan of(GridDirectory directory, TrainerCommand trainer) throws IOException {
        List<RunTask> tasks = new ArrayList<>();
        int finished = 0;
        int resumed = 0;
        for (GridDirectory.Run run : directory.runs()) {
            if (Files.isRegularFile(run.directory().resolve(RunDirectory.CONFIG_FILE))) {
                directory.checkExistingRun(run.variant(), run.env(), run.seed());
            }
            Remaining remaining = Remaining.of(directory.grid(), run.directory());
            if (remaining == Remaining.NOTHING) {
                finished++;
                continue;
            }
            if (remaining == Remaining.RESUME) {
                resumed++;
            } else if (remaining == Remaining.FRESH_START) {
                removeUnstartedRun(run.directory());
            }
            tasks.add(new RunTask(run.id(), trainer.withArguments(arguments(remaining, directory, run)),
                    Path.of("").toAbsolutePath(), run.log()));
        }
        return new GridPlan(tasks, finished, resumed);
    }

    /** Tasks that start a run afresh or evaluate a finished training. */
    public int started() {
        return tasks.size() - resumed;
    }

    /** What a run still lacks. */
    private enum Remaining {
        NOTHING, EVALUATION, RESUME, FRESH_START;

        static Remaining of(Grid grid, Path dir) throws IOException {
            if (Files.isRegularFile(dir.resolve(RunDirectory.POLICY_FILE))) {
                boolean evaluated = grid.evalEpisodes() == 0 || Files.isRegularFile(dir.resolve(RunDirectory.EVALUATION_FILE));
                return evaluated ? NOTHING : EVALUATION;
            }
            return RunDirectory.hasCheckpoint(dir) ? RESUME : FRESH_START;
        }
    }

    /** The {@code ./ppo4j} arguments that do what a run still lacks. */
    private static List<String> arguments(Remaining remaining, GridDirectory directory, GridDirectory.Run run) {
        Grid grid = directory.grid();
        Path dir = run.directory();
        return switch (remaining) {
            case EVALUATION -> List.of("eval", "--policy", dir.resolve(RunDirectory.POLICY_FILE).toString(), "--episodes",
                    String.valueOf(grid.evalEpisodes()), "--seed", String.valueOf(PolicyEvaluator.DEFAULT_SEED), "--json", "--out",
                    dir.resolve(RunDirectory.EVALUATION_FILE).toString());
            case RESUME -> {
                List<String> args = new ArrayList<>(List.of("train", "--resume", dir.toString()));
                if (grid.evalEpisodes() > 0) {
                    args.addAll(List.of("--eval-episodes", String.valueOf(grid.evalEpisodes())));
                }
                yield args;
            }
            case FRESH_START -> directory.trainArguments(run.variant(), run.env(), run.seed());
            case NOTHING -> throw new IllegalArgumentException("A finished run has no task.");
        };
    }

    /** A run stopped before its first checkpoint has nothing to resume from; it starts over in an empty directory. */
    private static void removeUnstartedRun(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isRegularFile(dir.resolve(RunDirectory.CONFIG_FILE))) {
            throw new GridException(dir + " exists but is not a ppo4j run directory; move it away or choose another --out.");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
