package dev.ppo4j.bridge;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ppo4j.env.VectorStep;
import dev.ppo4j.env.WorkerException;
import dev.ppo4j.env.spaces.Space;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures env throughput through the bridge next to the same envs stepped directly in Python by
 * W processes ({@code python -m ppo4j.direct_bench}) in the same run, with random actions.
 * Rounds alternate between the two so that both see the same machine load; the medians are reported.
 * Next to wall-clock throughput it reports CPU time per env step (bridge: its workers plus this JVM;
 * direct: the W processes), which stays meaningful when other programs load the machine.
 */
public final class EnvBenchmark {

    /**
     * What to measure.
     *
     * @param envId Gymnasium id
     * @param kwargsJson keyword arguments for {@code gymnasium.make}, a JSON object
     * @param numEnvs N envs in total
     * @param workers W worker processes (and W direct-stepping processes)
     * @param groups G pipelining groups of the bridge (1 = plain synchronous {@code step})
     * @param steps vector steps per round
     * @param rounds rounds of each kind
     * @param transport how the bridge moves per-step data
     * @param seed seeds envs and random actions
     * @param workerWait how the JVM and the workers wait for each other's doorbell
     */
    public record Config(String envId, String kwargsJson, int numEnvs, int workers, int groups, int steps, int rounds,
            Transport transport, long seed, WorkerWait workerWait) {}

