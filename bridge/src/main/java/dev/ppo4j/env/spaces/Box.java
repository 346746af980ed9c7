package dev.ppo4j.env.spaces;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A box in R^n: per-element bounds that may be infinite, a shape and a dtype, as Gymnasium's
 * {@code Box}. Sampling follows Gymnasium: uniform on bounded elements, exponential on
 * half-bounded ones, normal on unbounded ones.
 *
 * @param low flat lower bounds (may be {@code -Infinity})
 * @param high flat upper bounds (may be {@code +Infinity})
 * @param shape the shape; its product is the flat length
 * @param dtype the element type
 * @param layout how a flattened Dict/Tuple maps onto the flat vector, or empty for a plain Box
 */
public record Box(double[] low, double[] high, int[] shape, DType dtype, String layout) implements Space {

    /** Validates bounds against the shape. */
    public Box {
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("Box shape " + Arrays.toString(shape) + " has a negative dimension.");
            }
        }
        int n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (low.length != n || high.length != n) {
            throw new IllegalArgumentException("Box bounds have " + low.length + " and " + high.length
                    + " elements but the shape " + Arrays.toString(shape) + " needs " + n + ".");
        }
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(low[i]) || Double.isNaN(high[i]) || low[i] > high[i]) {
                throw new IllegalArgumentException("Box bound " + i + " is invalid: low " + low[i] + ", high " + high[i] + ".");
            }
        }
        low = low.clone();
        high = high.clone();
        shape = shape.clone();
        layout = layout == null ? "" : layout;
    }

    /** A float32 box of the given flat length with the same bounds on every element. */
    public static Box of(int n, double low, double high) {
        double[] lo = new double[n];
        double[] hi = new double[n];
        Arrays.fill(lo, low);
        Arrays.fill(hi, high);
        return new Box(lo, hi, new int[] {n}, DType.FLOAT32, "");
    }

    /** A copy of the flat lower bounds. */
    @Override
    public double[] low() {
        return low.clone();
    }

    /** A copy of the flat upper bounds. */
    @Override
    public double[] high() {
        return high.clone();
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Lower bound of flat element {@code i}, without copying. */
    public double low(int i) {
        return low[i];
    }

    /** Upper bound of flat element {@code i}, without copying. */
    public double high(int i) {
        return high[i];
    }

    /** Whether every element has finite bounds on both sides. */
    public boolean isBounded() {
        for (int i = 0; i < low.length; i++) {
            if (Double.isInfinite(low[i]) || Double.isInfinite(high[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int flatDim() {
        return low.length;
    }

    @Override
    public boolean contains(float[] x) {
        if (x.length != low.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            if (Float.isNaN(v) || v < (float) low[i] || v > (float) high[i]) {
                return false;
            }
            if (dtype.isInteger() && v != Math.rint(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void sample(RandomGenerator rng, float[] out) {
        for (int i = 0; i < low.length; i++) {
            boolean lowBounded = !Double.isInfinite(low[i]);
            boolean highBounded = !Double.isInfinite(high[i]);
            double v;
            if (lowBounded && highBounded) {
                v = dtype.isInteger()
                        ? Math.floor(low[i] + rng.nextDouble() * (high[i] - low[i] + 1))
                        : low[i] + rng.nextDouble() * (high[i] - low[i]);
            } else if (lowBounded) {
                v = low[i] + rng.nextExponential();
            } else if (highBounded) {
                // As Gymnasium: integer boxes draw below high + 1 and floor, so high itself can come up.
                v = (dtype.isInteger() ? high[i] + 1 : high[i]) - rng.nextExponential();
            } else {
                v = rng.nextGaussian();
            }
            if (dtype.isInteger()) {
                v = Math.floor(v);
            }
            // Only rounding can push v past a bound; Gymnasium's draws stay inside too.
            out[i] = (float) Math.min(Math.max(v, low[i]), high[i]);
        }
    }

    @Override
    public String toJson() {
        return "{\"type\":\"Box\",\"shape\":" + Arrays.toString(shape) + ",\"dtype\":\"" + dtype.numpyName()
                + "\",\"low\":" + Json.numbers(low) + ",\"high\":" + Json.numbers(high)
                + (layout.isEmpty() ? "" : ",\"layout\":" + Json.string(layout)) + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(low, b.low) && Arrays.equals(high, b.high)
                && Arrays.equals(shape, b.shape) && dtype == b.dtype && layout.equals(b.layout);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(low) * 31 + Arrays.hashCode(high) * 17 + Arrays.hashCode(shape) + dtype.hashCode();
    }

    @Override
    public String toString() {
        return "Box(shape=" + Arrays.toString(shape) + ", dtype=" + dtype.numpyName() + ")";
    }
}
