package dev.ppo4j.engine;

/**
 * One minibatch as flat row-major float arrays, read by {@link TrainStep#step}. The arrays may
 * be longer than needed (only the first {@code size} rows are read), so one set of arrays can be
 * reused for every minibatch.
 *
 * @param size number of samples in the minibatch
 * @param observations normalised observations, {@code size × observationDim}
 * @param actions the unclipped sampled actions, {@code size × actionDim} (Gaussian) or the
 *     chosen action index per sample, {@code size} (categorical; indices are exact in float
 *     below 2<sup>24</sup>)
 * @param oldLogProbs log π_old(a|s), {@code size}
 * @param advantages advantages, already normalised by the caller if wanted, {@code size}
 * @param returns value targets V̂, {@code size}
 * @param oldValues values at collection time, {@code size}; read only by the clipped value loss,
 *     may be null otherwise
 * @param oldMeansOrLogits the old distribution's mean (Gaussian) or logits (categorical),
 *     {@code size × actionWidth}; read only by the KL-penalty objectives, may be null otherwise
 * @param oldLogStd the old log-std per sample, {@code size × actionDim}; read only by the
 *     KL-penalty objectives with a Gaussian head, may be null otherwise
 */
public record Minibatch(int size, float[] observations, float[] actions, float[] oldLogProbs, float[] advantages,
                        float[] returns, float[] oldValues, float[] oldMeansOrLogits, float[] oldLogStd) {
}
