package dev.ppo4j.env.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ppo4j.env.PythonReference;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java port of numpy's SeedSequence, PCG64 and Generator against real numpy, seed by seed. */
class NumpyParityTest {
    private static final int DRAWS = 50;
    private static final double UNIFORM_LOW = -0.05;
    private static final double UNIFORM_HIGH = 0.05;
    // One-word, two-word, maximal-long and five-word (beyond the pool) entropy all take different mixing paths.
    private static final List<BigInteger> SEEDS = List.of(
            BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(42), BigInteger.valueOf(123456789),
            BigInteger.valueOf(4294967295L), BigInteger.valueOf(4294967296L), BigInteger.valueOf(Long.MAX_VALUE),
            BigInteger.TWO.pow(128).add(BigInteger.ONE));

    private static JsonArray reference;

    @BeforeAll
    static void askNumpy() {
        JsonObject request = new JsonObject();
        JsonArray seeds = new JsonArray();
        SEEDS.forEach(s -> seeds.add(s.toString()));
        request.add("seeds", seeds);
        request.addProperty("draws", DRAWS);
        JsonArray bounds = new JsonArray();
        bounds.add(UNIFORM_LOW);
        bounds.add(UNIFORM_HIGH);
        request.add("uniform", bounds);
        reference = PythonReference.run("ppo4j_testing.numpy_stream", request.toString()).getAsJsonArray();
        assertEquals(SEEDS.size(), reference.size());
    }

    @Test
    void seedSequencePoolAndStateMatchNumpy() {
        for (int s = 0; s < SEEDS.size(); s++) {
            JsonObject expected = reference.get(s).getAsJsonObject();
            SeedSequence sequence = new SeedSequence(SEEDS.get(s));
            assertArrayEquals(unsigned32(expected.getAsJsonArray("pool")), toLongs(sequence.pool()), "pool, seed " + SEEDS.get(s));
            assertArrayEquals(unsigned32(expected.getAsJsonArray("state32")), toLongs(sequence.generateState32(8)),
                    "generate_state uint32, seed " + SEEDS.get(s));
            long[] state64 = sequence.generateState64(4);
            JsonArray expected64 = expected.getAsJsonArray("state64");
            for (int i = 0; i < state64.length; i++) {
                assertEquals(expected64.get(i).getAsString(), Long.toUnsignedString(state64[i]),
                        "generate_state uint64 word " + i + ", seed " + SEEDS.get(s));
            }
        }
    }

    @Test
    void pcg64SeedingAndRawOutputMatchNumpy() {
        for (int s = 0; s < SEEDS.size(); s++) {
            JsonObject expected = reference.get(s).getAsJsonObject();
            Pcg64 pcg = new Pcg64(new SeedSequence(SEEDS.get(s)));
            assertEquals(expected.get("pcg_state").getAsString(), pcg.state().toString(), "PCG64 state, seed " + SEEDS.get(s));
            assertEquals(expected.get("pcg_inc").getAsString(), pcg.increment().toString(), "PCG64 inc, seed " + SEEDS.get(s));
            JsonArray raw = expected.getAsJsonArray("uint64");
            for (int i = 0; i < DRAWS; i++) {
                assertEquals(raw.get(i).getAsString(), Long.toUnsignedString(pcg.nextUint64()),
                        "random_raw draw " + i + ", seed " + SEEDS.get(s));
            }
        }
    }

    @Test
    void randomAndUniformMatchNumpyExactly() {
        for (int s = 0; s < SEEDS.size(); s++) {
            JsonObject expected = reference.get(s).getAsJsonObject();
            NumpyGenerator forRandom = new NumpyGenerator(new Pcg64(new SeedSequence(SEEDS.get(s))));
            NumpyGenerator forUniform = new NumpyGenerator(new Pcg64(new SeedSequence(SEEDS.get(s))));
            double[] uniform = new double[DRAWS];
            forUniform.uniform(UNIFORM_LOW, UNIFORM_HIGH, uniform);
            for (int i = 0; i < DRAWS; i++) {
                assertEquals(expected.getAsJsonArray("random").get(i).getAsDouble(), forRandom.nextDouble(), 0.0,
                        "random() draw " + i + ", seed " + SEEDS.get(s));
                assertEquals(expected.getAsJsonArray("uniform").get(i).getAsDouble(), uniform[i], 0.0,
                        "uniform() draw " + i + ", seed " + SEEDS.get(s));
            }
        }
    }

    @Test
    void seededMatchesGymnasiumSeedingAndRejectsNegativeSeeds() {
        JsonObject expected = reference.get(SEEDS.indexOf(BigInteger.valueOf(42))).getAsJsonObject();
        assertEquals(expected.getAsJsonArray("random").get(0).getAsDouble(), NumpyGenerator.seeded(42).nextDouble(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> NumpyGenerator.seeded(-1));
        assertThrows(IllegalArgumentException.class, () -> new SeedSequence(BigInteger.valueOf(-5)));
        assertThrows(IllegalArgumentException.class, () -> NumpyGenerator.seeded(0).uniform(0, Double.POSITIVE_INFINITY));
    }

    @Test
    void osEntropySeedsDifferentStreams() {
        assertNotEquals(NumpyGenerator.fromOsEntropy().nextLong(), NumpyGenerator.fromOsEntropy().nextLong());
        int bits = SeedSequence.fromOsEntropy().entropy().bitLength();
        assertTrue(bits > 96 && bits <= 128, "OS entropy is 128 random bits, so its bit length is near 128, got " + bits);
    }

    private static long[] unsigned32(JsonArray values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement v = values.get(i);
            out[i] = v.getAsLong();
        }
        return out;
    }

    private static long[] toLongs(int[] words) {
        long[] out = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            out[i] = Integer.toUnsignedLong(words[i]);
        }
        return out;
    }
}
