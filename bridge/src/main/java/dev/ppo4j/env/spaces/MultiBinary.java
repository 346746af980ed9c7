package dev.ppo4j.env.spaces;

import java.util.random.RandomGenerator;

/**
 * Binary vectors of length n, as Gymnasium's {@code MultiBinary} (flat; a multi-dimensional
 * shape is flattened row-major).
 *
 * @param n the number of binary elements, positive
 */
public record MultiBinary(int n) implements Space {

    /** Validates n. */
    public MultiBinary {
        if (n <= 0) {
            throw new IllegalArgumentException("MultiBinary needs n > 0, got " + n + ".");
        }
    }

    @Override
    public int flatDim() {
        return n;
    }

    @Override
    public boolean contains(float[] x) {
        if (x.length != n) {
            return false;
        }
        for (float v : x) {
            if (v != 0f && v != 1f) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void sample(RandomGenerator rng, float[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextBoolean() ? 1f : 0f;
        }
    }

    @Override
    public String toJson() {
        return "{\"type\":\"MultiBinary\",\"n\":" + n + "}";
    }
}
