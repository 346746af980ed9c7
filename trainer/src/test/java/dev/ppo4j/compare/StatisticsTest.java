package dev.ppo4j.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatisticsTest {
    private static final double EPS = 1e-12;

    @Test
    void meanAndPopulationStd() {
        // (1 + 2 + 3 + 4) / 4 = 2.5
        assertEquals(2.5, Statistics.mean(new double[] {1, 2, 3, 4}), EPS);
        // mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; 32 / 8 (ddof 0) = 4; sqrt 4 = 2
        assertEquals(2.0, Statistics.std(new double[] {2, 4, 4, 4, 5, 5, 7, 9}), EPS);
        // a single value has no spread
        assertEquals(0.0, Statistics.std(new double[] {3}), EPS);
    }

    @Test
    void quantileInterpolatesLinearlyForEvenN() {
        double[] x = {4, 1, 3, 2};
        // sorted {1,2,3,4}, n-1 = 3
        // q 0.25: h = 0.75 -> 1 + 0.75 * (2 - 1) = 1.75
        assertEquals(1.75, Statistics.quantile(x, 0.25), EPS);
        // q 0.5: h = 1.5 -> 2 + 0.5 * (3 - 2) = 2.5
        assertEquals(2.5, Statistics.quantile(x, 0.5), EPS);
        // q 0.75: h = 2.25 -> 3 + 0.25 * (4 - 3) = 3.25
        assertEquals(3.25, Statistics.quantile(x, 0.75), EPS);
        // q 0 and q 1 are the extremes: h = 0 -> 1, h = 3 -> 4
        assertEquals(1.0, Statistics.quantile(x, 0.0), EPS);
        assertEquals(4.0, Statistics.quantile(x, 1.0), EPS);
    }

    @Test
    void quantileForOddN() {
        double[] x = {3, 1, 2};
        // sorted {1,2,3}, n-1 = 2
        // q 0.5: h = 1 -> exactly 2
        assertEquals(2.0, Statistics.quantile(x, 0.5), EPS);
        // q 0.25: h = 0.5 -> 1 + 0.5 * (2 - 1) = 1.5
        assertEquals(1.5, Statistics.quantile(x, 0.25), EPS);
        // q 0.9: h = 1.8 -> 2 + 0.8 * (3 - 2) = 2.8
        assertEquals(2.8, Statistics.quantile(x, 0.9), EPS);
    }

    @Test
    void inputsAreNotModified() {
        double[] x = {4, 1, 3, 2, 8, 0, 7, 5};
        double[] copy = x.clone();
        Statistics.quantile(x, 0.3);
        Statistics.median(x);
        Statistics.iqr(x);
        Statistics.cvarLower(x, 0.25);
        Statistics.cvarUpper(x, 0.25);
        Statistics.interquartileMean(x);
        Statistics.bootstrapInterval(x, Statistics::mean, 0.9, 50, 1L);
        Statistics.trailingMovingAverage(x, 3);
        Statistics.firstDifferences(x);
        Statistics.maxDrawdown(x);
        assertArrayEquals(copy, x);
    }

    @Test
    void medianAndIqr() {
        // odd: sorted {1,3,5}, middle value 3
        assertEquals(3.0, Statistics.median(new double[] {5, 1, 3}), EPS);
        // even: sorted {1,2,3,4}, (2 + 3) / 2 = 2.5
        assertEquals(2.5, Statistics.median(new double[] {4, 1, 3, 2}), EPS);
        // {1,2,3,4}: q0.75 - q0.25 = 3.25 - 1.75 = 1.5 (see the even-n quantile test)
        assertEquals(1.5, Statistics.iqr(new double[] {4, 1, 3, 2}), EPS);
        // {1,2,3,4,5}: h = 1 -> 2 and h = 3 -> 4, so 4 - 2 = 2
        assertEquals(2.0, Statistics.iqr(new double[] {5, 4, 3, 2, 1}), EPS);
    }

    @Test
    void cvarRoundsTheTailCountUp() {
        // n = 3, alpha 0.25: k = ceil(0.75) = 1 -> the single worst (lowest) value, -1
        double[] three = {5, -1, 2};
        assertEquals(-1.0, Statistics.cvarLower(three, 0.25), EPS);
        // ... and for higher-is-worse the single highest, 5
        assertEquals(5.0, Statistics.cvarUpper(three, 0.25), EPS);

        // n = 8, alpha 0.25: k = ceil(2.0) = 2 (not 3) -> lowest {1,2}: 1.5, highest {8,7}: 7.5
        double[] eight = {8, 1, 7, 2, 6, 3, 5, 4};
        assertEquals(1.5, Statistics.cvarLower(eight, 0.25), EPS);
        assertEquals(7.5, Statistics.cvarUpper(eight, 0.25), EPS);

        // n = 30, alpha 0.1: 0.1 * 30 is 3.0000000000000004 in doubles, but k must be 3 ->
        // lowest {0,1,2}: 1, highest {27,28,29}: 28
        double[] thirty = new double[30];
        for (int i = 0; i < 30; i++) {
            thirty[i] = i;
        }
        assertEquals(1.0, Statistics.cvarLower(thirty, 0.1), EPS);
        assertEquals(28.0, Statistics.cvarUpper(thirty, 0.1), EPS);

        // alpha 1 covers everything: the plain mean (1+...+8) / 8 = 4.5
        assertEquals(4.5, Statistics.cvarLower(eight, 1.0), EPS);
        assertEquals(4.5, Statistics.cvarUpper(eight, 1.0), EPS);
    }

    @Test
    void interquartileMeanTrimsAQuarterFromEachEnd() {
        // n = 3: g = floor(0.75) = 0, nothing dropped: (1 + 2 + 9) / 3 = 4
        assertEquals(4.0, Statistics.interquartileMean(new double[] {9, 1, 2}), EPS);
        // n = 8: g = 2, sorted {1,2,3,4,5,6,7,100} -> keep {3,4,5,6}: 18 / 4 = 4.5
        assertEquals(4.5, Statistics.interquartileMean(new double[] {100, 1, 7, 2, 6, 3, 5, 4}), EPS);
        // n = 10: g = floor(2.5) = 2, sorted {-50,1,2,3,4,6,7,8,9,10}
        // -> keep {2,3,4,6,7,8}: 30 / 6 = 5
        assertEquals(5.0, Statistics.interquartileMean(new double[] {10, 1, 9, 2, 8, 3, 7, 4, 6, -50}), EPS);
    }

    @Test
    void bootstrapIsDeterministicForASeed() {
        double[] x = {3, 7, 1, 9, 4, 6, 2, 8, 5, 10};
        Statistics.Interval first = Statistics.bootstrapInterval(x, Statistics::mean, 0.95, 500, 42L);
        Statistics.Interval again = Statistics.bootstrapInterval(x, Statistics::mean, 0.95, 500, 42L);
        assertEquals(first, again);

        // Another seed gives another resample stream; with 10 distinct values some seed of a few
        // must move an end point (deterministic, so this cannot flake).
        boolean anyDiffers = false;
        for (long seed = 1; seed <= 5; seed++) {
            anyDiffers |= !Statistics.bootstrapInterval(x, Statistics::mean, 0.95, 500, seed).equals(first);
        }
        assertTrue(anyDiffers);
    }

    @Test
    void bootstrapIntervalContainsTheStatistic() {
        // 1..10 has mean 5.5; the resampled means centre on it, so the 95% interval brackets it
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        Statistics.Interval interval = Statistics.bootstrapInterval(x, Statistics::mean, 0.95, 2000, 7L);
        assertTrue(interval.low() < 5.5 && 5.5 < interval.high(), interval.toString());
        // a mean of 10 values from [1, 10] can never leave [1, 10]
        assertTrue(interval.low() >= 1.0 && interval.high() <= 10.0, interval.toString());
    }

    @Test
    void bootstrapIsDegenerateForConstantOrSingleData() {
        assertEquals(new Statistics.Interval(3.0, 3.0),
                Statistics.bootstrapInterval(new double[] {3, 3, 3, 3}, Statistics::median, 0.95, 100, 0L));
        assertEquals(new Statistics.Interval(7.0, 7.0),
                Statistics.bootstrapInterval(new double[] {7}, Statistics::mean, 0.95, 100, 0L));
    }

    @Test
    void trailingMovingAverage() {
        double[] x = {1, 2, 3, 4, 5};
        // window 2: 1, (1+2)/2, (2+3)/2, (3+4)/2, (4+5)/2
        assertArrayEquals(new double[] {1, 1.5, 2.5, 3.5, 4.5}, Statistics.trailingMovingAverage(x, 2), EPS);
        // window 3: 1, (1+2)/2, (1+2+3)/3, (2+3+4)/3, (3+4+5)/3
        assertArrayEquals(new double[] {1, 1.5, 2, 3, 4}, Statistics.trailingMovingAverage(x, 3), EPS);
        // window 1 is the identity
        assertArrayEquals(x, Statistics.trailingMovingAverage(x, 1), EPS);
        // a window longer than the series is the running mean: 1, 1.5, 2, 2.5, 3
        assertArrayEquals(new double[] {1, 1.5, 2, 2.5, 3}, Statistics.trailingMovingAverage(x, 10), EPS);
    }

    @Test
    void firstDifferences() {
        // 4-1, 2-4, 2-2
        assertArrayEquals(new double[] {3, -2, 0}, Statistics.firstDifferences(new double[] {1, 4, 2, 2}), EPS);
    }

    @Test
    void maxDrawdownPicksTheLargerOfTwo() {
        // peak 5 falls to 3 (drawdown 2), then peak 10 falls to 4 (drawdown 6) -> 6
        assertEquals(6.0, Statistics.maxDrawdown(new double[] {0, 5, 3, 4, 10, 4, 8}), EPS);
        // the first is the larger here: 10 -> 2 (8), then 12 -> 9 (3) -> 8
        assertEquals(8.0, Statistics.maxDrawdown(new double[] {10, 2, 12, 9}), EPS);
        // non-decreasing: never below its running peak
        assertEquals(0.0, Statistics.maxDrawdown(new double[] {1, 1, 2, 3}), EPS);
    }

    @Test
    void rejectsEmptyInputAndBadParameters() {
        double[] empty = {};
        double[] x = {1, 2, 3};
        assertThrows(IllegalArgumentException.class, () -> Statistics.mean(empty));
        assertThrows(IllegalArgumentException.class, () -> Statistics.std(empty));
        assertThrows(IllegalArgumentException.class, () -> Statistics.quantile(empty, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Statistics.median(empty));
        assertThrows(IllegalArgumentException.class, () -> Statistics.iqr(empty));
        assertThrows(IllegalArgumentException.class, () -> Statistics.cvarLower(empty, 0.25));
        assertThrows(IllegalArgumentException.class, () -> Statistics.cvarUpper(empty, 0.25));
        assertThrows(IllegalArgumentException.class, () -> Statistics.interquartileMean(empty));
        assertThrows(IllegalArgumentException.class,
                () -> Statistics.bootstrapInterval(empty, Statistics::mean, 0.95, 10, 0L));
        assertThrows(IllegalArgumentException.class, () -> Statistics.trailingMovingAverage(empty, 2));
        assertThrows(IllegalArgumentException.class, () -> Statistics.firstDifferences(new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Statistics.maxDrawdown(empty));

        assertThrows(IllegalArgumentException.class, () -> Statistics.cvarLower(x, 0.0));
        assertThrows(IllegalArgumentException.class, () -> Statistics.cvarLower(x, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Statistics.cvarUpper(x, -0.1));
        assertThrows(IllegalArgumentException.class, () -> Statistics.cvarUpper(x, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Statistics.quantile(x, -0.1));
        assertThrows(IllegalArgumentException.class, () -> Statistics.quantile(x, 1.1));
        assertThrows(IllegalArgumentException.class,
                () -> Statistics.bootstrapInterval(x, Statistics::mean, 1.0, 10, 0L));
        assertThrows(IllegalArgumentException.class,
                () -> Statistics.bootstrapInterval(x, Statistics::mean, 0.95, 0, 0L));
        assertThrows(IllegalArgumentException.class, () -> Statistics.trailingMovingAverage(x, 0));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Statistics.cvarLower(x, 2.0));
        assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
    }
}
