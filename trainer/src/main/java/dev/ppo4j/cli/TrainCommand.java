package dev.ppo4j.cli;

import ai.onnxruntime.OrtException;
import dev.ppo4j.bridge.PythonVectorEnv;
import dev.ppo4j.compare.TrainerCommand;
import dev.ppo4j.config.ConfigException;
import dev.ppo4j.config.ConfigFiles;
import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.metrics.EpisodeTracker;
import dev.ppo4j.metrics.MetricsLogger;
import dev.ppo4j.metrics.MetricsWriteException;
import dev.ppo4j.metrics.TrainingProgress;
import dev.ppo4j.train.Checkpoint;
import dev.ppo4j.train.PolicyEvaluator;
import dev.ppo4j.train.RunDirectory;
import dev.ppo4j.train.TrainedPolicy;
import dev.ppo4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ./ppo4j train}: trains a PPO agent and writes its run directory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a PPO agent (with no arguments: Hopper-v5 for 1M steps in the paper's MuJoCo setting).",
            "Writes a run directory: config.properties, metrics.csv, episodes.csv, TensorBoard events, learning_curve.png,"
                    + " checkpoints/ and policy.onnx."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--env", paramLabel = "ID", description = "Gymnasium env id, or java:<id> for a pure-Java env (default: the preset's env; Hopper-v5 without --preset).")
    String env;

    @Option(names = "--env-kwargs", paramLabel = "JSON", description = "Keyword arguments for gymnasium.make, as a JSON object.")
    String envKwargs;

    @Option(names = "--steps", paramLabel = "N", description = "Environment steps to train for (default: the preset's, 1M for MuJoCo).")
    Long steps;

    @Option(names = "--seed", paramLabel = "N", description = "Master seed (default: 1).")
    Long seed;

    @Option(names = "--preset", paramLabel = "NAME", completionCandidates = PresetNames.class,
            description = "Bundled preset to start from: ${COMPLETION-CANDIDATES} (default: chosen by env and algorithm).")
    String preset;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file layered over the preset (same keys as --list-config).")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one config field; repeatable, e.g. --set clip_range=0.1.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/<env>__<seed>__<timestamp>).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its last checkpoint.")
    Path resume;

    @Option(names = "--eval-episodes", paramLabel = "N", defaultValue = "0",
            description = "After training, evaluate the policy for N episodes with fixed seeds (" + PolicyEvaluator.DEFAULT_SEED + ", "
                    + (PolicyEvaluator.DEFAULT_SEED + 1) + ", ...) and write "
                    + RunDirectory.EVALUATION_FILE + " (default: ${DEFAULT-VALUE}, no evaluation).")
    int evalEpisodes;

    @Option(names = "--list-config", description = "Print every config field with its value and documentation, then exit.")
    boolean listConfig;

    /** The bundled presets' names, for {@code --preset}'s help. */
    static final class PresetNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ConfigFiles.PRESETS.iterator();
        }
    }

    @Override
    public Integer call() throws IOException, OrtException {
        if (evalEpisodes < 0) {
            throw new ConfigException("--eval-episodes must be 0 (no evaluation) or more; got " + evalEpisodes + ".");
        }
        if (resume != null) {
            if (env != null || envKwargs != null || steps != null || seed != null || preset != null || configFile != null
                    || !overrides.isEmpty() || out != null) {
                throw new ConfigException("--resume continues a run with its own config; drop the other options (only --eval-episodes goes with it).");
            }
            RunDirectory run = RunDirectory.open(resume);
            run.removeUnfinishedWrites();
            Checkpoint checkpoint = run.latestCheckpoint().orElse(null);
            TrainConfig config = run.config();
            if (checkpoint == null) {
                System.err.printf("%s has no checkpoint (it stopped before its first one); starting it from the beginning.%n", run.path());
            } else {
                System.err.printf("Resuming %s from update %d (step %d of %d).%n", run.path(), checkpoint.longValue("update"),
                        checkpoint.longValue("global_step"), config.numUpdates() * (long) config.batchSize());
            }
            return train(config, run, true, checkpoint, Environments.make(config), evalEpisodes);
        }
        TrainConfig config = resolveConfig();
        if (listConfig) {
            System.out.print(ConfigFiles.describe(config));
            return 0;
        }
        // The envs come first so that an env that cannot be made leaves no run directory behind.
        VectorEnv envs = Environments.make(config);
        RunDirectory run;
        try {
            run = RunDirectory.create(out, config);
        } catch (RuntimeException e) {
            envs.close();
            throw e;
        }
        return train(config, run, false, null, envs, evalEpisodes);
    }

    private TrainConfig resolveConfig() {
        Map<String, String> flags = new LinkedHashMap<>();
        if (env != null) {
            flags.put("env_id", env);
        }
        if (envKwargs != null) {
            flags.put("env_kwargs", envKwargs);
        }
        if (steps != null) {
            flags.put("total_steps", steps.toString());
        }
        if (seed != null) {
            flags.put("seed", seed.toString());
        }
        Map<String, String> user = configFile == null ? Map.of() : ConfigFiles.file(configFile);
        Map<String, String> set = ConfigFiles.overrides(overrides);
        try {
            return ConfigFiles.layered(preset, user, set, flags);
        } catch (ConfigException e) {
            // A mistyped env id would hide behind checks that depend on the env's preset (the
            // steps against its batch size): report the env first if it cannot be made.
            Environments.make(ConfigFiles.requested("env_id", user, set, flags), ConfigFiles.requested("env_kwargs", user, set, flags),
                    1, 1).close();
            throw e;
        }
    }

    /** The line that says the run trains whole batches only, so fewer steps than total_steps asked for. */
    private static String roundedStepsNote(TrainConfig config) {
        long trained = (long) config.numUpdates() * config.batchSize();
        return String.format(Locale.ROOT, "Note: total_steps %,d is not a whole number of batches of %,d steps (rollout_steps %d"
                + " x num_envs %d); training %,d updates, %,d steps (%,d fewer).", config.totalSteps(), config.batchSize(),
                config.rolloutSteps(), config.numEnvs(), config.numUpdates(), trained, config.totalSteps() - trained);
    }

    /**
     * Trains, exports the policy and evaluates it; on SIGINT or SIGTERM stops after the current
     * update's checkpoint instead and says how to resume.
     *
     * @param resumed whether the run directory holds an earlier attempt at this run (whose metrics are continued)
     * @param checkpoint where to continue from, or null to start from the beginning
     */
    private static int train(TrainConfig config, RunDirectory run, boolean resumed, Checkpoint checkpoint, VectorEnv envs,
            int evalEpisodes) throws IOException, OrtException {
        long totalSteps = (long) config.numUpdates() * config.batchSize();
        if (totalSteps != config.totalSteps()) {
            System.err.println(roundedStepsNote(config));
        }
        System.err.printf("Training %s for %d steps (seed %d); run directory %s%n", config.envId(), totalSteps, config.seed(),
                run.path());
        if (envs instanceof PythonVectorEnv workers) {
            System.err.println(workerWaitLine(config, workers));
        }
        long startStep = checkpoint == null ? 0 : checkpoint.longValue("global_step");
        StopSignals stop = StopSignals.install();
        TrainedPolicy policy;
        try (stop; envs;
                MetricsLogger metrics = resumed
                        ? MetricsLogger.resume(run.path(), config.envId(), config.seed(), startStep)
                        : MetricsLogger.create(run.path(), config.envId(), config.seed())) {
            EpisodeTracker[] episodeStatistics = {null};
            // Closed before the summary is printed: a progress bar redraws itself as it closes, over whatever follows it.
            try (TrainingProgress progress = TrainingProgress.start(config.envId(), startStep, totalSteps)) {
                policy = new Trainer(config).train(envs, listener(run, metrics, progress, stop, episodeStatistics), checkpoint);
            }
            if (policy.stepsTrained() == totalSteps) {
                Path exported = export(policy, run);
                System.err.printf("Trained %s for %d steps; mean return of the last %d episodes: %.1f.%n", config.envId(),
                        policy.stepsTrained(), EpisodeTracker.WINDOW, episodeStatistics[0] == null ? Double.NaN
                                : episodeStatistics[0].meanReturn());
                System.err.printf("Run directory: %s%nEvaluate with: ./ppo4j eval --policy %s --episodes 10%n", run.path(), exported);
            }
        } catch (MetricsWriteException e) {
            throw run.cannotWrite(e.file(), e.getCause());
        }
        if (policy.stepsTrained() < totalSteps) {
            System.err.printf("Stopped by %s at step %d of %d, after writing the checkpoint of that update.%n"
                    + "Continue with: ./ppo4j train --resume %s%n", stop.signalName(), policy.stepsTrained(), totalSteps, run.path());
            return stop.exitCode();
        }
        if (evalEpisodes > 0) {
            Evaluation evaluation = Evaluation.run(run.path().resolve(RunDirectory.POLICY_FILE), null, null, evalEpisodes, PolicyEvaluator.DEFAULT_SEED);
            Path evaluationFile = run.path().resolve(RunDirectory.EVALUATION_FILE);
            try {
                evaluation.write(evaluationFile);
            } catch (IOException e) {
                throw run.cannotWrite(evaluationFile, e);
            }
            System.err.print(evaluation.table());
        }
        return 0;
    }

    /** How the run's Python workers and the trainer wait for each other, and why. */
    private static String workerWaitLine(TrainConfig config, PythonVectorEnv workers) {
        return String.format(Locale.ROOT, "%d Python worker(s); waiting for each other's steps, they and the trainer %s"
                + " (worker_wait = %s%s)",
                workers.numWorkers(), workers.workersSpin() ? "poll briefly, then sleep" : "sleep at once",
                config.workerWait().name().toLowerCase(Locale.ROOT),
                TrainerCommand.runningAmongOtherRuns() ? ", among other runs of a grid" : "");
    }

    /** Writes the trained policy into the run directory and returns its path. */
    private static Path export(TrainedPolicy policy, RunDirectory run) {
        Path file = run.path().resolve(RunDirectory.POLICY_FILE);
        try {
            policy.export(file);
        } catch (IOException e) {
            throw run.cannotWrite(file, e);
        }
        return file;
    }

    /**
     * Logs each update and episode, shows progress, writes checkpoints, keeps the latest episode
     * statistics, and stops the loop once a signal arrived.
     */
    private static Trainer.Listener listener(RunDirectory run, MetricsLogger metrics, TrainingProgress progress, StopSignals stop,
            EpisodeTracker[] episodeStatistics) {
        return new Trainer.Listener() {
            @Override
            public void onUpdate(int update, long globalStep, Map<String, Double> scalars, EpisodeTracker episodes) {
                metrics.logUpdate(globalStep, scalars);
                progress.update(globalStep, episodes.recentMeanReturn());
                episodeStatistics[0] = episodes;
            }

            @Override
            public void onEpisode(EpisodeTracker.Episode episode) {
                metrics.logEpisode(episode.globalStep(), episode.episodeReturn(), episode.length());
            }

            @Override
            public void onCheckpoint(int update, long globalStep, Checkpoint c) {
                run.writeCheckpoint(update, c);
                metrics.writeLearningCurve();
            }

            @Override
            public boolean stopRequested() {
                return stop.requested();
            }
        };
    }
}