    /**
     * Measured throughputs in env steps per second.
     *
     * @param config what was measured
     * @param bridgeRounds steps/s of each bridge round
     * @param directRounds steps/s of each direct round (summed over the W processes)
     * @param bridgeCpuMicros CPU µs per env step of each bridge round (workers and JVM)
     * @param jvmCpuMicros the JVM's share of {@code bridgeCpuMicros}
     * @param directCpuMicros CPU µs per env step of each direct round
     * @param loadAverages the system's one-minute load average before and after the run (negative if unknown)
     */
    public record Result(Config config, double[] bridgeRounds, double[] directRounds, double[] bridgeCpuMicros,
            double[] jvmCpuMicros, double[] directCpuMicros, double[] loadAverages) {

        /** Median bridge steps/s. */
        public double bridgeStepsPerSecond() {
            return median(bridgeRounds);
        }

        /** Median direct steps/s. */
        public double directStepsPerSecond() {
            return median(directRounds);
        }

        /** Bridge over direct throughput. */
        public double ratio() {
            return bridgeStepsPerSecond() / directStepsPerSecond();
        }

        /** One JSON line with {@code bridge_sps}, {@code direct_sps}, {@code ratio} and the settings. */
        public String toJson() {
            JsonObject json = new JsonObject();
            json.addProperty("env", config.envId());
            json.addProperty("envs", config.numEnvs());
            json.addProperty("workers", config.workers());
            json.addProperty("groups", config.groups());
            json.addProperty("transport", config.transport().name().toLowerCase(java.util.Locale.ROOT));
            json.addProperty("steps", config.steps());
            json.addProperty("rounds", config.rounds());
            json.addProperty("bridge_sps", Math.round(bridgeStepsPerSecond()));
            json.addProperty("direct_sps", Math.round(directStepsPerSecond()));
            json.addProperty("ratio", Math.round(ratio() * 1000) / 1000.0);
            json.add("bridge_sps_rounds", rounded(bridgeRounds));
            json.add("direct_sps_rounds", rounded(directRounds));
            json.addProperty("bridge_cpu_us_per_step", Math.round(median(bridgeCpuMicros) * 10) / 10.0);
            json.addProperty("bridge_jvm_cpu_us_per_step", Math.round(median(jvmCpuMicros) * 10) / 10.0);
            json.addProperty("direct_cpu_us_per_step", Math.round(median(directCpuMicros) * 10) / 10.0);
            JsonArray load = new JsonArray();
            for (double l : loadAverages) {
                load.add(Math.round(l * 100) / 100.0);
            }
            json.add("load_average_before_after", load);
            json.addProperty("cores", Runtime.getRuntime().availableProcessors());
            return json.toString();
        }

        /** A short human-readable table. */
        public String toText() {
            return String.format(java.util.Locale.ROOT,
                    "%s, %d envs over %d workers (%d group%s, %s), %d vector steps x %d rounds%n"
                            + "  bridge: %,10.0f steps/s   (rounds %s)%n"
                            + "  direct: %,10.0f steps/s   (rounds %s)%n"
                            + "  ratio:  %10.3f%n"
                            + "  CPU per env step: bridge %.1f us (workers + JVM %.1f), direct %.1f us%n"
                            + "  load average before/after: %.2f / %.2f on %d cores (other programs skew wall-clock figures)",
                    config.envId(), config.numEnvs(), config.workers(), config.groups(), config.groups() == 1 ? "" : "s",
                    config.transport(), config.steps(), config.rounds(), bridgeStepsPerSecond(), Arrays.toString(roundedInts(bridgeRounds)),
                    directStepsPerSecond(), Arrays.toString(roundedInts(directRounds)), ratio(),
                    median(bridgeCpuMicros), median(jvmCpuMicros), median(directCpuMicros), loadAverages[0], loadAverages[1],
                    Runtime.getRuntime().availableProcessors());
        }

        private static JsonArray rounded(double[] values) {
            JsonArray array = new JsonArray();
            for (double v : values) {
                array.add(Math.round(v));
            }
            return array;
        }

        private static long[] roundedInts(double[] values) {
            return Arrays.stream(values).mapToLong(Math::round).toArray();
        }

        private static double median(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }

    private EnvBenchmark() {}

    /** Runs the benchmark: W workers through the bridge, then W direct processes, {@code rounds} times. */
    public static Result run(Config config, PythonRuntime runtime) {
        double[] bridge = new double[config.rounds()];
        double[] direct = new double[config.rounds()];
        double[] bridgeCpu = new double[config.rounds()];
        double[] jvmCpu = new double[config.rounds()];
        double[] directCpu = new double[config.rounds()];
        double loadBefore = systemLoad();
        try (PythonVectorEnv env = PythonVectorEnv.builder(config.envId()).kwargs(config.kwargsJson())
                .numEnvs(config.numEnvs()).workers(config.workers()).groups(config.groups())
                .transport(config.transport()).workerWait(config.workerWait()).runtime(runtime).build()) {
            BridgeLoop loop = new BridgeLoop(env, config.seed());
            loop.run(config.steps()); // untimed: lets the JIT compile the stepping path, as in any long run
            for (int r = 0; r < config.rounds(); r++) {
                double envSteps = (double) config.steps() * config.numEnvs();
                double cpuBefore = cpuSeconds(env);
                double jvmBefore = cpuSeconds(ProcessHandle.current());
                bridge[r] = loop.run(config.steps());
                jvmCpu[r] = (cpuSeconds(ProcessHandle.current()) - jvmBefore) * 1e6 / envSteps;
                bridgeCpu[r] = (cpuSeconds(env) - cpuBefore) * 1e6 / envSteps;
                double[] measured = direct(config.envId(), config.kwargsJson(), config.numEnvs(), config.workers(),
                        config.steps(), config.seed() + 1000L * (r + 1), runtime);
                direct[r] = measured[0];
                directCpu[r] = measured[1];
            }
        }
        return new Result(config, bridge, direct, bridgeCpu, jvmCpu, directCpu, new double[] {loadBefore, systemLoad()});
    }

    private static double systemLoad() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double cpuSeconds(PythonVectorEnv env) {
        double seconds = cpuSeconds(ProcessHandle.current());
        for (long pid : env.workerPids()) {
            seconds += ProcessHandle.of(pid).map(EnvBenchmark::cpuSeconds).orElse(0.0);
        }
        return seconds;
    }

    private static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    /** Steps the bridge with random actions, pipelining the groups as a trainer would. */
    private static final class BridgeLoop {
        private final PythonVectorEnv env;
        private final SplittableRandom rng;
        private final Space actionSpace;
        private final int groupEnvs;
        private final float[][] groupActions;
        private final float[] oneAction;
        private final VectorStep out;

        BridgeLoop(PythonVectorEnv env, long seed) {
            this.env = env;
            rng = new SplittableRandom(seed);
            actionSpace = env.singleActionSpace();
            groupEnvs = env.numEnvs() / env.numGroups();
            groupActions = new float[env.numGroups()][groupEnvs * env.actionDim()];
            oneAction = new float[env.actionDim()];
            out = new VectorStep(env.numEnvs(), env.observationDim());
            env.reset(seed, new float[env.numEnvs() * env.observationDim()]);
        }

        private void sample(int group) {
            for (int j = 0; j < groupEnvs; j++) {
                actionSpace.sample(rng, oneAction);
                System.arraycopy(oneAction, 0, groupActions[group], j * oneAction.length, oneAction.length);
            }
        }

        /** Steps every env {@code steps} times; returns env steps per second. */
        double run(int steps) {
            int groups = env.numGroups();
            long start = System.nanoTime();
            for (int g = 0; g < groups; g++) {
                sample(g);
                env.stepAsync(g, groupActions[g]);
            }
            for (int t = 1; t < steps; t++) {
                for (int g = 0; g < groups; g++) {
                    env.stepWait(g, out);
                    sample(g);
                    env.stepAsync(g, groupActions[g]);
                }
            }
            for (int g = 0; g < groups; g++) {
                env.stepWait(g, out);
            }
            return (double) steps * env.numEnvs() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The ceiling of stepping: {@code numEnvs} envs stepped with random actions directly in
     * Gymnasium, spread over {@code processes} concurrent Python processes as the bridge spreads
     * them over its workers, released together.
     *
     * @param steps vector steps each process takes
     * @return the summed env steps per second
     * @throws WorkerException if a process cannot be started or gives no result
     */
    public static double directStepsPerSecond(String envId, String kwargsJson, int numEnvs, int processes, int steps, long seed,
            PythonRuntime runtime) {
        return direct(envId, kwargsJson, numEnvs, processes, steps, seed, runtime)[0];
    }

    /** W concurrent direct-stepping processes, released together; returns their summed steps/s and CPU µs per step. */
    private static double[] direct(String envId, String kwargsJson, int numEnvs, int workers, int steps, long seed,
            PythonRuntime runtime) {
        List<Process> processes = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                int k = numEnvs / workers + (w < numEnvs % workers ? 1 : 0);
                processes.add(runtime.module("ppo4j.direct_bench", "--env", envId, "--kwargs", kwargsJson,
                        "--envs", Integer.toString(k), "--steps", Integer.toString(steps),
                        "--seed", Long.toString(seed + 100L * w)).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            }
            List<BufferedReader> readers = new ArrayList<>();
            for (Process p : processes) {
                BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                expectLine(reader, "ready");
                readers.add(reader);
            }
            for (Process p : processes) {
                OutputStream go = p.getOutputStream();
                go.write('\n');
                go.flush();
            }
            double stepsPerSecond = 0;
            double cpuSeconds = 0;
            double envSteps = 0;
            for (BufferedReader reader : readers) {
                String line = reader.readLine();
                if (line == null) {
                    throw new WorkerException("A direct-stepping process exited without a result; see its stderr above.");
                }
                JsonObject result = JsonParser.parseString(line).getAsJsonObject();
                stepsPerSecond += result.get("env_steps").getAsDouble() / result.get("seconds").getAsDouble();
                cpuSeconds += result.get("cpu_seconds").getAsDouble();
                envSteps += result.get("env_steps").getAsDouble();
            }
            return new double[] {stepsPerSecond, cpuSeconds * 1e6 / envSteps};
        } catch (IOException e) {
            throw new WorkerException("Could not run python -m ppo4j.direct_bench: " + e.getMessage(), e);
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
            }
        }
    }

    private static void expectLine(BufferedReader reader, String expected) throws IOException {
        String line = reader.readLine();
        if (!expected.equals(line)) {
            throw new WorkerException("python -m ppo4j.direct_bench printed " + line + " instead of " + expected
                    + "; see its stderr above.");
        }
    }
}
