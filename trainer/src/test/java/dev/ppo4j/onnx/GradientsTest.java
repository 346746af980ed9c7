package dev.ppo4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Finite-difference checks of every gradient rule, run on float64 graphs (tight: step 1e-6,
 * tolerance 1e-6) and on float32 graphs (the production kernels: step 1e-2, tolerance 3e-3).
 */
class GradientsTest {
    private static final long B = GraphBuilder.BATCH;

    private static long[] d(long... dims) {
        return dims;
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"FLOAT", "DOUBLE"})
    void addSubMulDivWithBroadcasting(ElementType type) throws Exception {
        long[][][] shapePairs = {
            {{2, 3}, {2, 3}}, {{2, 3}, {3}}, {{2, 1}, {1, 3}}, {{}, {2, 3}}, {{4, 2, 3}, {2, 1}}, {{4, 1, 3}, {2, 1}},
        };
        for (long[][] pair : shapePairs) {
            GradientCheck.of(type, 1).param("a", -2, 2, pair[0]).param("b", 0.5, 2, pair[1])
                    .check((g, v) -> {
                        Value a = v.get("a");
                        Value b = v.get("b");
                        return g.add(g.add(g.sub(g.mul(a, b), g.div(a, b)), g.add(b, a)), b);
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"FLOAT", "DOUBLE"})
    void broadcastingOverSymbolicBatch(ElementType type) throws Exception {
        GradientCheck.of(type, 2)
                .symbolicParam("x", d(B, 3), d(5, 3), -1, 1)
                .param("bias", -1, 1, 3)
                .symbolicParam("scale", d(B, 1), d(5, 1), 0.5, 1.5)
                .param("all", -1, 1)
                .check((g, v) -> g.mul(g.add(g.mul(v.get("x"), v.get("scale")), v.get("bias")),
                        v.get("all")));
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"FLOAT", "DOUBLE"})
    void broadcastingDecidedAtRunTime(ElementType type) throws Exception {
        // two unrelated symbolic dims: only the run time tells that "y" broadcasts
        GradientCheck.of(type, 3)
                .symbolicParam("x", d(-2, 3), d(4, 3), -1, 1)
                .symbolicParam("y", d(-3, 3), d(1, 3), -1, 1)
                .check((g, v) -> g.mul(v.get("x"), v.get("y")));
    }

    @Test
    void broadcastingDecidedAtRunTimeDifferentiatesTwice() throws Exception {
        // the run-time sum that reduces y's gradient is itself differentiated here
        GradientCheck.float64(27)
                .symbolicParam("x", d(-2, 3), d(4, 3), -1, 1)
                .symbolicParam("y", d(-3, 3), d(1, 3), -1, 1)
                .check((g, v) -> {
                    Value y = v.get("y");
                    Value f = g.reduceSum(g.mul(g.mul(v.get("x"), y), y), false);
                    Value gradY = Gradients.of(g, f, List.of(y)).get(0);
                    return g.mul(gradY, gradY);
                });
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"FLOAT", "DOUBLE"})
    void unaryOps(ElementType type) throws Exception {
        GradientCheck.of(type, 4).param("x", -2, 2, 3, 4).check((g, v) -> {
            Value x = v.get("x");
            Value smooth = g.add(g.neg(g.tanh(x)), g.add(g.exp(x), g.abs(x)));
            return g.add(smooth, g.mul(g.sign(x), g.mul(x, x)));
        });
        GradientCheck.of(type, 5).param("x", 0.2, 3, 3, 4).check((g, v) -> g.sqrt(v.get("x")));
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"FLOAT", "DOUBLE"})
    void reluAwayFromTheKink(ElementType type) throws Exception {
        double[] values = {-1.5, -0.3, 0.2, 1.1, -0.7, 2.4};
        GradientCheck.of(type, 6).param("x", d(2, 3), values).check((g, v) -> g.relu(v.get("x")));
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"FLOAT", "DOUBLE"})
    void minMaxClipWhereAwayFromTies(ElementType type) throws Exception {
        GradientCheck.of(type, 9).param("x", -2, 2, 3, 4).param("y", -2, 2, 4)
                .check((g, v) -> g.add(g.min(v.get("x"), v.get("y")),
                        g.mul(g.max(v.get("y"), v.get("x")), g.scalar(3.0))));
        GradientCheck.of(type, 10).param("x", -2, 2, 3, 4).param("lo", d(), new double[] {-0.5})
                .param("hi", d(), new double[] {0.7})
                .check((g, v) -> g.clip(v.get("x"), v.get("lo"), v.get("hi")));
        GradientCheck.of(type, 11).param("x", -2, 2, 3, 4)
                .check((g, v) -> g.clip(v.get("x"), -0.5, 0.7));
        GradientCheck.of(type, 12).param("a", -2, 2, 3, 4).param("b", -2, 2, 4)
                .fixed("c", ElementType.BOOL, d(3, 1), d(3, 1), new double[] {1, 0, 1})
                .check((g, v) -> g.where(v.get("c"), v.get("a"), v.get("b")));
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"FLOAT", "DOUBLE"})
    void reductions(ElementType type) throws Exception {
        GradientCheck check = GradientCheck.of(type, 13).symbolicParam("x", d(B, 3, 4), d(2, 3, 4), -1, 1);
        check.check((g, v) -> g.reduceSum(v.get("x"), false, 1));
        check.check((g, v) -> g.reduceSum(v.get("x"), true, 0, 2));
        check.check((g, v) -> g.reduceSum(v.get("x"), false));
        check.check((g, v) -> g.reduceMean(v.get("x"), false, -1));
        check.check((g, v) -> g.reduceMean(v.get("x"), true, 0));
        check.check((g, v) -> g.reduceMean(v.get("x"), false));
        check.check((g, v) -> g.reduceSumSquare(v.get("x"), false, 1, 2));
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"FLOAT", "DOUBLE"})
    void logSoftmax(ElementType type) throws Exception {
        GradientCheck check = GradientCheck.of(type, 14).param("x", -2, 2, 3, 4);
        check.check((g, v) -> g.logSoftmax(v.get("x"), -1));
        check.check((g, v) -> g.logSoftmax(v.get("x"), 0));
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"FLOAT", "DOUBLE"})
    void gemmInEveryTransposition(ElementType type) throws Exception {
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                for (long[] biasDims : new long[][] {{4}, {1, 4}, {3, 4}, {3, 1}}) {
                    GradientCheck.of(type, 15)
                            .param("a", -1, 1, transA ? d(2, 3) : d(3, 2))
                            .param("b", -1, 1, transB ? d(4, 2) : d(2, 4))
                            .param("c", -1, 1, biasDims)
                            .check((g, v) -> g.gemm(v.get("a"), v.get("b"), v.get("c"), 0.7, -1.3,
                                    transA, transB));
                }
            }
        }
        GradientCheck.of(type, 16).symbolicParam("x", d(B, 3), d(5, 3), -1, 1)
                .param("w", -1, 1, 3, 2)
                .check((g, v) -> g.gemm(v.get("x"), v.get("w"), null, false, false));
        // the bias of a product over a symbolic batch: its gradient sums rows as a product with ones
        GradientCheck.of(type, 17).symbolicParam("x", d(B, 3), d(5, 3), -1, 1)
                .param("w", -1, 1, 3, 2).param("c", -1, 1, 2)
                .check((g, v) -> g.gemm(v.get("x"), v.get("w"), v.get("c"), false, false));
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"FLOAT", "DOUBLE"})
    void vectorMatrixProductsInBothOrders(ElementType type) throws Exception {
        GradientCheck.of(type, 18).symbolicParam("m", d(B, 3), d(4, 3), -1, 1)
                .symbolicParam("v", d(B), d(4), -1, 1)
                .check((g, v) -> g.matMul(v.get("v"), v.get("m")));
        GradientCheck.of(type, 19).param("m", -1, 1, 4, 3).param("v", -1, 1, 3)
                .check((g, v) -> g.matMul(v.get("m"), v.get("v")));
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"FLOAT", "DOUBLE"})
    void gatherAndScatterElementsWithRepeatedAndNegativeIndices(ElementType type) throws Exception {
        GradientCheck.of(type, 22).symbolicParam("x", d(B, 4), d(3, 4), -1, 1)
                .fixed("i", ElementType.INT64, d(B, 2), d(3, 2), new double[] {1, 1, 0, 3, -2, 0})
                .check((g, v) -> g.gatherElements(v.get("x"), v.get("i"), 1));
        GradientCheck.of(type, 25).param("x", -1, 1, 3, 4).param("u", -1, 1, 3, 2)
                .fixed("i", ElementType.INT64, d(3, 2), d(3, 2), new double[] {0, 3, 3, 3, 1, -4})
                .check((g, v) -> g.scatterElementsAdd(v.get("x"), v.get("i"), v.get("u"), 1));
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"FLOAT", "DOUBLE"})
    void shapeOps(ElementType type) throws Exception {
        GradientCheck check = GradientCheck.of(type, 23).symbolicParam("x", d(B, 2, 3), d(2, 2, 3), -1, 1);
        check.check((g, v) -> g.reshape(v.get("x"), 0, 6));
        check.check((g, v) -> g.reshape(v.get("x"), -1));
        check.check((g, v) -> g.unsqueeze(v.get("x"), 1, -1));
        check.check((g, v) -> g.squeeze(g.unsqueeze(v.get("x"), 0), 0));
        check.check((g, v) -> g.reshapeAs(g.reshape(v.get("x"), -1), v.get("x")));
        check.check((g, v) -> g.output("copy", v.get("x")));
        check.check((g, v) -> g.concat(-1, v.get("x"), g.mul(v.get("x"), v.get("x")), v.get("x")));
        check.check((g, v) -> g.slice(v.get("x"), d(1), d(3), d(2)));
        check.check((g, v) -> g.slice(v.get("x"), d(1), d(Long.MAX_VALUE), d(0)));
        check.check((g, v) -> g.slice(v.get("x"), d(-2, 0), d(-1, 1), d(2, 1)));
        check.check((g, v) -> g.pad(v.get("x"), 0, 1, 0, 0, 0, 2));
        check.check((g, v) -> g.expandAs(g.reduceSum(v.get("x"), true, 0), v.get("x")));
        GradientCheck.of(type, 26).param("x", -1, 1, 2, 1, 3)
                .check((g, v) -> g.expandAs(v.get("x"), g.constant(new double[30], 5, 2, 1, 3)));
    }

    @Test
    void castPassesGradientsBetweenFloatTypes() throws Exception {
        // float32 rounding makes finite differences useless here, so check the exact identity
        GraphBuilder g = new GraphBuilder("cast", ElementType.DOUBLE);
        Value x = g.input("x", 3);
        Value w = g.input("w", 3);
        Value roundTrip = g.cast(g.cast(x, ElementType.FLOAT), ElementType.DOUBLE);
        Value loss = g.reduceSum(g.mul(roundTrip, w), false);
        g.output("grad", Gradients.of(g, loss, List.of(x)).get(0));
        try (ModelRunner runner = new ModelRunner(g.build())) {
            HostTensor grad = runner.run(Map.of(
                    "x", HostTensor.of(ElementType.DOUBLE, new double[] {1, 2, 3}, 3),
                    "w", HostTensor.of(ElementType.DOUBLE, new double[] {0.5, -2, 4}, 3))).get("grad");
            assertArrayEquals(new double[] {0.5, -2, 4}, grad.values());
        }
    }

    @Test
    void accumulatesRepeatedUseAndHonoursConstants() throws Exception {
        GradientCheck.float64(24).param("x", -1, 1, 2, 3).check((g, v) -> {
            Value x = v.get("x");
            return g.add(g.mul(x, g.tanh(x)), g.mul(g.exp(x), x));
        });
        GraphBuilder g = new GraphBuilder("constants", ElementType.DOUBLE);
        Value x = g.input("x", 3);
        Value y = g.input("y", 3);
        Value frozenX = g.mul(x, g.scalar(1.0));
        Value frozenProduct = g.mul(x, frozenX);
        Value viaConstant = g.mul(y, x);
        Value loss = g.reduceSum(g.add(frozenProduct, viaConstant), false);
        List<Value> grads = Gradients.of(g, loss, List.of(x, y), List.of(y, frozenX));
        g.output("gx", grads.get(0));
        g.output("gy", grads.get(1));
        try (ModelRunner runner = new ModelRunner(g.build())) {
            Map<String, HostTensor> out = runner.run(Map.of(
                    "x", HostTensor.of(ElementType.DOUBLE, new double[] {1, -2, 3}, 3),
                    "y", HostTensor.of(ElementType.DOUBLE, new double[] {10, 20, 30}, 3)));
            // d/dx [x * frozen(x) + y * x] = frozen(x) + y; y is a constant so its gradient is zero
            assertArrayEquals(new double[] {11, 18, 33}, out.get("gx").values());
            assertArrayEquals(new double[] {0, 0, 0}, out.get("gy").values());
        }
    }

    @Test
    void unrelatedValuesGetZeroGradientsOfTheirShape() throws Exception {
        GraphBuilder g = new GraphBuilder("unrelated");
        Value x = g.input("x", 2);
        Value unused = g.input("unused", GraphBuilder.BATCH, 3);
        List<Value> grads = Gradients.of(g, g.reduceSum(g.mul(x, x), false), List.of(x, unused));
        g.output("gx", grads.get(0));
        g.output("gu", grads.get(1));
        try (ModelRunner runner = new ModelRunner(g.build())) {
            Map<String, HostTensor> out = runner.run(Map.of(
                    "x", HostTensor.of(ElementType.FLOAT, new double[] {1.5, -2}, 2),
                    "unused", HostTensor.of(ElementType.FLOAT, new double[] {1, 2, 3, 4, 5, 6}, 2, 3)));
            assertArrayEquals(new double[] {3, -4}, out.get("gx").values());
            assertArrayEquals(new long[] {2, 3}, out.get("gu").dims());
            assertArrayEquals(new double[6], out.get("gu").values());
        }
    }

    @Test
    void refusesWhatItCannotDifferentiate() {
        GraphBuilder g = new GraphBuilder("unsupported", ElementType.DOUBLE);
        Value x = g.input("x", 3);
        // dropping axes known only at run time: the gradient cannot tell where to put them back
        Value runTimeAxes = g.input("axes", ElementType.INT64, 1);
        Value loss = g.custom(OnnxOp.REDUCE_SUM, List.of(x, runTimeAxes), Map.of("keepdims", 0),
                ElementType.DOUBLE);
        assertThrows(UnsupportedGradientException.class, () -> Gradients.of(g, loss, List.of(x)));
        Value vector = g.tanh(x);
        assertThrows(IllegalArgumentException.class, () -> Gradients.of(g, vector, List.of(x)));
        Value indices = g.input("i", ElementType.INT64, 3);
        Value picked = g.reduceSum(g.gatherElements(x, indices, 0), false);
        assertThrows(IllegalArgumentException.class,
                () -> Gradients.of(g, picked, List.of(indices)));
    }
}
