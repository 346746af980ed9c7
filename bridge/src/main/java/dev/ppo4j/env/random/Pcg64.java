package dev.ppo4j.env.random;

import java.math.BigInteger;

/**
 * numpy's {@code PCG64} bit generator: a 128-bit linear congruential generator with the XSL-RR
 * output function, seeded from a {@link SeedSequence} exactly as numpy seeds it.
 *
 * <p>Not thread-safe; give each thread its own instance.
 */
public final class Pcg64 {
    private static final long MULTIPLIER_HIGH = 2549297995355413924L;
    private static final long MULTIPLIER_LOW = 4865540595714422341L;

    private long stateHigh;
    private long stateLow;
    private final long incrementHigh;
    private final long incrementLow;

    /** The generator {@code numpy.random.PCG64(seedSequence)} creates. */
    public Pcg64(SeedSequence seedSequence) {
        long[] words = seedSequence.generateState64(4);
        long initStateHigh = words[0];
        long initStateLow = words[1];
        long sequenceHigh = words[2];
        long sequenceLow = words[3];
        incrementHigh = (sequenceHigh << 1) | (sequenceLow >>> 63);
        incrementLow = (sequenceLow << 1) | 1L;
        stateHigh = 0;
        stateLow = 0;
        step();
        long low = stateLow + initStateLow;
        stateHigh = stateHigh + initStateHigh + (Long.compareUnsigned(low, stateLow) < 0 ? 1 : 0);
        stateLow = low;
        step();
    }

    /** The next 64 random bits, as numpy's {@code next_uint64}. */
    public long nextUint64() {
        step();
        int rotation = (int) (stateHigh >>> 58);
        return Long.rotateRight(stateHigh ^ stateLow, rotation);
    }

    /** The 128-bit LCG state, as numpy's {@code bit_generator.state["state"]["state"]}. */
    public BigInteger state() {
        return unsigned128(stateHigh, stateLow);
    }

    /** The 128-bit LCG increment, as numpy's {@code bit_generator.state["state"]["inc"]}. */
    public BigInteger increment() {
        return unsigned128(incrementHigh, incrementLow);
    }

    private void step() {
        long productLow = stateLow * MULTIPLIER_LOW;
        long productHigh = unsignedMultiplyHigh(stateLow, MULTIPLIER_LOW)
                + stateLow * MULTIPLIER_HIGH + stateHigh * MULTIPLIER_LOW;
        long low = productLow + incrementLow;
        stateHigh = productHigh + incrementHigh + (Long.compareUnsigned(low, productLow) < 0 ? 1 : 0);
        stateLow = low;
    }

    // Math.unsignedMultiplyHigh arrived in Java 18; this is its signed-to-unsigned correction.
    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    private static BigInteger unsigned128(long high, long low) {
        return new BigInteger(Long.toUnsignedString(high)).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(low)));
    }
}
