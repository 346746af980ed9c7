package dev.ppo4j.env.random;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * numpy's {@code SeedSequence} (pool size 4, no spawn key): hashes an arbitrary non-negative
 * integer of entropy into a pool of four 32-bit words and expands that pool into seed state for
 * bit generators, word for word as numpy does.
 */
public final class SeedSequence {
    private static final int POOL_SIZE = 4;
    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    private static final int XSHIFT = 16;
    private static final int OS_ENTROPY_BITS = POOL_SIZE * 32;
    private static final SecureRandom OS_ENTROPY = new SecureRandom();

    private final BigInteger entropy;
    private final int[] pool = new int[POOL_SIZE];
    private int hashConst;

    /**
     * A sequence seeded with {@code entropy}, as {@code numpy.random.SeedSequence(entropy)}.
     *
     * @throws IllegalArgumentException if {@code entropy} is negative
     */
    public SeedSequence(BigInteger entropy) {
        if (entropy.signum() < 0) {
            throw new IllegalArgumentException("SeedSequence entropy must be a non-negative integer, got " + entropy + ".");
        }
        this.entropy = entropy;
        mixEntropy(toUint32Words(entropy));
    }

    /**
     * A sequence seeded with {@code seed}, as {@code numpy.random.SeedSequence(seed)}.
     *
     * @throws IllegalArgumentException if {@code seed} is negative
     */
    public SeedSequence(long seed) {
        this(BigInteger.valueOf(seed));
    }

    /** A sequence seeded with 128 bits from the operating system, as {@code SeedSequence(None)}. */
    public static SeedSequence fromOsEntropy() {
        return new SeedSequence(new BigInteger(OS_ENTROPY_BITS, OS_ENTROPY));
    }

    /** The entropy this sequence was seeded with (numpy's {@code SeedSequence.entropy}). */
    public BigInteger entropy() {
        return entropy;
    }

    /** A copy of the mixed entropy pool, as unsigned 32-bit words held in ints (numpy's {@code pool}). */
    public int[] pool() {
        return pool.clone();
    }

    /** {@code nWords} words of seed state, as {@code generate_state(nWords, np.uint32)}; unsigned values held in ints. */
    public int[] generateState32(int nWords) {
        int[] state = new int[nWords];
        int hash = INIT_B;
        for (int i = 0; i < nWords; i++) {
            int value = pool[i % POOL_SIZE] ^ hash;
            hash *= MULT_B;
            value *= hash;
            value ^= value >>> XSHIFT;
            state[i] = value;
        }
        return state;
    }

    /** {@code nWords} words of seed state, as {@code generate_state(nWords, np.uint64)}; unsigned values held in longs. */
    public long[] generateState64(int nWords) {
        int[] halves = generateState32(2 * nWords);
        long[] state = new long[nWords];
        for (int i = 0; i < nWords; i++) {
            // numpy views pairs of 32-bit words as little-endian 64-bit words.
            state[i] = Integer.toUnsignedLong(halves[2 * i]) | ((long) halves[2 * i + 1] << 32);
        }
        return state;
    }

    private static int[] toUint32Words(BigInteger value) {
        if (value.signum() == 0) {
            return new int[] {0};
        }
        int n = (value.bitLength() + 31) / 32;
        int[] words = new int[n];
        for (int i = 0; i < n; i++) {
            words[i] = value.shiftRight(32 * i).intValue();
        }
        return words;
    }

    private void mixEntropy(int[] entropyWords) {
        hashConst = INIT_A;
        for (int i = 0; i < POOL_SIZE; i++) {
            pool[i] = hashMix(i < entropyWords.length ? entropyWords[i] : 0);
        }
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) {
                    pool[dst] = mix(pool[dst], hashMix(pool[src]));
                }
            }
        }
        for (int src = POOL_SIZE; src < entropyWords.length; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                pool[dst] = mix(pool[dst], hashMix(entropyWords[src]));
            }
        }
    }

    private int hashMix(int value) {
        value ^= hashConst;
        hashConst *= MULT_A;
        value *= hashConst;
        value ^= value >>> XSHIFT;
        return value;
    }

    private static int mix(int x, int y) {
        int result = MIX_MULT_L * x - MIX_MULT_R * y;
        return result ^ (result >>> XSHIFT);
    }
}
