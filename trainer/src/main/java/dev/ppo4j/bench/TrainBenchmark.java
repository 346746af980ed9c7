package dev.ppo4j.bench;

import dev.ppo4j.bridge.EnvBenchmark;
import dev.ppo4j.bridge.PythonRuntime;
import dev.ppo4j.config.ConfigFiles;
import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.env.VectorStep;
import dev.ppo4j.env.local.JavaEnvs;
import dev.ppo4j.env.local.SyncVectorEnv;
import dev.ppo4j.env.spaces.Box;
import dev.ppo4j.env.spaces.Discrete;
import dev.ppo4j.env.spaces.Space;
import dev.ppo4j.metrics.EpisodeTracker;
import dev.ppo4j.metrics.MetricKeys;
import dev.ppo4j.train.Checkpoint;
import dev.ppo4j.train.RunDirectory;
import dev.ppo4j.train.TrainedPolicy;
import dev.ppo4j.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Times a training run of the {@code mujoco} preset for a fixed budget with N envs (rollout
 * {@value #BATCH}/N, so the batch stays {@value #BATCH}) in a temporary run directory: steps per
 * second, the collection/update split, and the peak resident memory of the JVM plus its worker
 * processes ({@link PeakRss}); and the ceiling it is measured against: the same envs stepped with
 * random actions directly, in as many processes as the run has workers ({@link #directStepsPerSecond}).
 */
public final class TrainBenchmark {
    /** The batch every run collects per update, whatever the number of envs. */
    public static final int BATCH = 2048;

    private TrainBenchmark() {}

    /**
     * The figures of a run.
     *
     * @param steps environment steps trained
     * @param wallSeconds wall-clock time of the training
     * @param collectSeconds time spent collecting, over all updates
     * @param updateSeconds time spent updating, over all updates
     * @param jvmPeakKib the JVM's peak resident memory
     * @param workersPeakKib the sum of the worker processes' peak resident memory
     */
    public record Result(long steps, double wallSeconds, double collectSeconds, double updateSeconds, long jvmPeakKib,
            long workersPeakKib) {
        /** Environment steps per second over the whole run. */
        public double stepsPerSecond() {
            return steps / wallSeconds;
        }

        /** Engine and session set-up, the final checkpoint and logging: what neither collection nor updates account for. */
        public double otherSeconds() {
            return wallSeconds - collectSeconds - updateSeconds;
        }

        /** Collection's speed as a fraction of {@code directSps}: how close the bridge and the policy come to the simulators. */
        public double collectRatio(double directSps) {
            return steps / collectSeconds / directSps;
        }

        /**
         * The train ratio this run would reach if collection ran at {@code directSps}, with its
         * updates and set-up as measured: the ceiling for this machine, since the update needs the
         * whole rollout and the next rollout needs the updated policy, so the two cannot overlap.
         */
        public double trainRatioBound(double directSps) {
            double directSeconds = steps / directSps;
            return directSeconds / (directSeconds + updateSeconds + otherSeconds());
        }
    }

    /**
     * The benchmark's config: the {@code mujoco} preset on {@code env} with {@code numEnvs} envs
     * of {@value #BATCH}/{@code numEnvs} rollout steps in {@code groups} pipelining groups, at most
     * 2 workers and no periodic checkpoint.
     *
     * @param numEnvs envs; must divide {@value #BATCH}
     * @param groups pipelining groups; must divide {@code numEnvs}
     * @param workerWait the config value of {@code worker_wait}: auto, spin or block
     */
    public static TrainConfig config(String env, int numEnvs, int groups, String workerWait, long steps, long seed) {
        return ConfigFiles.resolve(ConfigFiles.preset("mujoco"), Map.of(
                "env_id", env,
                "num_envs", Integer.toString(numEnvs),
                "pipeline_groups", Integer.toString(groups),
                "worker_wait", workerWait,
                "rollout_steps", Integer.toString(BATCH / numEnvs),
                "num_workers", Integer.toString(Math.min(numEnvs, 2)),
                "total_steps", Long.toString(steps),
                "seed", Long.toString(seed),
                "checkpoint_interval", "0"));
    }

    /**
     * Trains {@code config} into a temporary run directory, deleted afterwards, and measures it.
     *
     * @param makeEnvs makes the config's envs
     */
    public static Result run(TrainConfig config, Function<TrainConfig, VectorEnv> makeEnvs) throws IOException {
        Path runPath = Files.createTempDirectory("ppo4j-bench-train-");
        try (PeakRss memory = PeakRss.start()) {
            RunDirectory run = RunDirectory.create(runPath, config);
            try (VectorEnv envs = makeEnvs.apply(config)) {
                TimeSplit split = new TimeSplit(run);
                long start = System.nanoTime();
                TrainedPolicy policy = new Trainer(config).train(envs, split, null);
                long wallNanos = System.nanoTime() - start;
                policy.export(run.path().resolve(RunDirectory.POLICY_FILE));
                // The workers are still alive here: take a last sample before they exit.
                long[] peakRss = memory.sample();
                return new Result(policy.stepsTrained(), wallNanos / 1e9, split.collectSeconds, split.updateSeconds, peakRss[0],
                        peakRss[1]);
            }
        } finally {
            deleteRecursively(runPath);
        }
    }

    /**
     * Env steps per second of {@code config}'s envs stepped with uniformly random actions and no
     * policy: Gymnasium envs in {@link TrainConfig#workersUsed()} concurrent Python processes
     * ({@link EnvBenchmark#directStepsPerSecond}), pure-Java envs in this thread.
     *
     * @param envSteps env steps to take in all
     */
    public static double directStepsPerSecond(TrainConfig config, long envSteps) {
        int vectorSteps = (int) Math.max(1, envSteps / config.numEnvs());
        if (!JavaEnvs.namesJavaEnv(config.envId())) {
            return EnvBenchmark.directStepsPerSecond(config.envId(), config.envKwargs(), config.numEnvs(), config.workersUsed(),
                    vectorSteps, config.seed(), PythonRuntime.locate());
        }
        try (SyncVectorEnv envs = new SyncVectorEnv(JavaEnvs.factory(JavaEnvs.gymnasiumId(config.envId())), config.numEnvs())) {
            float[] actions = new float[config.numEnvs() * envs.actionDim()];
            VectorStep step = new VectorStep(config.numEnvs(), envs.observationDim());
            envs.reset(config.seed(), new float[config.numEnvs() * envs.observationDim()]);
            SplittableRandom random = new SplittableRandom(config.seed());
            long start = System.nanoTime();
            for (int t = 0; t < vectorSteps; t++) {
                randomActions(envs.singleActionSpace(), random, actions);
                envs.step(actions, step);
            }
            return (double) vectorSteps * config.numEnvs() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void randomActions(Space space, SplittableRandom random, float[] actions) {
        if (space instanceof Box box) {
            int dim = box.flatDim();
            for (int k = 0; k < actions.length; k++) {
                actions[k] = (float) random.nextDouble(box.low(k % dim), box.high(k % dim));
            }
        } else {
            Discrete discrete = (Discrete) space;
            for (int k = 0; k < actions.length; k++) {
                actions[k] = discrete.start() + random.nextInt(discrete.n());
            }
        }
    }

    /** Sums the collection and update times the trainer reports; writes the final checkpoint as a real run would. */
    private static final class TimeSplit implements Trainer.Listener {
        private final RunDirectory run;
        private double collectSeconds;
        private double updateSeconds;

        TimeSplit(RunDirectory run) {
            this.run = run;
        }

        @Override
        public void onUpdate(int update, long globalStep, Map<String, Double> scalars, EpisodeTracker episodes) {
            collectSeconds += scalars.get(MetricKeys.COLLECT_SECONDS);
            updateSeconds += scalars.get(MetricKeys.UPDATE_SECONDS);
        }

        @Override
        public void onEpisode(EpisodeTracker.Episode episode) {
            // Returns are not what this benchmark measures.
        }

        @Override
        public void onCheckpoint(int update, long globalStep, Checkpoint checkpoint) throws IOException {
            run.writeCheckpoint(update, checkpoint);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
