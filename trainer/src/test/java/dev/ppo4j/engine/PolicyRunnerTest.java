package dev.ppo4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.OrtEnvironment;
import dev.ppo4j.model.ActionHead;
import dev.ppo4j.model.Activation;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import dev.ppo4j.model.ReferenceForward;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyRunnerTest {

    static ModelSpec spec(boolean gaussian) {
        return gaussian ? ModelSpec.standard(11, new ActionHead.Gaussian(3))
                : new ModelSpec(4, new ActionHead.Categorical(3), List.of(16, 8), Activation.RELU);
    }

    static float[] randomObs(int batch, int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] obs = new float[batch * dim];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) (2 * r.nextGaussian());
        }
        return obs;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void forwardAndValuesMatchThePlainJavaNetwork(boolean gaussian) throws Exception {
        ModelSpec spec = spec(gaussian);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Parameters params = Parameters.initialise(spec, 11);
        try (ParameterState state = new ParameterState(env, params);
             PolicyRunner runner = new PolicyRunner(env, state, PpoGraphs.policy(spec).toByteArray(),
                     PpoGraphs.values(spec).toByteArray())) {
            for (int batch : new int[] {1, 7, 7, 130}) {
                float[] obs = randomObs(batch, spec.observationDim(), batch);
                float[] dist = new float[batch * spec.actionWidth()];
                float[] value = new float[batch];
                runner.forward(obs, batch, dist, value);
                float[] valuesOnly = new float[batch];
                runner.values(obs, batch, valuesOnly);
                assertArrayEquals(value, valuesOnly, 1e-6f);
                ReferenceForward ref = new ReferenceForward(params);
                for (int b = 0; b < batch; b++) {
                    float[] row = java.util.Arrays.copyOfRange(obs, b * spec.observationDim(), (b + 1) * spec.observationDim());
                    double[] expected = ref.actor(row);
                    for (int j = 0; j < expected.length; j++) {
                        assertEquals(expected[j], dist[b * spec.actionWidth() + j], 1e-5, "row " + b);
                    }
                    assertEquals(ref.critic(row), value[b], 1e-5, "value row " + b);
                }
            }
            if (gaussian) {
                float[] logStd = new float[3];
                runner.logStd(logStd);
                assertArrayEquals(new float[3], logStd);
            } else {
                assertThrows(IllegalStateException.class, () -> runner.logStd(new float[3]));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void newParametersAreSeenWithoutRebuildingAndRunsRepeatBitForBit(boolean gaussian) throws Exception {
        ModelSpec spec = spec(gaussian);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (ParameterState state = new ParameterState(env, Parameters.initialise(spec, 1));
             PolicyRunner runner = new PolicyRunner(env, state, PpoGraphs.policy(spec).toByteArray(),
                     PpoGraphs.values(spec).toByteArray())) {
            int batch = 5;
            float[] obs = randomObs(batch, spec.observationDim(), 3);
            float[] first = new float[batch * spec.actionWidth()];
            float[] again = new float[first.length];
            float[] value = new float[batch];
            runner.forward(obs, batch, first, value);
            runner.forward(obs, batch, again, value);
            assertArrayEquals(first, again);

            Parameters other = Parameters.initialise(spec, 2);
            state.setParameters(other.values());
            runner.forward(obs, batch, again, value);
            ReferenceForward ref = new ReferenceForward(other);
            double[] expected = ref.actor(java.util.Arrays.copyOf(obs, spec.observationDim()));
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[j], again[j], 1e-5);
            }
            assertEquals(ref.critic(java.util.Arrays.copyOf(obs, spec.observationDim())), value[0], 1e-5);
            assertThrows(IllegalArgumentException.class, () -> runner.forward(obs, batch, new float[1], value));
        }
    }
}
