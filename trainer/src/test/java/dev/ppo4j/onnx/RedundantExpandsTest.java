package dev.ppo4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedundantExpandsTest {
    private static final double[] X = {0.5, -1.25, 3.0};
    private static final double S = 0.1;

    private static List<String> ops(ModelProto model) {
        return model.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    }

    private static Map<String, HostTensor> run(ModelProto model, GraphBuilder g) throws Exception {
        Map<String, HostTensor> feeds = Map.of("x", HostTensor.of(g.floatType(), X, X.length),
                "s", HostTensor.of(g.floatType(), new double[] {S}));
        try (ModelRunner runner = new ModelRunner(model)) {
            return runner.run(feeds);
        }
    }

    private static double[] scaled(double[] x, double s) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i] * (float) s;
        }
        return out;
    }

    @Test
    void anExpandWhoseUseBroadcastsAnywayGoesWithItsShape() throws Exception {
        GraphBuilder g = new GraphBuilder("bypass");
        Value x = g.input("x", GraphBuilder.BATCH);
        Value s = g.input("s");
        g.output("y", g.mul(g.expandAs(s, x), x));
        ModelProto model = g.build();
        assertEquals(List.of("Mul", "Identity"), ops(model));
        assertArrayEquals(scaled(X, S), run(model, g).get("y").values());
    }

    @Test
    void anExpandStaysWhereItsShapeIsNeeded() throws Exception {
        GraphBuilder g = new GraphBuilder("kept");
        Value x = g.input("x", GraphBuilder.BATCH);
        Value s = g.input("s");
        Value spread = g.expandAs(s, x);
        g.output("sum", g.add(spread, s));   // the other operand is a scalar: the Expand sets the shape
        g.output("spread", spread);          // a graph output keeps its shape
        ModelProto model = g.build();
        assertEquals(List.of("Shape", "Expand", "Add", "Identity", "Identity"), ops(model));
        Map<String, HostTensor> out = run(model, g);
        assertArrayEquals(new long[] {X.length}, out.get("sum").dims());
        assertArrayEquals(new long[] {X.length}, out.get("spread").dims());
    }
}
