package dev.ppo4j.cli;

import com.google.gson.Gson;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.metrics.MetricKeys;
import dev.ppo4j.ppo.Checkpoint;
import dev.ppo4j.ppo.ConfigException;
import dev.ppo4j.ppo.ConfigFiles;
import dev.ppo4j.metrics.EpisodeTracker;
import dev.ppo4j.ppo.PpoConfig;
import dev.ppo4j.ppo.PpoTrainer;
import dev.ppo4j.ppo.RunDirectory;
import dev.ppo4j.ppo.TrainedPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./ppo4j bench train}: trains the default MuJoCo preset for a fixed budget with N envs
 * (rollout 2048/N, so the batch stays 2048) into a temporary run directory, and prints steps/s,
 * the collection/update split and the peak resident memory of the JVM plus its worker processes.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Time a training run of the mujoco preset: N envs x 2048/N rollout steps, min(N, 2) workers.",
            "Prints steps/s overall, seconds spent collecting and updating, and peak RSS (JVM + workers).",
            "Peak RSS is the JVM's VmHWM plus each descendant process's largest VmHWM (from /proc, sampled",
            "every 100 ms while the run lasts): an upper bound, as the processes may peak at different times."})
final class BenchTrainCommand implements Callable<Integer> {
    private static final int BATCH = 2048;

    @Spec
    CommandSpec spec;

    @Option(names = "--env", defaultValue = "Hopper-v5", paramLabel = "ID",
            description = "Gymnasium env id, or java:<id> (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--envs", defaultValue = "1", paramLabel = "N", description = "Number of envs (default: ${DEFAULT-VALUE}).")
    int numEnvs;

    @Option(names = "--steps", defaultValue = "100000", paramLabel = "N",
            description = "Environment steps to train for (default: ${DEFAULT-VALUE}); whole batches of 2048 are run.")
    long steps;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Master seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON line instead of text.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (numEnvs < 1 || BATCH % numEnvs != 0) {
            throw new ConfigException("--envs must divide the batch of " + BATCH + " (1, 2, 4, 8, 16, ...) so that the rollout is "
                    + BATCH + "/N steps; got " + numEnvs + ".");
        }
        PpoConfig config = ConfigFiles.resolve(ConfigFiles.preset("mujoco"), Map.of(
                "env_id", env,
                "num_envs", Integer.toString(numEnvs),
                "rollout_steps", Integer.toString(BATCH / numEnvs),
                "num_workers", Integer.toString(Math.min(numEnvs, 2)),
                "total_steps", Long.toString(steps),
                "seed", Long.toString(seed),
                "checkpoint_interval", "0"));
        Path runPath = Files.createTempDirectory("ppo4j-bench-train-");
        double[] collectSeconds = {0};
        double[] updateSeconds = {0};
        long trainedSteps;
        long wallNanos;
        long[] peakRss;
        try (PeakRss memory = PeakRss.start()) {
            RunDirectory run = RunDirectory.create(runPath, config);
            try (VectorEnv envs = Environments.make(config)) {
                PpoTrainer.Listener listener = new PpoTrainer.Listener() {
                    @Override
                    public void onUpdate(int update, long globalStep, Map<String, Double> scalars, EpisodeTracker episodes) {
                        collectSeconds[0] += scalars.get(MetricKeys.COLLECT_SECONDS);
                        updateSeconds[0] += scalars.get(MetricKeys.UPDATE_SECONDS);
                    }

                    @Override
                    public void onEpisode(EpisodeTracker.Episode episode) {
                        // Returns are not what this benchmark measures.
                    }

                    @Override
                    public void onCheckpoint(int update, long globalStep, Checkpoint checkpoint) throws IOException {
                        run.writeCheckpoint(update, checkpoint);
                    }
                };
                long start = System.nanoTime();
                TrainedPolicy policy = new PpoTrainer(config).train(envs, listener, null);
                wallNanos = System.nanoTime() - start;
                trainedSteps = policy.stepsTrained();
                policy.export(run.path().resolve(RunDirectory.POLICY_FILE));
                // The workers are still alive here: take a last sample before they exit.
                peakRss = memory.sample();
            }
        } finally {
            deleteRecursively(runPath);
        }
        double wallSeconds = wallNanos / 1e9;
        double sps = trainedSteps / wallSeconds;
        // Engine and session set-up, the final checkpoint and logging: what neither collection nor updates account for.
        double otherSeconds = wallSeconds - collectSeconds[0] - updateSeconds[0];
        double jvmMib = peakRss[0] / 1024.0;
        double workersMib = peakRss[1] / 1024.0;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("env", env);
            figures.put("envs", numEnvs);
            figures.put("steps", trainedSteps);
            figures.put("sps", sps);
            figures.put("wall_seconds", wallSeconds);
            figures.put("collect_seconds", collectSeconds[0]);
            figures.put("update_seconds", updateSeconds[0]);
            figures.put("other_seconds", otherSeconds);
            figures.put("peak_rss_mib", jvmMib + workersMib);
            figures.put("jvm_peak_rss_mib", jvmMib);
            figures.put("workers_peak_rss_mib", workersMib);
            out.println(new Gson().toJson(figures));
        } else {
            out.printf(Locale.ROOT, "bench train %s, %d env(s) x %d rollout steps, %d steps:%n", env, numEnvs, BATCH / numEnvs,
                    trainedSteps);
            out.printf(Locale.ROOT, "  %.0f steps/s overall (%.1f s); collect %.1f s, update %.1f s, set-up and other %.1f s%n",
                    sps, wallSeconds, collectSeconds[0], updateSeconds[0], otherSeconds);
            out.printf(Locale.ROOT, "  peak RSS %.0f MiB (JVM %.0f MiB + workers %.0f MiB)%n", jvmMib + workersMib, jvmMib,
                    workersMib);
        }
        out.flush();
        return 0;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
