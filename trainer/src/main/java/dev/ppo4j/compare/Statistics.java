package dev.ppo4j.compare;

import dev.ppo4j.env.random.SplitMix64;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * Dispersion and risk statistics for comparing training runs, as pure functions over
 * {@code double[]}. No method modifies its input; methods that need order work on a sorted copy.
 * Empty input and out-of-range parameters throw {@link IllegalArgumentException}. NaN values are
 * the caller's responsibility: they are not checked for and propagate or corrupt sorting-based
 * results, so filter them out first.
 *
 * <p>Definitions ({@code n} is the length of {@code x}, {@code s} its ascending sorted copy):
 *
 * <table class="striped">
 *   <caption>Statistics and their exact definitions</caption>
 *   <thead>
 *     <tr><th scope="col">Method</th><th scope="col">Definition</th></tr>
 *   </thead>
 *   <tbody>
 *     <tr><th scope="row">{@link #mean}</th><td>sum(x) / n</td></tr>
 *     <tr><th scope="row">{@link #std}</th>
 *         <td>sqrt(sum((x - mean)&sup2;) / n), population (ddof 0, numpy's default)</td></tr>
 *     <tr><th scope="row">{@link #quantile}</th>
 *         <td>h = (n&minus;1)q; s[&lfloor;h&rfloor;] + (h&minus;&lfloor;h&rfloor;)(s[&lfloor;h&rfloor;+1]
 *             &minus; s[&lfloor;h&rfloor;]) (numpy's default "linear", Hyndman&ndash;Fan type 7)</td></tr>
 *     <tr><th scope="row">{@link #median}</th><td>quantile(x, 0.5)</td></tr>
 *     <tr><th scope="row">{@link #iqr}</th><td>quantile(x, 0.75) &minus; quantile(x, 0.25)</td></tr>
 *     <tr><th scope="row">{@link #cvarLower}</th>
 *         <td>mean of the lowest k = max(1, &lceil;alpha&middot;n&rceil;) values</td></tr>
 *     <tr><th scope="row">{@link #cvarUpper}</th>
 *         <td>mean of the highest k = max(1, &lceil;alpha&middot;n&rceil;) values</td></tr>
 *     <tr><th scope="row">{@link #interquartileMean}</th>
 *         <td>drop g = &lfloor;n/4&rfloor; values from each end of s, mean of the rest
 *             ({@code scipy.stats.trim_mean(x, 0.25)})</td></tr>
 *     <tr><th scope="row">{@link #bootstrapInterval}</th>
 *         <td>percentile bootstrap: the (1&minus;c)/2 and 1&minus;(1&minus;c)/2 quantiles of the
 *             statistic over resamples of size n drawn with replacement</td></tr>
 *     <tr><th scope="row">{@link #trailingMovingAverage}</th>
 *         <td>y[t] = mean(x[max(0, t&minus;w+1) .. t])</td></tr>
 *     <tr><th scope="row">{@link #firstDifferences}</th><td>y[t] = x[t+1] &minus; x[t], length n&minus;1</td></tr>
 *     <tr><th scope="row">{@link #maxDrawdown}</th>
 *         <td>max over t of (max<sub>s&le;t</sub> x[s] &minus; x[t])</td></tr>
 *   </tbody>
 * </table>
 */
public final class Statistics {
    /** CVaR tail fraction: the worst quarter, so that with 3 seeds it is exactly the worst run. */
    public static final double DEFAULT_CVAR_ALPHA = 0.25;

    /** Bootstrap confidence level: the conventional 95%. */
    public static final double DEFAULT_CONFIDENCE = 0.95;

    /** Bootstrap resample count: enough that the percentile end points are stable to about 0.5%. */
    public static final int DEFAULT_RESAMPLES = 10_000;

    /**
     * Slack for {@code ceil(alpha * n)}: products such as {@code 0.1 * 30} come out as
     * 3.0000000000000004 in binary floating point and would otherwise round up to one value too many.
     */
    private static final double CEIL_SLACK = 1e-9;

    private Statistics() {
    }

    /**
     * An interval {@code [low, high]}, such as a bootstrap confidence interval.
     *
     * @param low the lower end
     * @param high the upper end
     */
    public record Interval(double low, double high) {
    }

    /**
     * The arithmetic mean, sum(x) / n.
     *
     * @param x the values; not empty
     * @return the mean
     */
    public static double mean(double[] x) {
        requireNonEmpty(x);
        return sum(x, 0, x.length) / x.length;
    }

    /**
     * The population standard deviation, sqrt(sum((x[i] - mean)&sup2;) / n), i.e. ddof 0 as in
     * numpy's {@code np.std} default.
     *
     * @param x the values; not empty
     * @return the standard deviation
     */
    public static double std(double[] x) {
        double mean = mean(x);
        double squares = 0.0;
        for (double v : x) {
            double d = v - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / x.length);
    }

    /**
     * The q-quantile by linear interpolation between order statistics, exactly numpy's default
     * {@code np.quantile(x, q)} ("linear", Hyndman&ndash;Fan type 7): on the sorted copy s,
     * h = (n&minus;1)q and the result is s[&lfloor;h&rfloor;] + (h&minus;&lfloor;h&rfloor;)(s[&lfloor;h&rfloor;+1]
     * &minus; s[&lfloor;h&rfloor;]).
     *
     * @param x the values; not empty
     * @param q the probability, in [0, 1]
     * @return the quantile
     */
    public static double quantile(double[] x, double q) {
        requireNonEmpty(x);
        requireProbability(q);
        return sortedQuantile(sortedCopy(x), q);
    }

    /**
     * The median, quantile(x, 0.5): the middle value for odd n, the mean of the two middle values
     * for even n.
     *
     * @param x the values; not empty
     * @return the median
     */
    public static double median(double[] x) {
        return quantile(x, 0.5);
    }

    /**
     * The interquartile range, quantile(x, 0.75) &minus; quantile(x, 0.25).
     *
     * @param x the values; not empty
     * @return the interquartile range
     */
    public static double iqr(double[] x) {
        requireNonEmpty(x);
        double[] sorted = sortedCopy(x);
        return sortedQuantile(sorted, 0.75) - sortedQuantile(sorted, 0.25);
    }

    /**
     * Conditional value at risk for outcomes where lower is worse (returns, first differences):
     * the mean of the lowest k = &lceil;alpha&middot;n&rceil; values, with k at least 1.
     *
     * @param x the values; not empty
     * @param alpha the tail fraction, in (0, 1]
     * @return the mean of the worst (lowest) tail
     */
    public static double cvarLower(double[] x, double alpha) {
        requireNonEmpty(x);
        double[] sorted = sortedCopy(x);
        int k = tailCount(alpha, sorted.length);
        return sum(sorted, 0, k) / k;
    }

    /**
     * Conditional value at risk for outcomes where higher is worse (drawdowns): the mean of the
     * highest k = &lceil;alpha&middot;n&rceil; values, with k at least 1.
     *
     * @param x the values; not empty
     * @param alpha the tail fraction, in (0, 1]
     * @return the mean of the worst (highest) tail
     */
    public static double cvarUpper(double[] x, double alpha) {
        requireNonEmpty(x);
        double[] sorted = sortedCopy(x);
        int k = tailCount(alpha, sorted.length);
        return sum(sorted, sorted.length - k, sorted.length) / k;
    }

    /**
     * The interquartile mean, exactly {@code scipy.stats.trim_mean(x, 0.25)}: on the sorted copy,
     * drop g = &lfloor;0.25&middot;n&rfloor; values from each end and take the mean of the rest.
     * For n &lt; 4 nothing is dropped and this is the plain mean.
     *
     * @param x the values; not empty
     * @return the interquartile mean
     */
    public static double interquartileMean(double[] x) {
        requireNonEmpty(x);
        double[] sorted = sortedCopy(x);
        int g = sorted.length / 4;
        return sum(sorted, g, sorted.length - g) / (sorted.length - 2 * g);
    }

    /**
     * A percentile bootstrap confidence interval for {@code statistic}: draws {@code resamples}
     * resamples of size n with replacement from a {@link SplitMix64} seeded with {@code seed},
     * evaluates the statistic on each, and returns the (1&minus;c)/2 and 1&minus;(1&minus;c)/2
     * quantiles ({@link #quantile}) of those values, c being {@code confidence}. The same inputs
     * and seed give the same interval. For n = 1, or constant data, every resample is identical,
     * so the interval is degenerate.
     *
     * @param x the sample; not empty
     * @param statistic the statistic to bootstrap; it receives a fresh array per resample
     * @param confidence the confidence level c, in (0, 1)
     * @param resamples the number of resamples, at least 1
     * @param seed the seed of the resampling generator
     * @return the interval
     */
    public static Interval bootstrapInterval(
            double[] x, ToDoubleFunction<double[]> statistic, double confidence, int resamples, long seed) {
        requireNonEmpty(x);
        if (statistic == null) {
            throw new IllegalArgumentException("The bootstrap needs a statistic to compute; it was null.");
        }
        if (!(confidence > 0.0 && confidence < 1.0)) {
            throw new IllegalArgumentException(
                    "The confidence level must lie strictly between 0 and 1, such as 0.95; it was " + confidence + ".");
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("The bootstrap needs at least one resample; it was asked for " + resamples + ".");
        }
        int n = x.length;
        SplitMix64 rng = new SplitMix64(seed);
        double[] values = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double[] resample = new double[n];
            for (int i = 0; i < n; i++) {
                resample[i] = x[rng.nextInt(n)];
            }
            values[r] = statistic.applyAsDouble(resample);
        }
        double tail = (1.0 - confidence) / 2.0;
        double[] sorted = sortedCopy(values);
        return new Interval(sortedQuantile(sorted, tail), sortedQuantile(sorted, 1.0 - tail));
    }

    /**
     * The trailing moving average, y[t] = mean of x[max(0, t&minus;window+1) .. t]; the first
     * window&minus;1 entries average over the shorter prefix available.
     *
     * @param x the series; not empty
     * @param window the window length, at least 1
     * @return the smoothed series, of the same length as x
     */
    public static double[] trailingMovingAverage(double[] x, int window) {
        requireNonEmpty(x);
        if (window < 1) {
            throw new IllegalArgumentException("The moving-average window must be at least 1; it was " + window + ".");
        }
        double[] y = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            // Summed afresh per point rather than as a running sum so rounding error cannot accumulate.
            int from = Math.max(0, t - window + 1);
            y[t] = sum(x, from, t + 1) / (t + 1 - from);
        }
        return y;
    }

    /**
     * The first differences, y[t] = x[t+1] &minus; x[t], of length n&minus;1.
     *
     * @param x the series; at least 2 values
     * @return the differences
     */
    public static double[] firstDifferences(double[] x) {
        if (x == null || x.length < 2) {
            throw new IllegalArgumentException(
                    "First differences need a series of at least 2 values; it had " + (x == null ? 0 : x.length) + ".");
        }
        double[] y = new double[x.length - 1];
        for (int t = 0; t < y.length; t++) {
            y[t] = x[t + 1] - x[t];
        }
        return y;
    }

    /**
     * The maximum drawdown, the largest fall from a running peak: max over t of
     * (max<sub>s&le;t</sub> x[s] &minus; x[t]). It is 0 for a non-decreasing series.
     *
     * @param x the series; not empty
     * @return the maximum drawdown, never negative
     */
    public static double maxDrawdown(double[] x) {
        requireNonEmpty(x);
        double peak = x[0];
        double worst = 0.0;
        for (double v : x) {
            peak = Math.max(peak, v);
            worst = Math.max(worst, peak - v);
        }
        return worst;
    }

    private static int tailCount(double alpha, int n) {
        if (!(alpha > 0.0 && alpha <= 1.0)) {
            throw new IllegalArgumentException(
                    "The CVaR tail fraction alpha must lie in (0, 1], such as 0.25; it was " + alpha + ".");
        }
        int k = (int) Math.ceil(alpha * n - CEIL_SLACK);
        return Math.min(n, Math.max(1, k));
    }

    private static double sortedQuantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    private static void requireProbability(double q) {
        if (!(q >= 0.0 && q <= 1.0)) {
            throw new IllegalArgumentException("The quantile level q must lie in [0, 1]; it was " + q + ".");
        }
    }

    private static void requireNonEmpty(double[] x) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("The statistic needs at least one value; the input was empty.");
        }
    }

    private static double[] sortedCopy(double[] x) {
        double[] copy = x.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static double sum(double[] x, int from, int to) {
        double total = 0.0;
        for (int i = from; i < to; i++) {
            total += x[i];
        }
        return total;
    }
}
