package dev.ppo4j.env.random;

import java.util.random.RandomGenerator;

/**
 * The parts of {@code numpy.random.Generator} over {@link Pcg64} that Gymnasium's reference
 * environments draw from, bit for bit: {@link #nextLong()} is {@code next_uint64},
 * {@link #nextDouble()} is {@code Generator.random()} and {@link #uniform} is
 * {@code Generator.uniform}.
 *
 * <p>It is also a {@link RandomGenerator}, so it can drive {@code Space.sample}; the other
 * {@code RandomGenerator} methods (bounded integers, Gaussian, exponential) keep Java's
 * algorithms and do not reproduce numpy's. Not thread-safe.
 */
public final class NumpyGenerator implements RandomGenerator {
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private final Pcg64 bitGenerator;

    /** A generator over the given bit generator, as {@code numpy.random.Generator(bitGenerator)}. */
    public NumpyGenerator(Pcg64 bitGenerator) {
        this.bitGenerator = bitGenerator;
    }

    /**
     * The generator Gymnasium's {@code seeding.np_random(seed)} returns: SeedSequence(seed), then
     * PCG64, then Generator.
     *
     * @throws IllegalArgumentException if {@code seed} is negative (Gymnasium rejects it too)
     */
    public static NumpyGenerator seeded(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("A seed must be greater than or equal to zero, got " + seed + ".");
        }
        return new NumpyGenerator(new Pcg64(new SeedSequence(seed)));
    }

    /** A generator seeded from operating-system entropy, as {@code seeding.np_random(None)}. */
    public static NumpyGenerator fromOsEntropy() {
        return new NumpyGenerator(new Pcg64(SeedSequence.fromOsEntropy()));
    }

    /** The next 64 random bits (numpy's {@code next_uint64}). */
    @Override
    public long nextLong() {
        return bitGenerator.nextUint64();
    }

    /** A double uniform in [0, 1) with 53 random bits, as {@code Generator.random()}. */
    @Override
    public double nextDouble() {
        return (bitGenerator.nextUint64() >>> 11) * DOUBLE_UNIT;
    }

    /**
     * One draw of {@code Generator.uniform(low, high)}: {@code low + (high - low) * random()}.
     * As in numpy, {@code high < low} is allowed and mirrors the interval.
     *
     * @throws IllegalArgumentException if {@code high - low} is not finite (numpy raises OverflowError)
     */
    public double uniform(double low, double high) {
        checkFiniteRange(low, high);
        return low + (high - low) * nextDouble();
    }

    /**
     * Fills {@code out} with {@code Generator.uniform(low, high, size=out.length)}, element 0 first.
     *
     * @throws IllegalArgumentException if {@code high - low} is not finite
     */
    public void uniform(double low, double high, double[] out) {
        checkFiniteRange(low, high);
        for (int i = 0; i < out.length; i++) {
            out[i] = low + (high - low) * nextDouble();
        }
    }

    /**
     * Fills {@code out} with {@code Generator.uniform(low, high)} for arrays of bounds, element 0
     * first; as numpy, every range is checked before anything is drawn.
     *
     * @throws IllegalArgumentException if the arrays differ in length or a range is not finite
     */
    public void uniform(double[] low, double[] high, double[] out) {
        if (low.length != out.length || high.length != out.length) {
            throw new IllegalArgumentException("uniform needs as many lows and highs as outputs, got "
                    + low.length + ", " + high.length + " and " + out.length + ".");
        }
        for (int i = 0; i < out.length; i++) {
            checkFiniteRange(low[i], high[i]);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = low[i] + (high[i] - low[i]) * nextDouble();
        }
    }

    private static void checkFiniteRange(double low, double high) {
        if (!Double.isFinite(high - low)) {
            throw new IllegalArgumentException("uniform needs a finite range, got low " + low + " and high " + high + ".");
        }
    }
}
