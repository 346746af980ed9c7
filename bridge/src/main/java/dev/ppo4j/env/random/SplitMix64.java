package dev.ppo4j.env.random;

import java.util.random.RandomGenerator;

/**
 * Steele, Lea and Flood's SplitMix64 generator with its whole state in one {@code long}, so that
 * a checkpoint can save and restore it exactly (java.util's generators hide their state).
 * Gaussian and other derived draws come from {@link RandomGenerator}'s defaults and are
 * therefore determined by the state too.
 */
public final class SplitMix64 implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    /** A generator whose stream is determined by {@code seed}. */
    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** A generator for sub-stream {@code stream} of a master seed (independent streams from one seed). */
    public static SplitMix64 forStream(long masterSeed, long stream) {
        return new SplitMix64(mix(masterSeed ^ mix(stream + GOLDEN_GAMMA)));
    }

    @Override
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** The current state (for checkpoints). */
    public long state() {
        return state;
    }

    /** Restores a saved state. */
    public void setState(long saved) {
        state = saved;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
