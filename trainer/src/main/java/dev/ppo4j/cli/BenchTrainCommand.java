package dev.ppo4j.cli;

import com.google.gson.Gson;
import dev.ppo4j.bench.TrainBenchmark;
import dev.ppo4j.config.ConfigException;
import dev.ppo4j.config.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./ppo4j bench train}: runs {@link TrainBenchmark} (the default MuJoCo preset for a fixed
 * budget with N envs) and prints steps/s, the collection/update split and the peak resident
 * memory of the JVM plus its worker processes.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Time a training run of the mujoco preset.",
            "N envs x 2048/N rollout steps, min(N, 2) workers. Prints steps/s overall, seconds spent collecting and updating,"
                    + " and peak RSS (JVM + workers).",
            "collect_ratio is collection's speed over direct stepping's; train_ratio_bound is the train_ratio collection at the"
                    + " direct speed would give, the update and set-up unchanged (they cannot overlap collection).",
            "Peak RSS is the JVM's VmHWM plus each descendant process's largest VmHWM (from /proc, sampled every 100 ms"
                    + " while the run lasts): an upper bound, as the processes may peak at different times."})
final class BenchTrainCommand implements Callable<Integer> {
    private static final int BATCH = TrainBenchmark.BATCH;

    @Spec
    CommandSpec spec;

    @Option(names = "--env", defaultValue = "Hopper-v5", paramLabel = "ID",
            description = "Gymnasium env id, or java:<id> (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--envs", defaultValue = "1", paramLabel = "N", description = "Number of envs (default: ${DEFAULT-VALUE}).")
    int numEnvs;

    @Option(names = "--groups", defaultValue = "1", paramLabel = "G",
            description = "Pipelining groups (config key pipeline_groups; default: ${DEFAULT-VALUE}).")
    int groups;

    @Option(names = "--worker-wait", defaultValue = "auto", paramLabel = "auto|spin|block",
            description = "How the trainer and its workers wait for each other (config key worker_wait; default: ${DEFAULT-VALUE}).")
    String workerWait;

    @Option(names = "--direct-steps", defaultValue = "40000", paramLabel = "N",
            description = "Env steps of the direct-stepping ceiling measured after the run (default: ${DEFAULT-VALUE}; 0 skips it).")
    long directSteps;

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
        TrainConfig config = TrainBenchmark.config(env, numEnvs, groups, workerWait, steps, seed);
        TrainBenchmark.Result result = TrainBenchmark.run(config, Environments::make);
        double directSps = directSteps > 0 ? TrainBenchmark.directStepsPerSecond(config, directSteps) : Double.NaN;
        double jvmMib = result.jvmPeakKib() / 1024.0;
        double workersMib = result.workersPeakKib() / 1024.0;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("env", env);
            figures.put("envs", numEnvs);
            figures.put("steps", result.steps());
            figures.put("groups", groups);
            figures.put("workers", config.workersUsed());
            figures.put("worker_wait", workerWait);
            figures.put("sps", result.stepsPerSecond());
            figures.put("direct_sps", directSps);
            figures.put("train_ratio", result.stepsPerSecond() / directSps);
            figures.put("collect_ratio", result.collectRatio(directSps));
            figures.put("train_ratio_bound", result.trainRatioBound(directSps));
            figures.put("wall_seconds", result.wallSeconds());
            figures.put("collect_seconds", result.collectSeconds());
            figures.put("update_seconds", result.updateSeconds());
            figures.put("other_seconds", result.otherSeconds());
            figures.put("peak_rss_mib", jvmMib + workersMib);
            figures.put("jvm_peak_rss_mib", jvmMib);
            figures.put("workers_peak_rss_mib", workersMib);
            out.println(new Gson().toJson(figures));
        } else {
            out.printf(Locale.ROOT, "bench train %s, %d env(s) x %d rollout steps in %d group(s), %d worker(s), worker_wait %s,"
                    + " %d steps:%n", env, numEnvs, BATCH / numEnvs, groups, config.workersUsed(), workerWait, result.steps());
            out.printf(Locale.ROOT, "  %.0f steps/s overall (%.1f s); collect %.1f s, update %.1f s, set-up and other %.1f s%n",
                    result.stepsPerSecond(), result.wallSeconds(), result.collectSeconds(), result.updateSeconds(),
                    result.otherSeconds());
            out.printf(Locale.ROOT, "  direct stepping of the same envs with random actions %s: %.0f steps/s; train_ratio %.2f%n",
                    config.isJavaEnv() ? "in this thread" : "in " + config.workersUsed() + " process(es)", directSps,
                    result.stepsPerSecond() / directSps);
            out.printf(Locale.ROOT, "  collection at %.2f of the direct speed; train_ratio at most %.2f with collection at the"
                    + " direct speed and the update and set-up as measured%n", result.collectRatio(directSps),
                    result.trainRatioBound(directSps));
            out.printf(Locale.ROOT, "  peak RSS %.0f MiB (JVM %.0f MiB + workers %.0f MiB)%n", jvmMib + workersMib, jvmMib,
                    workersMib);
        }
        out.flush();
        return 0;
    }
}
