package dev.ppo4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParametersTest {
    private static final ModelSpec HOPPER = ModelSpec.standard(11, new ActionHead.Gaussian(3));

    @Test
    void layoutCoversTheFlatVectorWithoutGaps() {
        int expected = 0;
        for (ParameterTensor t : HOPPER.parameterTensors()) {
            assertEquals(expected, t.offset(), t.name());
            expected += t.size();
        }
        assertEquals(expected, HOPPER.parameterCount());
        // actor 11·64+64 + 64·64+64 + 64·3+3, log_std 3, critic 11·64+64 + 64·64+64 + 64+1
        assertEquals(768 + 4160 + 195 + 3 + 768 + 4160 + 65, HOPPER.parameterCount());
    }

    @Test
    void weightsAreOrthogonalWithTheirGainAndBiasesZero() {
        Parameters p = Parameters.initialise(HOPPER, 7);
        for (ParameterTensor t : HOPPER.parameterTensors()) {
            float[] v = p.tensor(t.name());
            if (!t.isMatrix()) {
                assertArrayEquals(new float[v.length], v, t.name());
                continue;
            }
            int rows = t.shape().get(0);
            int cols = t.shape().get(1);
            double gain2 = t.initGain() * t.initGain();
            // The smaller side is orthonormal: WᵀW = g²·I when rows ≥ cols, else WWᵀ = g²·I.
            int n = Math.min(rows, cols);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    for (int k = 0; k < Math.max(rows, cols); k++) {
                        dot += rows >= cols ? (double) v[k * cols + i] * v[k * cols + j]
                                : (double) v[i * cols + k] * v[j * cols + k];
                    }
                    assertEquals(i == j ? gain2 : 0.0, dot, 1e-5 * Math.max(gain2, 1e-2), t.name() + " " + i + "," + j);
                }
            }
        }
    }

    @Test
    void sameSeedSameParametersOtherSeedOtherParameters() {
        assertArrayEquals(Parameters.initialise(HOPPER, 3).values(), Parameters.initialise(HOPPER, 3).values());
        assertFalse(Arrays.equals(Parameters.initialise(HOPPER, 3).values(), Parameters.initialise(HOPPER, 4).values()));
    }

    @Test
    void categoricalHasNoLogStdAndWrongLengthsAreRejected() {
        ModelSpec cartPole = new ModelSpec(4, new ActionHead.Categorical(2), List.of(32), Activation.RELU);
        assertFalse(cartPole.parameterTensors().stream().anyMatch(t -> t.name().equals("log_std")));
        assertThrows(IllegalArgumentException.class, () -> Parameters.fromFlat(cartPole, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> Parameters.initialise(cartPole, 1).tensor("log_std"));
        assertThrows(IllegalArgumentException.class, () -> new ActionHead.Categorical(1));
    }
}
