package dev.ppo4j.compare;

import dev.ppo4j.config.ConfigException;
import dev.ppo4j.config.ConfigFiles;
import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.metrics.MetricsLogger;
import dev.ppo4j.train.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A grid's output directory:
 * <pre>
 * grid.grid                         the grid as run (after --steps/--seeds/--envs/--variants)
 * configs/VARIANT.properties        each variant's config overrides, passed to train --config
 * runs/VARIANT/ENV/seed-N/          one ./ppo4j train run directory per run
 * random/ENV.json                   the random policy's returns per seed
 * curves/ENV.png                    learning curves, one line and band per variant
 * figure3.png                       every env's curves side by side (grids with reference = paper-figure3)
 * results.csv, report.md, report.html
 * </pre>
 * Everything is written atomically, so an interrupted grid leaves only whole files behind.
 */
public final class GridDirectory {
    private final Path root;
    private final Grid grid;
    private final Map<String, Long> stepBudgets = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * One run of the grid.
     *
     * @param variant its variant
     * @param env its env id
     * @param seed its master seed
     * @param id {@code VARIANT/ENV/seed-N}, the name progress lines and executors use
     * @param directory its run directory
     */
    public record Run(Variant variant, String env, long seed, String id, Path directory) {
        /** The run's log: next to its directory, so that starting the run afresh in an empty directory keeps it. */
        public Path log() {
            return directory.resolveSibling(directory.getFileName() + ".log");
        }
    }

    private GridDirectory(Path root, Grid grid) {
        this.root = root;
        this.grid = grid;
    }

    /**
     * Creates (or reopens) the directory for {@code grid}: writes the grid and the variant
     * configs, after checking that every run's config resolves.
     *
     * @throws ConfigException if a variant's config is invalid for an env, naming both
     */
    public static GridDirectory prepare(Path root, Grid grid) {
        GridDirectory directory = new GridDirectory(root, grid);
        for (Variant variant : grid.variants()) {
            for (String env : grid.envs()) {
                try {
                    directory.expectedConfig(variant, env, 1);
                } catch (ConfigException e) {
                    throw new GridException("Variant [" + variant.name() + "] of grid " + grid.name() + " is not a valid config on "
                            + env + ": " + e.getMessage());
                }
            }
        }
        try {
            Files.createDirectories(root.resolve("configs"));
            RunDirectory.writeAtomically(root.resolve("grid.grid"), GridFiles.write(grid));
            for (Variant variant : grid.variants()) {
                RunDirectory.writeAtomically(directory.variantConfig(variant), variantFile(variant));
            }
        } catch (IOException e) {
            throw new GridException("The grid directory " + root + " cannot be written (" + e.getMessage() + "); choose a writable --out.");
        }
        return directory;
    }

    /** The directory. */
    public Path root() {
        return root;
    }

    /** The grid this directory holds. */
    public Grid grid() {
        return grid;
    }

    /** Every run of the grid, variant by variant, then env by env, then seed by seed. */
    public List<Run> runs() {
        List<Run> runs = new ArrayList<>();
        for (Variant variant : grid.variants()) {
            for (String env : grid.envs()) {
                for (long seed : grid.seedList()) {
                    runs.add(new Run(variant, env, seed, variant.name() + "/" + envDirectoryName(env) + "/seed-" + seed,
                            runDirectory(variant, env, seed)));
                }
            }
        }
        return runs;
    }

    /** What every run that has logged an episode left in its directory, in the order of {@link #runs()}. */
    public List<RunResult> results() {
        return runs().stream().filter(run -> Files.isRegularFile(run.directory().resolve(MetricsLogger.EPISODES_CSV)))
                .map(run -> RunResult.read(run.directory(), run.variant().name(), run.env(), run.seed())).toList();
    }

    /** A run's directory: {@code runs/VARIANT/ENV/seed-N}. */
    public Path runDirectory(Variant variant, String env, long seed) {
        return root.resolve("runs").resolve(variant.name()).resolve(envDirectoryName(env)).resolve("seed-" + seed);
    }

    /** The file holding a variant's config overrides. */
    public Path variantConfig(Variant variant) {
        return root.resolve("configs").resolve(variant.name() + ".properties");
    }

    /** The random policy's returns on an env. */
    public Path randomBaselineFile(String env) {
        return root.resolve("random").resolve(envDirectoryName(env) + ".json");
    }

    /** Where the figure of every env's curves side by side goes (the PPO paper's Figure 3 layout). */
    public Path figure3Plot() {
        return root.resolve("figure3.png");
    }

