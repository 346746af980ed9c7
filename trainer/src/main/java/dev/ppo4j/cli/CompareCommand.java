package dev.ppo4j.cli;

import dev.ppo4j.compare.Grid;
import dev.ppo4j.compare.GridFiles;
import dev.ppo4j.compare.GridInvocation;
import dev.ppo4j.compare.LocalExecutor;
import dev.ppo4j.compare.RayExecutor;
import dev.ppo4j.compare.RunExecutor;
import dev.ppo4j.compare.TrainerCommand;
import dev.ppo4j.compare.Variant;
import dev.ppo4j.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ./ppo4j compare}: runs an experiment grid and writes its report. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an experiment grid (every env x seed x variant) and write its report.",
            "Measures the random policy, and writes report.md, report.html, results.csv and learning-curve PNGs into the grid"
                    + " directory. Finished runs are reused and interrupted ones resume, so the same command continues a grid."
                    + " Built-in grids: paper-table1, paper-figure3, tricks."})
final class CompareCommand implements Callable<Integer> {
    @Option(names = "--grid", required = true, paramLabel = "NAME|FILE", description = "A built-in grid (paper-table1, paper-figure3, tricks) or a grid file.")
    String gridName;

    @Option(names = "--list", description = "Print the grid's envs, seeds and variants, then exit.")
    boolean list;

    @Option(names = "--steps", paramLabel = "N", description = "Environment steps per run (default: the grid's).")
    Long steps;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds per env and variant, 1..N (default: the grid's).")
    Integer seeds;

    @Option(names = "--envs", paramLabel = "ID,...", split = ",", description = "Envs to run instead of the grid's.")
    List<String> envs;

    @Option(names = "--variants", paramLabel = "NAME,...", split = ",", description = "Only these of the grid's variants (see --list).")
    List<String> variants;

    @Option(names = "--eval-episodes", paramLabel = "N", description = "Evaluation episodes per final policy (default: the grid's; 0: none).")
    Integer evalEpisodes;

    @Option(names = "--out", paramLabel = "DIR", description = "The grid directory (default: runs/compare/<grid name>).")
    Path out;

    @Option(names = "--parallel", paramLabel = "N", description = "Runs at a time on this machine (default: the number of cores).")
    Integer parallel;

    @Option(names = "--executor", paramLabel = "local|ray", defaultValue = "local", description = "Where runs execute (default: ${DEFAULT-VALUE}).")
    String executor;

    @Option(names = "--address", paramLabel = "ADDR", description = "With --executor ray: the cluster address (ray start --head prints it), or 'local' for a private Ray instance.")
    String address;

    @Spec
    CommandSpec spec;

    @Option(names = "--report-only", description = "Do not run anything; write the report from the runs already in the grid directory.")
    boolean reportOnly;

    @Override
    public Integer call() throws IOException, InterruptedException {
        long started = System.nanoTime();
        Grid grid = shrink(GridFiles.load(gridName));
        if (list) {
            printGrid(grid, spec.commandLine().getOut());
            return 0;
        }
        RunExecutor runner = executor();
        Path root = out != null ? out : Path.of("runs", "compare", grid.name());
        GridInvocation.Outcome outcome = GridInvocation.run(new GridInvocation.Settings(grid, root, runner, reportOnly,
                invocation(root), env -> Environments.make(env, "{}", 1, 1),
                new TrainerCommand(Main.class.getName(), runner.runsShareCores()), started,
                System.err));
        System.err.printf("[ppo4j] report: %s (and report.md, results.csv)%n", outcome.report());
        List<String> failures = outcome.failures();
        if (!failures.isEmpty()) {
            System.err.printf("[ppo4j] %d run%s failed; see the logs named above, then run the same command again to retry.%n",
                    failures.size(), failures.size() == 1 ? "" : "s");
            return 1;
        }
        return 0;
    }

    private Grid shrink(Grid grid) {
        if (steps != null) {
            grid = grid.withSteps(steps);
        }
        if (seeds != null) {
            grid = grid.withSeeds(seeds);
        }
        if (envs != null) {
            grid = grid.withEnvs(envs.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
        }
        if (variants != null) {
            grid = grid.withVariants(variants.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
        }
        if (evalEpisodes != null) {
            grid = grid.withEvalEpisodes(evalEpisodes);
        }
        return grid;
    }

    private RunExecutor executor() {
        switch (executor.toLowerCase(Locale.ROOT)) {
            case "local" -> {
                if (address != null) {
                    throw new ConfigException("--address goes with --executor ray; drop it, or add --executor ray.");
                }
                return new LocalExecutor(parallel != null ? parallel : Runtime.getRuntime().availableProcessors());
            }
            case "ray" -> {
                if (address == null) {
                    throw new ConfigException("--executor ray needs --address: the address 'ray start --head' printed"
                            + " (e.g. 10.0.0.5:6379), or 'local' to start a private Ray instance on this machine.");
                }
                if (parallel != null) {
                    throw new ConfigException("--parallel applies to --executor local; Ray schedules runs by the cluster's CPUs.");
                }
                return new RayExecutor(address);
            }
            default -> throw new ConfigException("--executor must be 'local' or 'ray'; got '" + executor + "'.");
        }
    }

    private static void printGrid(Grid grid, PrintWriter out) {
        out.printf("grid %s: %s%n", grid.name(), grid.description());
        out.printf("envs: %s%nseeds: 1..%d%nsteps per run: %,d%nruns: %d%nvariants:%n", String.join(", ", grid.envs()),
                grid.seeds(), grid.steps(), grid.runCount());
        for (Variant variant : grid.variants()) {
            String overrides = variant.overrides().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .reduce((a, b) -> a + " " + b).orElse("(preset unchanged)");
            out.printf("  %-20s %s  [%s]%n", variant.name(), variant.description(), overrides);
        }
    }

    /** The command line that reproduces this grid. */
    private String invocation(Path root) {
        StringBuilder sb = new StringBuilder("./ppo4j compare --grid ").append(gridName);
        if (steps != null) {
            sb.append(" --steps ").append(steps);
        }
        if (seeds != null) {
            sb.append(" --seeds ").append(seeds);
        }
        if (envs != null) {
            sb.append(" --envs ").append(String.join(",", envs));
        }
        if (variants != null) {
            sb.append(" --variants ").append(String.join(",", variants));
        }
        if (evalEpisodes != null) {
            sb.append(" --eval-episodes ").append(evalEpisodes);
        }
        sb.append(" --out ").append(root);
        return sb.toString();
    }
}
