package dev.ppo4j.env.spaces;

import java.util.random.RandomGenerator;

/**
 * The integers {@code start, ..., start + n - 1}, as Gymnasium's {@code Discrete}; the flat
 * encoding is one float holding the integer.
 *
 * @param n the number of elements, positive
 * @param start the smallest element
 */
public record Discrete(int n, int start) implements Space {

    /** Validates n. */
    public Discrete {
        if (n <= 0) {
            throw new IllegalArgumentException("Discrete needs n > 0, got " + n + ".");
        }
        if ((long) start + n - 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Discrete(n=" + n + ", start=" + start
                    + ") reaches past the largest int; use a smaller start or n.");
        }
    }

    /** {@code Discrete(n)} starting at 0. */
    public Discrete(int n) {
        this(n, 0);
    }

    @Override
    public int flatDim() {
        return 1;
    }

    @Override
    public boolean contains(float[] x) {
        return x.length == 1 && x[0] == Math.rint(x[0]) && x[0] >= start && x[0] < start + (long) n;
    }

    @Override
    public void sample(RandomGenerator rng, float[] out) {
        out[0] = start + rng.nextInt(n);
    }

    @Override
    public String toJson() {
        return "{\"type\":\"Discrete\",\"n\":" + n + ",\"start\":" + start + "}";
    }
}
