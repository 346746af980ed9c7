package dev.ppo4j.metrics;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * Per-env running episode returns and lengths of the raw (unscaled) rewards, and a window of
 * the most recent finished episodes (as Gymnasium's RecordEpisodeStatistics and
 * Stable-Baselines3's 100-episode info buffer).
 */
public final class EpisodeTracker {
    /** Finished episodes kept for the recent means, as Stable-Baselines3's {@code ep_info_buffer}. */
    public static final int WINDOW = 100;

    /** One finished episode. */
    public record Episode(long globalStep, double episodeReturn, int length) {}

    private final double[] returns;
    private final int[] lengths;
    private final Deque<Episode> recent = new ArrayDeque<>();
    private long finished;

    /** A tracker for {@code numEnvs} envs. */
    public EpisodeTracker(int numEnvs) {
        returns = new double[numEnvs];
        lengths = new int[numEnvs];
    }

    /**
     * Adds env {@code env}'s reward; if the episode ended, records it and starts the next.
     *
     * @return the finished episode, or null
     */
    public Episode record(int env, double reward, boolean episodeEnded, long globalStep) {
        returns[env] += reward;
        lengths[env]++;
        if (!episodeEnded) {
            return null;
        }
        Episode e = new Episode(globalStep, returns[env], lengths[env]);
        returns[env] = 0;
        lengths[env] = 0;
        recent.addLast(e);
        if (recent.size() > WINDOW) {
            recent.removeFirst();
        }
        finished++;
        return e;
    }

    /** Mean return of the recent window, or NaN before the first episode ends. */
    public double meanReturn() {
        return recent.stream().mapToDouble(Episode::episodeReturn).average().orElse(Double.NaN);
    }

    /** Mean return of the recent window, or empty before the first episode ends (for progress displays). */
    public OptionalDouble recentMeanReturn() {
        return recent.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(meanReturn());
    }

    /** Mean length of the recent window, or NaN before the first episode ends. */
    public double meanLength() {
        return recent.stream().mapToInt(Episode::length).average().orElse(Double.NaN);
    }

    /** Finished episodes so far. */
    public long finishedEpisodes() {
        return finished;
    }

    /** The recent window's returns, oldest first (for checkpoints). */
    public double[] recentReturns() {
        return recent.stream().mapToDouble(Episode::episodeReturn).toArray();
    }

    /** The recent window's lengths, oldest first (for checkpoints). */
    public double[] recentLengths() {
        return recent.stream().mapToDouble(Episode::length).toArray();
    }

    /** Restores the recent window and the count of finished episodes from a checkpoint. */
    public void restore(double[] savedReturns, double[] savedLengths, long savedFinished) {
        recent.clear();
        for (int i = 0; i < savedReturns.length; i++) {
            recent.addLast(new Episode(0, savedReturns[i], (int) savedLengths[i]));
        }
        finished = savedFinished;
    }
}
