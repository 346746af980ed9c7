package dev.ppo4j.env.spaces;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A product of Discrete spaces, as Gymnasium's {@code MultiDiscrete}; element {@code i} ranges
 * over {@code start[i], ..., start[i] + nvec[i] - 1}.
 *
 * @param nvec the number of values of each element, all positive
 * @param start the smallest value of each element
 */
public record MultiDiscrete(int[] nvec, int[] start) implements Space {

    /** Validates the vectors. */
    public MultiDiscrete {
        if (nvec.length != start.length) {
            throw new IllegalArgumentException("MultiDiscrete nvec and start differ in length: " + nvec.length + " vs " + start.length + ".");
        }
        for (int i = 0; i < nvec.length; i++) {
            if (nvec[i] <= 0) {
                throw new IllegalArgumentException("MultiDiscrete needs every nvec entry > 0, got " + Arrays.toString(nvec) + ".");
            }
            if ((long) start[i] + nvec[i] - 1 > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("MultiDiscrete element " + i + " (n=" + nvec[i] + ", start=" + start[i]
                        + ") reaches past the largest int; use a smaller start or n.");
            }
        }
        nvec = nvec.clone();
        start = start.clone();
    }

    /** {@code MultiDiscrete(nvec)} starting at 0. */
    public MultiDiscrete(int[] nvec) {
        this(nvec, new int[nvec.length]);
    }

    /** A copy of the number of values of each element. */
    @Override
    public int[] nvec() {
        return nvec.clone();
    }

    /** A copy of the smallest value of each element. */
    @Override
    public int[] start() {
        return start.clone();
    }

    @Override
    public int flatDim() {
        return nvec.length;
    }

    @Override
    public boolean contains(float[] x) {
        if (x.length != nvec.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i] != Math.rint(x[i]) || x[i] < start[i] || x[i] >= start[i] + (long) nvec[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void sample(RandomGenerator rng, float[] out) {
        for (int i = 0; i < nvec.length; i++) {
            out[i] = start[i] + rng.nextInt(nvec[i]);
        }
    }

    @Override
    public String toJson() {
        return "{\"type\":\"MultiDiscrete\",\"nvec\":" + Arrays.toString(nvec) + ",\"start\":" + Arrays.toString(start) + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiDiscrete m && Arrays.equals(nvec, m.nvec) && Arrays.equals(start, m.start);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nvec) * 31 + Arrays.hashCode(start);
    }

    @Override
    public String toString() {
        return "MultiDiscrete(" + Arrays.toString(nvec) + ")";
    }
}
