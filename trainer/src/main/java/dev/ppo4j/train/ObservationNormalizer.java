package dev.ppo4j.train;

/**
 * Observation normalisation: (obs − mean) / sqrt(var + ε), clipped to ±clip, with running
 * statistics updated from every collected batch. Disabled, it copies observations through.
 * The exported policy applies the same formula inside its graph ({@link #EPSILON}).
 */
public final class ObservationNormalizer {
    /** Added to the variance before the square root, here and in the exported graph. */
    public static final double EPSILON = 1e-8;

    private final RunningMeanStd stats;
    private final boolean enabled;
    private final double clip;
    private final float[] scaleBuffer;
    private final float[] meanBuffer;

    /** A normaliser for observations of length {@code dim}. */
    public ObservationNormalizer(int dim, boolean enabled, double clip) {
        this.stats = new RunningMeanStd(dim);
        this.enabled = enabled;
        this.clip = clip;
        this.scaleBuffer = new float[dim];
        this.meanBuffer = new float[dim];
        refresh();
    }

    /** Whether observations are normalised. */
    public boolean enabled() {
        return enabled;
    }

    /** The clip bound of normalised observations. */
    public double clip() {
        return clip;
    }

    /** The running statistics (shared, for checkpoints and export). */
    public RunningMeanStd stats() {
        return stats;
    }

    /** Merges {@code rows} raw observations into the statistics (no-op when disabled). */
    public void update(float[] raw, int rows) {
        if (enabled) {
            stats.update(raw, rows);
            refresh();
        }
    }

    /** Writes normalised copies of {@code rows} raw observations into {@code out} at {@code outOffset}. */
    public void normalize(float[] raw, int rawOffset, int rows, float[] out, int outOffset) {
        int dim = stats.dim();
        int n = rows * dim;
        if (!enabled) {
            System.arraycopy(raw, rawOffset, out, outOffset, n);
            return;
        }
        float lo = (float) -clip;
        float hi = (float) clip;
        for (int k = 0; k < n; k++) {
            int j = k % dim;
            float v = (raw[rawOffset + k] - meanBuffer[j]) * scaleBuffer[j];
            out[outOffset + k] = Math.min(Math.max(v, lo), hi);
        }
    }

    /** Re-reads the statistics after an update or restore. */
    public void refresh() {
        for (int j = 0; j < stats.dim(); j++) {
            meanBuffer[j] = (float) stats.mean(j);
            scaleBuffer[j] = (float) (1.0 / Math.sqrt(stats.var(j) + EPSILON));
        }
    }
}
