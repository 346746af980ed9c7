package dev.ppo4j.env.spaces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ppo4j.env.random.NumpyGenerator;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Box, Discrete, MultiDiscrete and MultiBinary: membership, sampling rules, flat sizes, JSON and validation. */
class SpacesTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final int SAMPLES = 20_000;

    @Test
    void boxContainsExactlyTheValuesInsideItsFloat32Bounds() {
        Box box = new Box(new double[] {-1, 0, -INF}, new double[] {1, 0.1, INF}, new int[] {3}, DType.FLOAT32, "");
        assertTrue(box.contains(new float[] {-1, 0, -1e30f}));
        assertTrue(box.contains(new float[] {1, 0.1f, Float.MAX_VALUE}), "bounds are compared as float32, as Gymnasium stores them");
        assertTrue(box.contains(new float[] {0, 0.05f, Float.NEGATIVE_INFINITY}));
        assertFalse(box.contains(new float[] {1.0001f, 0, 0}));
        assertFalse(box.contains(new float[] {0, -1e-9f, 0}));
        assertFalse(box.contains(new float[] {Float.NaN, 0, 0}));
        assertFalse(box.contains(new float[] {0, 0, Float.NaN}));
        assertFalse(box.contains(new float[] {0, 0}));
        assertFalse(box.contains(new float[] {0, 0, 0, 0}));

        Box integers = new Box(new double[] {0, -3}, new double[] {5, 3}, new int[] {2}, DType.INT64, "");
        assertTrue(integers.contains(new float[] {5, -3}));
        assertFalse(integers.contains(new float[] {1.5f, 0}));
        assertFalse(integers.contains(new float[] {6, 0}));
    }

    @Test
    void boxSamplesFollowGymnasiumsRules() {
        RandomGenerator rng = NumpyGenerator.seeded(7);
        Box box = new Box(new double[] {-2, 3, -INF, -INF}, new double[] {4, INF, -1, INF}, new int[] {4}, DType.FLOAT32, "");
        double[] sum = new double[4];
        double sumSquaresUnbounded = 0;
        float[] out = new float[4];
        for (int s = 0; s < SAMPLES; s++) {
            box.sample(rng, out);
            assertTrue(box.contains(out), java.util.Arrays.toString(out));
            for (int i = 0; i < 4; i++) {
                sum[i] += out[i];
            }
            sumSquaresUnbounded += out[3] * out[3];
        }
        // Uniform on [-2, 4]; low + Exp(1); high - Exp(1); standard normal.
        assertEquals(1.0, sum[0] / SAMPLES, 0.05);
        assertEquals(4.0, sum[1] / SAMPLES, 0.05);
        assertEquals(-2.0, sum[2] / SAMPLES, 0.05);
        assertEquals(0.0, sum[3] / SAMPLES, 0.05);
        assertEquals(1.0, sumSquaresUnbounded / SAMPLES, 0.05);
        assertFalse(box.isBounded());
        assertTrue(Box.of(2, -1, 1).isBounded());
    }

    @Test
    void integerBoxSamplesReachBothBounds() {
        RandomGenerator rng = NumpyGenerator.seeded(9);
        Box bounded = new Box(new double[] {0}, new double[] {3}, new int[] {1}, DType.INT32, "");
        Box upperBounded = new Box(new double[] {-INF}, new double[] {5}, new int[] {1}, DType.INT64, "");
        Box lowerBounded = new Box(new double[] {2}, new double[] {INF}, new int[] {1}, DType.INT64, "");
        TreeSet<Float> seen = new TreeSet<>();
        TreeSet<Float> seenUpper = new TreeSet<>();
        TreeSet<Float> seenLower = new TreeSet<>();
        for (int s = 0; s < 2_000; s++) {
            seen.add(bounded.sample(rng)[0]);
            float upper = upperBounded.sample(rng)[0];
            float lower = lowerBounded.sample(rng)[0];
            assertTrue(upperBounded.contains(new float[] {upper}) && lowerBounded.contains(new float[] {lower}));
            seenUpper.add(upper);
            seenLower.add(lower);
        }
        assertEquals(new TreeSet<>(java.util.List.of(0f, 1f, 2f, 3f)), seen);
        assertEquals(5f, seenUpper.last(), "Gymnasium draws below high + 1 and floors, so high itself is drawn");
        assertEquals(2f, seenLower.first());
    }

    @Test
    void boxFlatDimJsonAndValidation() {
        Box box = new Box(new double[] {0, 0, 0, -INF, 0, 0}, new double[] {1, 1, 1, 1, INF, 1}, new int[] {2, 3},
                DType.FLOAT64, "obs: pos[0:3], vel[3:6]");
        assertEquals(6, box.flatDim());
        assertArrayEquals(new int[] {2, 3}, box.shape());
        JsonObject json = JsonParser.parseString(box.toJson()).getAsJsonObject();
        assertEquals("Box", json.get("type").getAsString());
        assertEquals("float64", json.get("dtype").getAsString());
        assertEquals(3, json.getAsJsonArray("shape").get(1).getAsInt());
        assertEquals("-inf", json.getAsJsonArray("low").get(3).getAsString());
        assertEquals("inf", json.getAsJsonArray("high").get(4).getAsString());
        assertEquals(1.0, json.getAsJsonArray("high").get(0).getAsDouble());
        assertEquals("obs: pos[0:3], vel[3:6]", json.get("layout").getAsString());
        assertFalse(JsonParser.parseString(Box.of(2, -1, 1).toJson()).getAsJsonObject().has("layout"));

        assertEquals(Box.of(2, -1, 1), Box.of(2, -1, 1));
        assertEquals(Box.of(2, -1, 1).hashCode(), Box.of(2, -1, 1).hashCode());
        assertNotEquals(Box.of(2, -1, 1), Box.of(2, -1, 2));
        double[] low = {0};
        Box copy = new Box(low, new double[] {1}, new int[] {1}, DType.FLOAT32, null);
        low[0] = 5;
        assertEquals(0.0, copy.low(0), "the box keeps its own copy of the bounds");
        assertEquals("", copy.layout());

        assertThrows(IllegalArgumentException.class, () -> new Box(new double[] {0}, new double[] {1, 2}, new int[] {2}, DType.FLOAT32, ""));
        assertThrows(IllegalArgumentException.class, () -> new Box(new double[] {2}, new double[] {1}, new int[] {1}, DType.FLOAT32, ""));
        assertThrows(IllegalArgumentException.class, () -> new Box(new double[] {Double.NaN}, new double[] {1}, new int[] {1}, DType.FLOAT32, ""));
        assertThrows(IllegalArgumentException.class, () -> new Box(new double[] {0, 0}, new double[] {1, 1}, new int[] {-1, -2}, DType.FLOAT32, ""));
    }

    @Test
    void discreteSpaces() {
        Discrete discrete = new Discrete(3, -1);
        assertEquals(1, discrete.flatDim());
        assertTrue(discrete.contains(new float[] {-1}) && discrete.contains(new float[] {1}));
        assertFalse(discrete.contains(new float[] {2}));
        assertFalse(discrete.contains(new float[] {-2}));
        assertFalse(discrete.contains(new float[] {0.5f}));
        assertFalse(discrete.contains(new float[] {Float.NaN}));
        assertFalse(discrete.contains(new float[] {0, 0}));
        TreeSet<Float> seen = new TreeSet<>();
        RandomGenerator rng = NumpyGenerator.seeded(1);
        for (int s = 0; s < 500; s++) {
            seen.add(discrete.sample(rng)[0]);
        }
        assertEquals(new TreeSet<>(java.util.List.of(-1f, 0f, 1f)), seen);
        JsonObject json = JsonParser.parseString(discrete.toJson()).getAsJsonObject();
        assertEquals("Discrete", json.get("type").getAsString());
        assertEquals(3, json.get("n").getAsInt());
        assertEquals(-1, json.get("start").getAsInt());
        assertEquals(new Discrete(2), new Discrete(2, 0));
        assertThrows(IllegalArgumentException.class, () -> new Discrete(0));
        assertThrows(IllegalArgumentException.class, () -> new Discrete(10, Integer.MAX_VALUE - 5));
    }

    @Test
    void multiDiscreteSpaces() {
        MultiDiscrete space = new MultiDiscrete(new int[] {2, 3}, new int[] {0, 5});
        assertEquals(2, space.flatDim());
        assertTrue(space.contains(new float[] {1, 7}));
        assertFalse(space.contains(new float[] {2, 5}));
        assertFalse(space.contains(new float[] {0, 4}));
        assertFalse(space.contains(new float[] {0, 5.5f}));
        assertFalse(space.contains(new float[] {0}));
        RandomGenerator rng = NumpyGenerator.seeded(2);
        TreeSet<Float> second = new TreeSet<>();
        for (int s = 0; s < 500; s++) {
            float[] sample = space.sample(rng);
            assertTrue(space.contains(sample));
            second.add(sample[1]);
        }
        assertEquals(new TreeSet<>(java.util.List.of(5f, 6f, 7f)), second);
        JsonObject json = JsonParser.parseString(space.toJson()).getAsJsonObject();
        assertEquals(3, json.getAsJsonArray("nvec").get(1).getAsInt());
        assertEquals(5, json.getAsJsonArray("start").get(1).getAsInt());
        assertEquals(new MultiDiscrete(new int[] {2, 3}), new MultiDiscrete(new int[] {2, 3}, new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> new MultiDiscrete(new int[] {2, 0}));
        assertThrows(IllegalArgumentException.class, () -> new MultiDiscrete(new int[] {2}, new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> new MultiDiscrete(new int[] {10}, new int[] {Integer.MAX_VALUE}));
    }

    @Test
    void multiBinarySpaces() {
        MultiBinary space = new MultiBinary(4);
        assertEquals(4, space.flatDim());
        assertTrue(space.contains(new float[] {0, 1, 1, 0}));
        assertFalse(space.contains(new float[] {0, 2, 1, 0}));
        assertFalse(space.contains(new float[] {0, 0.5f, 1, 0}));
        assertFalse(space.contains(new float[] {0, 1, 1}));
        RandomGenerator rng = NumpyGenerator.seeded(3);
        int ones = 0;
        for (int s = 0; s < 1_000; s++) {
            float[] sample = space.sample(rng);
            assertTrue(space.contains(sample));
            ones += (int) (sample[0] + sample[1] + sample[2] + sample[3]);
        }
        assertEquals(0.5, ones / 4000.0, 0.05);
        assertEquals(4, JsonParser.parseString(space.toJson()).getAsJsonObject().get("n").getAsInt());
        assertThrows(IllegalArgumentException.class, () -> new MultiBinary(0));
    }

    @Test
    void dtypesUseNumpyNames() {
        for (DType type : DType.values()) {
            assertEquals(type, DType.fromNumpy(type.numpyName()));
        }
        assertTrue(DType.UINT8.isInteger() && !DType.FLOAT64.isInteger());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> DType.fromNumpy("float16"));
        assertTrue(unknown.getMessage().contains("float32"), unknown.getMessage());
    }
}
