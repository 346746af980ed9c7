package dev.ppo4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.ppo4j.compare.Grid;
import dev.ppo4j.compare.GridDirectory;
import dev.ppo4j.compare.GridException;
import dev.ppo4j.compare.GridFiles;
import dev.ppo4j.compare.GridReport;
import dev.ppo4j.compare.LocalExecutor;
import dev.ppo4j.compare.RandomBaseline;
import dev.ppo4j.compare.RayExecutor;
import dev.ppo4j.compare.RunExecutor;
import dev.ppo4j.compare.RunResult;
import dev.ppo4j.compare.RunTask;
import dev.ppo4j.compare.Statistics;
import dev.ppo4j.compare.Variant;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.metrics.MetricsLogger;
import dev.ppo4j.metrics.TrainingProgress;
import dev.ppo4j.ppo.ConfigException;
import dev.ppo4j.ppo.PolicyEvaluator;
import dev.ppo4j.ppo.RunDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./ppo4j compare}: runs an experiment grid and writes its report. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run every env x seed x variant of an experiment grid, measure the random policy, and write report.md,",
            "report.html, results.csv and learning-curve PNGs into the grid directory. Finished runs are reused and",
            "interrupted ones resume, so the same command continues a grid. Built-in grids: paper-table1, paper-figure3, tricks."})
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
        GridDirectory directory = GridDirectory.prepare(root, grid);
        System.err.printf("[ppo4j] grid %s: %d envs x %d seeds x %d variants = %d runs of %,d steps; directory %s%n", grid.name(),
                grid.envs().size(), grid.seeds(), grid.variants().size(), grid.runCount(), grid.steps(), root);
        List<RunTask> tasks = plan(directory);
        Map<String, double[]> randomScores = reportOnly ? readRandomBaselines(directory) : randomBaselines(directory);
        List<String> failures = new ArrayList<>();
        if (!reportOnly && !tasks.isEmpty()) {
            failures = execute(directory, tasks, runner);
        }
        double wallSeconds = directory.recordInvocation((System.nanoTime() - started) / 1e9, reportOnly ? 0 : tasks.size(),
                runner.describe());
        Path report = GridReport.write(new GridReport.Inputs(directory, results(directory), randomScores, failures,
                invocation(root), runner.describe(), wallSeconds));
        System.err.printf("[ppo4j] report: %s (and report.md, results.csv)%n", report);
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

    /** One task per run that is not finished: a fresh train, a resume, or the evaluation a finished training lacks. */
    private List<RunTask> plan(GridDirectory directory) throws IOException {
        Grid grid = directory.grid();
        List<RunTask> tasks = new ArrayList<>();
        int finished = 0;
        int resumed = 0;
        for (GridDirectory.Run run : directory.runs()) {
            Path dir = run.directory();
            if (Files.isRegularFile(dir.resolve(RunDirectory.CONFIG_FILE))) {
                directory.checkExistingRun(run.variant(), run.env(), run.seed());
            }
            Path policy = dir.resolve(RunDirectory.POLICY_FILE);
            Path evaluation = dir.resolve(RunDirectory.EVALUATION_FILE);
            List<String> args;
            if (Files.isRegularFile(policy) && (grid.evalEpisodes() == 0 || Files.isRegularFile(evaluation))) {
                finished++;
                continue;
            } else if (Files.isRegularFile(policy)) {
                args = List.of("eval", "--policy", policy.toString(), "--episodes", String.valueOf(grid.evalEpisodes()),
                        "--seed", String.valueOf(PolicyEvaluator.DEFAULT_SEED), "--json", "--out", evaluation.toString());
            } else if (RunDirectory.hasCheckpoint(dir)) {
                resumed++;
                args = new ArrayList<>(List.of("train", "--resume", dir.toString()));
                if (grid.evalEpisodes() > 0) {
                    args.addAll(List.of("--eval-episodes", String.valueOf(grid.evalEpisodes())));
                }
            } else {
                removeUnstartedRun(dir);
                args = directory.trainArguments(run.variant(), run.env(), run.seed());
            }
            tasks.add(new RunTask(run.id(), trainerCommand(args), Path.of("").toAbsolutePath(), logFile(dir)));
        }
        System.err.printf("[ppo4j] %d runs finished already, %d to resume, %d to start.%n", finished, resumed,
                tasks.size() - resumed);
        return tasks;
    }

    /** A run's log sits next to its directory, so that starting a run afresh in an empty directory keeps it. */
    private static Path logFile(Path runDirectory) {
        return runDirectory.resolveSibling(runDirectory.getFileName() + ".log");
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

    /** The trainer's command line in a new JVM: the same Java, classpath and environment as this one. */
    private static List<String> trainerCommand(List<String> args) {
        List<String> command = new ArrayList<>(List.of("env"));
        for (String variable : List.of("PPO4J_HOME", "PPO4J_PYTHON")) {
            String value = System.getenv(variable);
            if (value != null) {
                command.add(variable + "=" + value);
            }
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return command;
    }

    private static Map<String, double[]> randomBaselines(GridDirectory directory) throws IOException {
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (String env : directory.grid().envs()) {
            Path file = directory.randomBaselineFile(env);
            JsonObject json = Files.isRegularFile(file) ? readJson(file) : new JsonObject();
            JsonObject seeds = json.has("seeds") ? json.getAsJsonObject("seeds") : new JsonObject();
            double[] perSeed = new double[directory.grid().seeds()];
            for (long seed : directory.grid().seedList()) {
                String key = String.valueOf(seed);
                if (!seeds.has(key)) {
                    System.err.printf("[ppo4j] measuring the random policy on %s, seed %d (%d episodes)...%n", env, seed, RandomBaseline.EPISODES);
                    try (VectorEnv envs = Environments.make(env, "{}", 1, 1)) {
                        double[] returns = RandomBaseline.returns(envs, seed, RandomBaseline.EPISODES);
                        JsonObject entry = new JsonObject();
                        entry.addProperty("score", Statistics.mean(returns));
                        entry.add("returns", new Gson().toJsonTree(returns));
                        seeds.add(key, entry);
                    }
                    json.addProperty("env_id", env);
                    json.addProperty("episodes", RandomBaseline.EPISODES);
                    json.add("seeds", seeds);
                    writeJson(file, json);
                }
                perSeed[(int) seed - 1] = seeds.getAsJsonObject(key).get("score").getAsDouble();
            }
            scores.put(env, perSeed);
        }
        return scores;
    }

    private static Map<String, double[]> readRandomBaselines(GridDirectory directory) throws IOException {
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (String env : directory.grid().envs()) {
            Path file = directory.randomBaselineFile(env);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            JsonObject seeds = readJson(file).getAsJsonObject("seeds");
            double[] perSeed = directory.grid().seedList().stream().filter(s -> seeds.has(String.valueOf(s)))
                    .mapToDouble(s -> seeds.getAsJsonObject(String.valueOf(s)).get("score").getAsDouble()).toArray();
            if (perSeed.length > 0) {
                scores.put(env, perSeed);
            }
        }
        return scores;
    }

    private static JsonObject readJson(Path file) throws IOException {
        try {
            return new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
        } catch (RuntimeException e) {
            throw new GridException(file + " is not valid JSON (" + e.getMessage() + "); delete it and run the grid again.");
        }
    }

    private static void writeJson(Path file, JsonObject json) throws IOException {
        RunDirectory.writeAtomically(file, new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n");
    }

    /** Runs the tasks with a progress display over all of the grid's steps; returns the failures. */
    private static List<String> execute(GridDirectory directory, List<RunTask> tasks, RunExecutor runner)
            throws IOException, InterruptedException {
        Grid grid = directory.grid();
        long total = 0;
        Map<String, Path> runDirs = new LinkedHashMap<>();
        for (GridDirectory.Run run : directory.runs()) {
            runDirs.put(run.id(), run.directory());
            total += directory.stepBudget(run.variant(), run.env());
        }
        Map<String, Long> stepsByRun = new ConcurrentHashMap<>();
        runDirs.forEach((id, dir) -> stepsByRun.put(id, Math.max(0, lastStep(dir))));
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger ended = new AtomicInteger();
        System.err.printf("[ppo4j] running %d tasks: %s.%n", tasks.size(), runner.describe());
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ppo4j-compare-progress");
            t.setDaemon(true);
            return t;
        });
        Map<String, Path> active = new ConcurrentHashMap<>();
        // A grid runs for hours: a plain line a minute is enough in a log.
        try (TrainingProgress progress = TrainingProgress.start("compare " + grid.name(),
                stepsByRun.values().stream().mapToLong(Long::longValue).sum(), total, java.time.Duration.ofMinutes(1))) {
            poller.scheduleWithFixedDelay(() -> {
                active.forEach((id, dir) -> {
                    long step = lastStep(dir);
                    if (step >= 0) {
                        stepsByRun.put(id, step);
                    }
                });
                progress.update(stepsByRun.values().stream().mapToLong(Long::longValue).sum(),
                        ended.get() + " of " + tasks.size() + " runs ended, " + active.size() + " running");
            }, 0, 2, TimeUnit.SECONDS);
            runner.runAll(tasks, task -> active.put(task.id(), runDirs.get(task.id())), outcome -> {
                Path dir = runDirs.get(outcome.id());
                active.remove(outcome.id());
                stepsByRun.put(outcome.id(), Math.max(0, lastStep(dir)));
                int n = ended.incrementAndGet();
                if (outcome.succeeded()) {
                    double score = RunResult.read(dir, "", "", 0).score();
                    System.err.printf(Locale.ROOT, "[ppo4j] finished %s (%d of %d) in %s: score %.1f%n", outcome.id(), n, tasks.size(),
                            TrainingProgress.formatDuration(outcome.seconds()), score);
                } else {
                    String line = outcome.id() + ": exit status " + outcome.exitCode()
                            + (outcome.error() != null ? " (" + outcome.error() + ")" : "") + "; log " + logFile(dir);
                    failures.add(line);
                    System.err.printf("[ppo4j] FAILED %s (%d of %d)%n", line, n, tasks.size());
                }
            });
        } finally {
            poller.shutdownNow();
            poller.awaitTermination(5, TimeUnit.SECONDS);
        }
        return failures;
    }

    private static long lastStep(Path runDir) {
        try {
            double[] steps = MetricsLogger.readUpdateColumn(runDir, MetricsLogger.STEP_COLUMN);
            return steps.length == 0 ? 0 : (long) steps[steps.length - 1];
        } catch (RuntimeException partialRow) {
            // The trainer may be halfway through appending a row; the next poll reads it whole.
            return -1;
        }
    }

    private static List<RunResult> results(GridDirectory directory) {
        return directory.runs().stream().filter(run -> Files.isRegularFile(run.directory().resolve(MetricsLogger.EPISODES_CSV)))
                .map(run -> RunResult.read(run.directory(), run.variant().name(), run.env(), run.seed())).toList();
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
