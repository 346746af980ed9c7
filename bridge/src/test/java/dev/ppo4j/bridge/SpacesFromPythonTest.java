package dev.ppo4j.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.ppo4j.env.UnsupportedSpaceException;
import dev.ppo4j.env.spaces.Box;
import dev.ppo4j.env.spaces.DType;
import dev.ppo4j.env.spaces.Discrete;
import dev.ppo4j.env.spaces.MultiBinary;
import dev.ppo4j.env.spaces.MultiDiscrete;
import dev.ppo4j.env.spaces.Space;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spaces as Gymnasium reports them, and actions of every supported kind reaching Python intact. */
class SpacesFromPythonTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void cartPoleAndHopperSpacesKeepInfiniteBounds() {
        try (PythonEnv cartPole = PythonEnv.builder("CartPole-v1").build()) {
            Box obs = (Box) cartPole.observationSpace();
            assertArrayEquals(new int[] {4}, obs.shape());
            assertEquals(DType.FLOAT32, obs.dtype());
            assertArrayEquals(new double[] {4.8, INF, (float) (12 * 2 * Math.PI / 360) * 2, INF}, obs.high(), 1e-6);
            assertEquals(Double.NEGATIVE_INFINITY, obs.low(3));
            assertEquals(new Discrete(2), cartPole.actionSpace());
        }
        try (PythonVectorEnv hopper = PythonVectorEnv.builder("Hopper-v5").build()) {
            Box obs = (Box) hopper.singleObservationSpace();
            assertEquals(Box.of(11, Double.NEGATIVE_INFINITY, INF).flatDim(), obs.flatDim());
            assertEquals(DType.FLOAT64, obs.dtype());
            assertTrue(!obs.isBounded());
            Box action = (Box) hopper.singleActionSpace();
            assertArrayEquals(new double[] {-1, -1, -1}, action.low());
            assertArrayEquals(new double[] {1, 1, 1}, action.high());
        }
    }

    @Test
    void dictObservationIsFlattenedWithALayoutNote() {
        try (PythonEnv env = PythonEnv.builder(TestEnvs.SPACES).kwargs("{\"observation\": \"dict\", \"action\": \"multidiscrete\"}").build()) {
            Box obs = (Box) env.observationSpace();
            assertEquals(8, obs.flatDim(), "Discrete(3) one-hot + MultiBinary(2) + Box(3)");
            assertTrue(obs.layout().startsWith("Dict observation flattened by gymnasium.spaces.flatten"), obs.layout());
            assertTrue(obs.layout().contains("flags[0:2] MultiBinary") && obs.layout().contains("mode[2:5] Discrete one-hot")
                    && obs.layout().contains("position[5:8] Box"), obs.layout());
            assertEquals(8, env.reset(1L, Map.of()).observation().length);
            assertEquals(new MultiDiscrete(new int[] {3, 5}, new int[] {0, -2}), env.actionSpace());
            assertEquals(1.0, env.step(new float[] {2, -1}).reward(), "MultiDiscrete [2, -1] reaches Python (reward = sum)");
        }
    }

    @Test
    void everySupportedActionSpaceRoundTrips() {
        Object[][] cases = {
            {"discrete", new Discrete(4, 1), new float[] {3}, 3.0},
            {"multibinary", new MultiBinary(3), new float[] {1, 0, 1}, 2.0},
            {"box", null, new float[] {0.5f, -1.5f, 2f, 0.25f}, 1.25},
        };
        for (Object[] c : cases) {
            try (PythonEnv env = PythonEnv.builder(TestEnvs.SPACES).kwargs("{\"action\": \"" + c[0] + "\"}").build()) {
                Space space = env.actionSpace();
                if (c[1] != null) {
                    assertEquals(c[1], space);
                } else {
                    assertArrayEquals(new int[] {2, 2}, ((Box) space).shape());
                }
                assertEquals(space, SpaceJson.parse(JsonParser.parseString(space.toJson()).getAsJsonObject()), "JSON round trip");
                env.reset(0L, Map.of());
                assertEquals((double) c[3], env.step((float[]) c[2]).reward(), 1e-6, c[0] + " action reaches Python intact");
            }
        }
        try (PythonEnv env = PythonEnv.builder(TestEnvs.SPACES).kwargs("{\"observation\": \"discrete\"}").build()) {
            assertEquals(new Discrete(7, -3), env.observationSpace());
            float index = env.reset(4L, Map.of()).observation()[0];
            assertTrue(index >= -3 && index <= 3 && index == Math.rint(index), "a Discrete observation is its index: " + index);
        }
    }

    @Test
    void unrepresentableSpacesAreRejectedByName() {
        UnsupportedSpaceException action = assertThrows(UnsupportedSpaceException.class,
                () -> PythonEnv.builder(TestEnvs.SPACES).kwargs("{\"action\": \"tuple\"}").build());
        assertTrue(action.getMessage().contains("The action space Tuple(Discrete(2), Box("), action.getMessage());
        UnsupportedSpaceException obs = assertThrows(UnsupportedSpaceException.class,
                () -> PythonVectorEnv.builder(TestEnvs.SPACES).kwargs("{\"observation\": \"text\"}").build());
        assertTrue(obs.getMessage().contains("The observation space Text("), obs.getMessage());
    }
}
