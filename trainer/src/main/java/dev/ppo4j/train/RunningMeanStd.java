package dev.ppo4j.train;

import java.util.Arrays;

/**
 * Running mean and variance of vectors with float64 accumulators, merged batch by batch with
 * Chan et al.'s parallel formula (as Gymnasium's and Stable-Baselines3's RunningMeanStd).
 */
public final class RunningMeanStd {
    private final double[] mean;
    private final double[] var;
    private double count;
    private final double[] batchMean;
    private final double[] batchVar;

    /** Statistics of vectors of length {@code dim}, starting at mean 0, variance 1, count 1e-4. */
    public RunningMeanStd(int dim) {
        mean = new double[dim];
        var = new double[dim];
        Arrays.fill(var, 1.0);
        count = 1e-4;
        batchMean = new double[dim];
        batchVar = new double[dim];
    }

    /** Vector length. */
    public int dim() {
        return mean.length;
    }

    /** Merges {@code rows} vectors stored flat in {@code values} into the statistics. */
    public void update(float[] values, int rows) {
        int dim = mean.length;
        Arrays.fill(batchMean, 0.0);
        Arrays.fill(batchVar, 0.0);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dim; j++) {
                batchMean[j] += values[r * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            batchMean[j] /= rows;
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dim; j++) {
                double d = values[r * dim + j] - batchMean[j];
                batchVar[j] += d * d;
            }
        }
        double total = count + rows;
        for (int j = 0; j < dim; j++) {
            double delta = batchMean[j] - mean[j];
            double m2 = var[j] * count + batchVar[j] + delta * delta * count * rows / total;
            mean[j] += delta * rows / total;
            var[j] = m2 / total;
        }
        count = total;
    }

    /** Merges one scalar. */
    public void update(double value) {
        double total = count + 1;
        double delta = value - mean[0];
        var[0] = (var[0] * count + delta * delta * count / total) / total;
        mean[0] += delta / total;
        count = total;
    }

    /** A copy of the running mean. */
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the running variance. */
    public double[] var() {
        return var.clone();
    }

    /** The (fractional) number of samples merged. */
    public double count() {
        return count;
    }

    /** Element {@code j} of the mean, without copying. */
    public double mean(int j) {
        return mean[j];
    }

    /** Element {@code j} of the variance, without copying. */
    public double var(int j) {
        return var[j];
    }

    /** Restores saved statistics (from a checkpoint). */
    public void restore(double[] savedMean, double[] savedVar, double savedCount) {
        if (savedMean.length != mean.length || savedVar.length != var.length) {
            throw new IllegalArgumentException("Saved statistics have length " + savedMean.length + ", expected " + mean.length + ".");
        }
        System.arraycopy(savedMean, 0, mean, 0, mean.length);
        System.arraycopy(savedVar, 0, var, 0, var.length);
        count = savedCount;
    }
}
