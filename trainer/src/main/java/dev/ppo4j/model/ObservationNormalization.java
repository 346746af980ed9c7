package dev.ppo4j.model;

/**
 * Frozen observation-normalisation statistics: {@code clip((obs − mean) / sqrt(var + ε), −clip, clip)}.
 *
 * @param mean running mean per observation dimension
 * @param variance running variance per observation dimension
 * @param epsilon added to the variance before the square root
 * @param clip bound of the normalised observation (10 by default: docs/ppo.md, "Observation and reward normalisation")
 */
public record ObservationNormalization(double[] mean, double[] variance, double epsilon, double clip) {
    /** Checks lengths and ranges, and copies the arrays. */
    public ObservationNormalization {
        if (mean.length != variance.length) {
            throw new IllegalArgumentException("Observation mean and variance must have one length, got "
                    + mean.length + " and " + variance.length + ".");
        }
        if (!(epsilon >= 0) || !(clip > 0)) {
            throw new IllegalArgumentException("Normalisation needs epsilon ≥ 0 and clip > 0, got " + epsilon
                    + " and " + clip + ".");
        }
        for (double v : variance) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("Observation variances must be finite and non-negative, got " + v + ".");
            }
        }
        mean = mean.clone();
        variance = variance.clone();
    }

    /**
     * Statistics that leave observations unchanged apart from the clip (mean 0, variance 1, ε 0).
     *
     * @param dim observation dimension
     * @param clip bound of the normalised observation
     * @return the identity normalisation
     */
    public static ObservationNormalization identity(int dim, double clip) {
        double[] ones = new double[dim];
        java.util.Arrays.fill(ones, 1.0);
        return new ObservationNormalization(new double[dim], ones, 0.0, clip);
    }

    /**
     * A copy of the mean.
     *
     * @return the mean per dimension
     */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /**
     * A copy of the variance.
     *
     * @return the variance per dimension
     */
    @Override
    public double[] variance() {
        return variance.clone();
    }

    /**
     * Normalises one batch of observations exactly as the exported graph does (float32 result).
     *
     * @param raw {@code batch × dim} raw observations
     * @param batch number of rows
     * @param out receives {@code batch × dim} normalised observations
     */
    public void apply(float[] raw, int batch, float[] out) {
        int dim = mean.length;
        float[] scale = inverseStd();
        for (int r = 0; r < batch; r++) {
            for (int c = 0; c < dim; c++) {
                int i = r * dim + c;
                float z = (raw[i] - (float) mean[c]) * scale[c];
                out[i] = Math.max((float) -clip, Math.min((float) clip, z));
            }
        }
    }

    /** 1/sqrt(var + ε) per dimension, computed in double and rounded once. */
    float[] inverseStd() {
        float[] out = new float[mean.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (1.0 / Math.sqrt(variance[i] + epsilon));
        }
        return out;
    }
}