    /** Where an env's learning-curve plot goes. */
    public Path curvePlot(String env) {
        return root.resolve("curves").resolve(envDirectoryName(env) + ".png");
    }

    /** The config {@code ./ppo4j train} resolves for one run of the grid. */
    public TrainConfig expectedConfig(Variant variant, String env, long seed) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("env_id", env);
        flags.put("total_steps", String.valueOf(grid.steps()));
        flags.put("seed", String.valueOf(seed));
        return ConfigFiles.layered(grid.preset(), variant.overrides(), Map.of(), flags);
    }

    /** The steps a run trains in full: whole batches, so up to one batch short of the grid's {@code steps}. */
    public long stepBudget(Variant variant, String env) {
        return stepBudgets.computeIfAbsent(variant.name() + "\n" + env, key -> {
            TrainConfig config = expectedConfig(variant, env, 1);
            return (long) config.numUpdates() * config.batchSize();
        });
    }

    /**
     * The {@code ./ppo4j train} arguments that start one run from scratch (after the program
     * name), the same ones the report gives as the command to reproduce it.
     */
    public List<String> trainArguments(Variant variant, String env, long seed) {
        List<String> args = new ArrayList<>(List.of("train"));
        if (grid.preset() != null) {
            args.addAll(List.of("--preset", grid.preset()));
        }
        args.addAll(List.of("--config", variantConfig(variant).toString(), "--env", env, "--seed", String.valueOf(seed),
                "--steps", String.valueOf(grid.steps()), "--out", runDirectory(variant, env, seed).toString()));
        if (grid.evalEpisodes() > 0) {
            args.addAll(List.of("--eval-episodes", String.valueOf(grid.evalEpisodes())));
        }
        return args;
    }

    /**
     * Checks that an existing run was trained with the config the grid asks for now, so that a
     * changed grid never mixes old and new runs in one report.
     *
     * @throws GridException naming the run, the first differing field and the fix
     */
    public void checkExistingRun(Variant variant, String env, long seed) {
        Path dir = runDirectory(variant, env, seed);
        Map<String, String> had = ConfigFiles.asMap(RunDirectory.open(dir).config());
        Map<String, String> want = ConfigFiles.asMap(expectedConfig(variant, env, seed));
        for (Map.Entry<String, String> field : want.entrySet()) {
            String old = had.get(field.getKey());
            if (!field.getValue().equals(old)) {
                throw new GridException("The run " + dir + " was trained with " + field.getKey() + " = " + old
                        + " but the grid now asks for " + field.getValue() + "; pass another --out for the changed grid,"
                        + " or delete that run directory to train it again.");
            }
        }
    }

    /**
     * Records the wall-clock time of an invocation that ran tasks, in {@code invocations.csv},
     * and returns the total over every recorded invocation (the grid's wall-clock compute).
     */
    public double recordInvocation(double wallSeconds, int tasks, String executor) {
        Path file = root.resolve("invocations.csv");
        try {
            String previous = Files.isRegularFile(file) ? Files.readString(file) : "ended,wall_seconds,tasks,executor\n";
            if (tasks > 0) {
                RunDirectory.writeAtomically(file, previous + java.time.Instant.now() + "," + wallSeconds + "," + tasks + ","
                        + executor.replace(',', ';') + "\n");
            }
            return Files.isRegularFile(file) ? Files.readAllLines(file).stream().skip(1)
                    .mapToDouble(line -> Double.parseDouble(line.split(",")[1])).sum() : 0;
        } catch (IOException | RuntimeException e) {
            throw new GridException(file + " cannot be updated (" + e.getMessage() + "); delete it to start the wall-clock count afresh.");
        }
    }

    /** A name for an env that is safe as a file name ({@code java:CartPole-v1} → {@code java_CartPole-v1}). */
    public static String envDirectoryName(String env) {
        return env.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String variantFile(Variant variant) {
        StringBuilder sb = new StringBuilder("# ppo4j grid variant [" + variant.name() + "]: " + variant.description() + "\n"
                + "# The config overrides of this variant, layered over the grid's preset by ./ppo4j train --config.\n");
        variant.overrides().forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return sb.toString();
    }

    /** Writes a report or grid file atomically; a failure names the file. */
    static void writeAtomically(Path target, String content) {
        try {
            RunDirectory.writeAtomically(target, content);
        } catch (IOException e) {
            throw new ReportWriteException(target, e);
        }
    }
}
