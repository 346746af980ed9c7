package dev.ppo4j.train;

import dev.ppo4j.config.ConfigFiles;
import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.env.local.JavaEnvs;
import dev.ppo4j.env.local.SyncVectorEnv;
import dev.ppo4j.metrics.EpisodeTracker;
import dev.ppo4j.metrics.MetricKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** In-process training runs on pure-Java envs, recording what the loop reports. */
final class TrainingRuns {
    private TrainingRuns() {}

    /** A preset with {@code key=value} overrides applied. */
    static TrainConfig config(String preset, String... overrides) {
        return ConfigFiles.resolve(ConfigFiles.preset(preset), ConfigFiles.overrides(List.of(overrides)));
    }

    /** What one run produced: the policy, the scalars of every update, every finished episode and every checkpoint. */
    record Recorded(TrainedPolicy policy, List<Map<String, Double>> updates, List<EpisodeTracker.Episode> episodes,
            double finalMeanReturn, List<Checkpoint> checkpoints) {

        /** The per-update scalars without the wall-clock timings, which differ between identical runs. */
        List<Map<String, Double>> updatesWithoutTimings() {
            List<Map<String, Double>> stripped = new ArrayList<>();
            for (Map<String, Double> scalars : updates) {
                Map<String, Double> copy = new LinkedHashMap<>(scalars);
                copy.remove(MetricKeys.COLLECT_SECONDS);
                copy.remove(MetricKeys.UPDATE_SECONDS);
                copy.remove(MetricKeys.FPS);
                stripped.add(copy);
            }
            return stripped;
        }

        /** The final flat parameters. */
        float[] parameters() {
            return policy.parameters().values();
        }
    }

    /** Trains {@code config} on its {@code java:} env from scratch. */
    static Recorded train(TrainConfig config) throws IOException {
        return train(config, null);
    }

    /** Trains {@code config} on its {@code java:} env, optionally from a checkpoint. */
    static Recorded train(TrainConfig config, Checkpoint resumeFrom) throws IOException {
        if (!config.isJavaEnv()) {
            throw new IllegalArgumentException("In-process test runs use java: envs; got " + config.envId());
        }
        List<Map<String, Double>> updates = new ArrayList<>();
        List<EpisodeTracker.Episode> episodes = new ArrayList<>();
        double[] finalMean = {Double.NaN};
        List<Checkpoint> checkpoints = new ArrayList<>();
        Trainer.Listener listener = new Trainer.Listener() {
            @Override
            public void onUpdate(int update, long globalStep, Map<String, Double> scalars, EpisodeTracker tracker) {
                updates.add(new LinkedHashMap<>(scalars));
                finalMean[0] = tracker.meanReturn();
            }

            @Override
            public void onEpisode(EpisodeTracker.Episode episode) {
                episodes.add(episode);
            }

            @Override
            public void onCheckpoint(int update, long globalStep, Checkpoint checkpoint) {
                checkpoints.add(checkpoint);
            }
        };
        try (SyncVectorEnv envs = new SyncVectorEnv(JavaEnvs.factory(JavaEnvs.gymnasiumId(config.envId())), config.numEnvs(),
                config.envSeeding(), config.pipelineGroups())) {
            TrainedPolicy policy = new Trainer(config).train(envs, listener, resumeFrom);
            return new Recorded(policy, updates, episodes, finalMean[0], checkpoints);
        }
    }

    /** Whether two float arrays hold the same bits. */
    static boolean bitIdentical(float[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** A short description of where two arrays first differ. */
    static String firstDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            return "lengths " + a.length + " vs " + b.length;
        }
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return "index " + i + ": " + a[i] + " vs " + b[i];
            }
        }
        return "none";
    }
}
