package dev.ppo4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The contract's gradient convention at the non-smooth points, asserted exactly (finite
 * differences cannot decide ties). Runs in float32, the production type.
 */
class GradientConventionTest {

    /** Gradients of sum(f(x, y)) with respect to x and y. */
    private static Map<String, HostTensor> gradients(double[] x, double[] y,
            BiFunction<GraphBuilder, Value[], Value> f) throws Exception {
        GraphBuilder g = new GraphBuilder("ties");
        Value xv = g.input("x", x.length);
        Value yv = g.input("y", y.length);
        Value loss = g.reduceSum(f.apply(g, new Value[] {xv, yv}), false);
        List<Value> grads = Gradients.of(g, loss, List.of(xv, yv));
        g.output("gx", grads.get(0));
        g.output("gy", grads.get(1));
        try (ModelRunner runner = new ModelRunner(g.build())) {
            return runner.run(Map.of(
                    "x", HostTensor.of(ElementType.FLOAT, x, x.length),
                    "y", HostTensor.of(ElementType.FLOAT, y, y.length)));
        }
    }

    @Test
    void minSendsTiesToTheFirstOperand() throws Exception {
        Map<String, HostTensor> out = gradients(new double[] {1, 2, 3, 0.5}, new double[] {1, 0, 5, 0.5},
                (g, v) -> g.min(v[0], v[1]));
        assertArrayEquals(new double[] {1, 0, 1, 1}, out.get("gx").values());
        assertArrayEquals(new double[] {0, 1, 0, 0}, out.get("gy").values());
    }

    @Test
    void maxSendsTiesToTheFirstOperand() throws Exception {
        Map<String, HostTensor> out = gradients(new double[] {1, 2, 3, 0.5}, new double[] {1, 0, 5, 0.5},
                (g, v) -> g.max(v[0], v[1]));
        assertArrayEquals(new double[] {1, 1, 0, 1}, out.get("gx").values());
        assertArrayEquals(new double[] {0, 0, 1, 0}, out.get("gy").values());
    }

    @Test
    void minTieRuleHoldsUnderBroadcasting() throws Exception {
        // y is a scalar broadcast against x: its gradient counts the elements where y < x
        Map<String, HostTensor> out = gradients(new double[] {1, 2, 3}, new double[] {2},
                (g, v) -> g.min(v[0], g.reshape(v[1])));
        assertArrayEquals(new double[] {1, 1, 0}, out.get("gx").values());
        assertArrayEquals(new double[] {1}, out.get("gy").values());
    }

    @Test
    void clipPassesTheGradientOnItsClosedRangeAndTheRestToTheBounds() throws Exception {
        double[] x = {-1, 1, -1.5, 1.5, 0, -1.25};
        Map<String, HostTensor> out = gradients(x, new double[] {-1, 1},
                (g, v) -> g.clip(v[0], g.reshape(g.slice(v[1], new long[] {0}, new long[] {1},
                        new long[] {0})), g.reshape(g.slice(v[1], new long[] {1}, new long[] {2},
                        new long[] {0}))));
        assertArrayEquals(new double[] {1, 1, 0, 0, 1, 0}, out.get("gx").values());
        // lower bound binds twice (-1.5, -1.25), upper bound once (1.5); ties stay with x
        assertArrayEquals(new double[] {2, 1}, out.get("gy").values());
    }

    @Test
    void reluAndAbsHaveZeroDerivativeAtZero() throws Exception {
        Map<String, HostTensor> out = gradients(new double[] {0, -0.5, 0.5}, new double[] {0, -2, 2},
                (g, v) -> g.add(g.relu(v[0]), g.abs(v[1])));
        assertArrayEquals(new double[] {0, 0, 1}, out.get("gx").values());
        assertArrayEquals(new double[] {0, -1, 1}, out.get("gy").values());
    }

    @Test
    void clippedSurrogateFollowsTheSixRowTable() throws Exception {
        // d/dr min(r A, clip(r, 1-eps, 1+eps) A): zero exactly when (r < 1-eps and A < 0) or
        // (r > 1+eps and A > 0), A otherwise; the ratios sit on both sides of the clip range
        double eps = 0.2;
        double[] ratio = {1.0, 0.5, 1.5, 1.0, 0.5, 1.5};
        double[] advantage = {2, 2, 2, -3, -3, -3};
        double[] expected = {2, 2, 0, -3, 0, -3};
        Map<String, HostTensor> out = gradients(ratio, advantage, (g, v) -> g.min(
                g.mul(v[0], v[1]), g.mul(g.clip(v[0], 1 - eps, 1 + eps), v[1])));
        assertArrayEquals(expected, out.get("gx").values());
    }
}
