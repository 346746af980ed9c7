package dev.ppo4j.compare;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.ppo4j.metrics.EpisodeTracker;
import dev.ppo4j.metrics.MetricKeys;
import dev.ppo4j.metrics.MetricsLogger;
import dev.ppo4j.train.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What one run of a grid left in its directory: its training episodes, the time it spent, and
 * the evaluation of its final policy.
 *
 * @param variant the variant's name
 * @param env the env id
 * @param seed the master seed
 * @param episodeSteps the global step each training episode ended at
 * @param episodeReturns each training episode's return
 * @param trainingSeconds collection plus update time over all updates (the compute the run spent)
 * @param stepsDone environment steps trained
 * @param evaluationReturns returns of the final policy's evaluation episodes, or null if it was not evaluated
 */
public record RunResult(String variant, String env, long seed, double[] episodeSteps, double[] episodeReturns,
        double trainingSeconds, long stepsDone, double[] evaluationReturns) {
    /** A run is scored on this many last training episodes, as in the PPO paper. */
    public static final int SCORED_EPISODES = EpisodeTracker.WINDOW;

    /** Reads a run directory written by {@code ./ppo4j train}. */
    public static RunResult read(Path runDirectory, String variant, String env, long seed) {
        MetricsLogger.EpisodeLog episodes = MetricsLogger.readEpisodes(runDirectory);
        double[] collect = MetricsLogger.readUpdateColumn(runDirectory, MetricKeys.COLLECT_SECONDS);
        double[] update = MetricsLogger.readUpdateColumn(runDirectory, MetricKeys.UPDATE_SECONDS);
        double[] steps = MetricsLogger.readUpdateColumn(runDirectory, MetricsLogger.STEP_COLUMN);
        double seconds = Arrays.stream(collect).filter(Double::isFinite).sum() + Arrays.stream(update).filter(Double::isFinite).sum();
        long done = steps.length == 0 ? 0 : (long) steps[steps.length - 1];
        return new RunResult(variant, env, seed, episodes.steps(), episodes.returns(), seconds, done,
                readEvaluation(runDirectory.resolve(RunDirectory.EVALUATION_FILE)));
    }

    private static double[] readEvaluation(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonObject json = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
            return new Gson().fromJson(json.get("returns"), double[].class);
        } catch (IOException | RuntimeException e) {
            throw new GridException("The evaluation file " + file + " cannot be read (" + e.getMessage()
                    + "); delete it and run the grid again to re-evaluate that run.");
        }
    }

    /** The run's score: the mean return of its last {@value #SCORED_EPISODES} training episodes (NaN before the first). */
    public double score() {
        return trailingMean(episodeReturns.length - 1);
    }

    /**
     * The learning curve on a step grid: at each step x, the mean return of the last
     * {@value #SCORED_EPISODES} episodes that ended at or before x (NaN where none had, and past
     * the {@link #stepsDone() steps trained}, of which nothing is known), so its last point within
     * the steps trained is the run's score. This is the smoothed curve the within-run statistics use.
     */
    public double[] curve(double[] gridSteps) {
        double[] values = new double[gridSteps.length];
        int last = -1;
        for (int k = 0; k < gridSteps.length; k++) {
            while (last + 1 < episodeSteps.length && episodeSteps[last + 1] <= gridSteps[k]) {
                last++;
            }
            values[k] = gridSteps[k] > stepsDone ? Double.NaN : trailingMean(last);
        }
        return values;
    }

    private double trailingMean(int last) {
        if (last < 0) {
            return Double.NaN;
        }
        int from = Math.max(0, last - SCORED_EPISODES + 1);
        double sum = 0;
        for (int i = from; i <= last; i++) {
            sum += episodeReturns[i];
        }
        return sum / (last - from + 1);
    }
}
