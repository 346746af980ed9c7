package dev.ppo4j.train;

import dev.ppo4j.engine.Minibatch;
import dev.ppo4j.env.random.SplitMix64;
import dev.ppo4j.model.ModelSpec;

/** What the update rules do with the rows of a rollout before a step reads them: orders, room for a batch, advantage normalisation. */
final class Minibatches {
    private Minibatches() {}

    /**
     * A minibatch with room for {@code size} rows of every field {@link RolloutBuffer#gather} writes.
     *
     * @param withOldDistribution also room for the collecting policy's distribution (the KL terms read it)
     */
    static Minibatch allocate(ModelSpec spec, int size, boolean withOldDistribution) {
        int width = spec.actionWidth();
        int actionDim = spec.isGaussian() ? width : 1;
        return new Minibatch(size, new float[size * spec.observationDim()], new float[size * actionDim], new float[size],
                new float[size], new float[size], new float[size],
                withOldDistribution ? new float[size * width] : null,
                withOldDistribution && spec.isGaussian() ? new float[size * width] : null);
    }

    /** Rows {@code 0, stride, 2·stride, …} below {@code rows}: the whole batch for stride 1, a subsample otherwise. */
    static int[] strided(int rows, int stride) {
        int[] order = new int[(rows + stride - 1) / stride];
        for (int k = 0; k < order.length; k++) {
            order[k] = k * stride;
        }
        return order;
    }

    /** Fills {@code order} with 0..n−1 in a fresh random order (Fisher–Yates from the end). */
    static void shuffle(int[] order, SplitMix64 rng) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    /** Normalises the advantages of a minibatch (or a whole batch) with the unbiased std, as torch's {@code Tensor.std()} in the reference implementations. */
    static void normalizeAdvantages(Minibatch mb) {
        int size = mb.size();
        if (size < 2) {
            return;
        }
        float[] advantages = mb.advantages();
        double sum = 0;
        double sumSquares = 0;
        for (int k = 0; k < size; k++) {
            sum += advantages[k];
            sumSquares += (double) advantages[k] * advantages[k];
        }
        double mean = sum / size;
        double std = Math.sqrt(Math.max(sumSquares - size * mean * mean, 0.0) / (size - 1));
        for (int k = 0; k < size; k++) {
            advantages[k] = (float) ((advantages[k] - mean) / (std + 1e-8));
        }
    }
}
