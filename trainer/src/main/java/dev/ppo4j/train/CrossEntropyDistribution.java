package dev.ppo4j.train;

import java.util.Arrays;
import java.util.Comparator;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * The noisy cross-entropy method's search distribution (Szita and Lőrincz 2006): a diagonal
 * Gaussian over a parameter vector. A generation samples candidates from it with extra variance
 * that decays linearly to 0; the candidates' scores pick the elites, whose mean and (population)
 * variance become the next distribution. Statistics are kept in double precision, candidates
 * are float as the network reads them.
 */
final class CrossEntropyDistribution {
    private final double[] mean;
    private final double[] variance;

    /**
     * A distribution centred on {@code initialMean} with the same standard deviation in every dimension.
     *
     * @param initialMean the first generation's mean
     * @param initialStd the first generation's standard deviation (before extra noise)
     */
    CrossEntropyDistribution(double[] initialMean, double initialStd) {
        this.mean = initialMean.clone();
        this.variance = new double[initialMean.length];
        Arrays.fill(variance, initialStd * initialStd);
    }

    /** The dimension of the parameter vector searched. */
    int dimension() {
        return mean.length;
    }

    /** The current mean (a copy). */
    double[] mean() {
        return mean.clone();
    }

    /** The current variance per dimension, without extra noise (a copy). */
    double[] variance() {
        return variance.clone();
    }

    /** Replaces mean and variance, e.g. from a checkpoint. */
    void restore(double[] savedMean, double[] savedVariance) {
        if (savedMean.length != mean.length || savedVariance.length != variance.length) {
            throw new IllegalArgumentException("The checkpoint's search distribution has " + savedMean.length
                    + " dimensions but the model's actor has " + mean.length + "; was it saved for a different model?");
        }
        System.arraycopy(savedMean, 0, mean, 0, mean.length);
        System.arraycopy(savedVariance, 0, variance, 0, variance.length);
    }

    /**
     * The standard deviation generation {@code generation} (0-based) samples with: √(σ² + Z), where
     * Z = extraStd² · max(1 − generation / decayGenerations, 0) (modular_rl's schedule of the
     * extra variance, a linear form of Szita and Lőrincz's decreasing noise).
     *
     * @return one standard deviation per dimension
     */
    double[] samplingStd(int generation, double extraStd, int decayGenerations) {
        double extraVariance = extraStd * extraStd * Math.max(1.0 - (double) generation / decayGenerations, 0.0);
        double[] std = new double[variance.length];
        for (int j = 0; j < std.length; j++) {
            std[j] = Math.sqrt(variance[j] + extraVariance);
        }
        return std;
    }

    /**
     * Fills {@code population} with candidates mean + std ⊙ z, z standard normal, drawn candidate
     * after candidate, dimension after dimension.
     */
    void sample(double[] std, RandomGenerator rng, float[][] population) {
        for (float[] candidate : population) {
            for (int j = 0; j < mean.length; j++) {
                candidate[j] = (float) (mean[j] + std[j] * rng.nextGaussian());
            }
        }
    }

    /**
     * The elites of a scored population: the {@code eliteCount} best scores, equal scores ordered
     * by candidate index, listed by candidate index.
     */
    static int[] elites(double[] scores, int eliteCount) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> -scores[c]).thenComparingInt(c -> c))
                .limit(eliteCount).mapToInt(Integer::intValue).sorted().toArray();
    }

    /**
     * Refits the distribution to the elites of a scored population: the elites' mean, and their
     * variance about it (divided by their number, numpy's {@code var}).
     *
     * @param population the candidates
     * @param scores their scores, higher is better
     * @param eliteCount how many to fit to
     * @return the elites' indices, ascending
     */
    int[] refit(float[][] population, double[] scores, int eliteCount) {
        int[] elites = elites(scores, eliteCount);
        for (int j = 0; j < mean.length; j++) {
            double sum = 0;
            for (int c : elites) {
                sum += population[c][j];
            }
            double m = sum / elites.length;
            double squares = 0;
            for (int c : elites) {
                double d = population[c][j] - m;
                squares += d * d;
            }
            mean[j] = m;
            variance[j] = squares / elites.length;
        }
        return elites;
    }
}
