package dev.ppo4j.metrics;

import java.util.Arrays;

/** Every finished episode of a run, in the order they ended, in flat growable arrays. */
final class EpisodeHistory {
    private long[] steps = new long[256];
    private double[] returns = new double[256];
    private long[] lengths = new long[256];
    private int size;

    void add(long globalStep, double episodicReturn, long length) {
        if (size == steps.length) {
            int capacity = size * 2;
            steps = Arrays.copyOf(steps, capacity);
            returns = Arrays.copyOf(returns, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
        }
        steps[size] = globalStep;
        returns[size] = episodicReturn;
        lengths[size] = length;
        size++;
    }

    int size() {
        return size;
    }

    long step(int index) {
        return steps[index];
    }

    double episodicReturn(int index) {
        return returns[index];
    }

    long length(int index) {
        return lengths[index];
    }

    /** Trailing mean of the returns: element i is the mean of episodes max(0, i − window + 1) … i. */
    double[] trailingMeanReturns(int window) {
        double[] means = new double[size];
        for (int i = 0; i < size; i++) {
            means[i] = meanReturnEndingAt(i, window);
        }
        return means;
    }

    private double meanReturnEndingAt(int last, int window) {
        int from = Math.max(0, last - window + 1);
        double sum = 0;
        for (int i = from; i <= last; i++) {
            sum += returns[i];
        }
        return sum / (last - from + 1);
    }

    double[] stepsAsDoubles() {
        double[] xs = new double[size];
        for (int i = 0; i < size; i++) {
            xs[i] = steps[i];
        }
        return xs;
    }

    double[] returnsCopy() {
        return Arrays.copyOf(returns, size);
    }
}
