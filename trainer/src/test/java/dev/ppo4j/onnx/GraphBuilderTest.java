package dev.ppo4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphBuilderTest {

    @Test
    void writesPinnedVersionsSymbolicBatchAndNamedOutputs() throws Exception {
        GraphBuilder g = new GraphBuilder("linear");
        Value x = g.input("x", GraphBuilder.BATCH, 2);
        Value w = g.input("w", 2, 3);
        Value b = g.input("b", 3);
        Value y = g.gemm(x, w, b, false, false);
        assertArrayEquals(new long[] {GraphBuilder.BATCH, 3}, y.dims());
        Value rowSums = g.reduceSum(y, false, 1);
        assertArrayEquals(new long[] {GraphBuilder.BATCH}, rowSums.dims());
        g.output("y", y);
        g.output("row_sums", rowSums);
        g.metadata("purpose", "test");
        ModelProto model = g.build();

        assertEquals(ModelWriter.IR_VERSION, model.getIrVersion());
        assertEquals(ModelWriter.OPSET_VERSION, model.getOpsetImport(0).getVersion());
        assertEquals("batch", model.getGraph().getInput(0).getType().getTensorType().getShape()
                .getDim(0).getDimParam());
        assertEquals("purpose", model.getMetadataProps(0).getKey());

        try (ModelRunner runner = new ModelRunner(model)) {
            Map<String, HostTensor> out = runner.run(Map.of(
                    "x", HostTensor.of(ElementType.FLOAT, new double[] {1, 2, 3, 4, 5, 6}, 3, 2),
                    "w", HostTensor.of(ElementType.FLOAT, new double[] {1, 0, 1, 0, 1, 1}, 2, 3),
                    "b", HostTensor.of(ElementType.FLOAT, new double[] {10, 20, 30}, 3)));
            assertArrayEquals(new double[] {11, 22, 33, 13, 24, 37, 15, 26, 41},
                    out.get("y").values());
            assertArrayEquals(new long[] {3}, out.get("row_sums").dims());
            assertArrayEquals(new double[] {66, 74, 82}, out.get("row_sums").values());
        }
    }

    @Test
    void tracksShapesThroughShapeOps() {
        GraphBuilder g = new GraphBuilder("shapes");
        Value x = g.input("x", GraphBuilder.BATCH, 4, 1);
        assertArrayEquals(new long[] {GraphBuilder.BATCH, 4}, g.squeeze(x, -1).dims());
        assertArrayEquals(new long[] {GraphBuilder.BATCH, 4}, g.reshape(x, -1, 4).dims());
        assertArrayEquals(new long[] {GraphBuilder.BATCH, 1}, g.argMax(x, 1, false).dims());
        assertArrayEquals(new long[] {1, 4, 1}, g.argMax(x, 0, true).dims());
        assertArrayEquals(new long[] {1, GraphBuilder.BATCH, 4, 1}, g.unsqueeze(x, 0).dims());
        assertArrayEquals(new long[] {GraphBuilder.BATCH, 2, 1},
                g.slice(x, new long[] {1}, new long[] {3}, new long[] {1}).dims());
        assertArrayEquals(new long[] {GraphBuilder.BATCH, 8, 1}, g.concat(1, x, x).dims());
        assertArrayEquals(new long[] {GraphBuilder.BATCH, 4, 5},
                g.add(x, g.constant(new double[5], 5)).dims());
    }

    @Test
    void rejectsMismatchedOperandsWithPlainMessages() {
        GraphBuilder g = new GraphBuilder("bad");
        Value a = g.input("a", 2, 3);
        Value b = g.input("b", 4, 3);
        assertThrows(IllegalArgumentException.class, () -> g.add(a, b));
        assertThrows(IllegalArgumentException.class, () -> g.gemm(a, b, null, false, false));
        assertThrows(IllegalArgumentException.class, () -> g.input("a", 1));
        Value indices = g.input("i", ElementType.INT64, 2);
        assertThrows(IllegalArgumentException.class, () -> g.add(a, indices));
        assertThrows(IllegalStateException.class, g::build);
    }

    @Test
    void runsBooleanAndIntegerTensors() throws Exception {
        GraphBuilder g = new GraphBuilder("types");
        Value flags = g.input("flags", ElementType.BOOL, GraphBuilder.BATCH);
        Value x = g.input("x", GraphBuilder.BATCH);
        g.output("positive_and_flagged", g.and(flags, g.greater(x, g.scalar(0.0))));
        g.output("shape", g.shape(x));
        g.output("as_float", g.cast(flags, ElementType.FLOAT));
        try (ModelRunner runner = new ModelRunner(g.build())) {
            Map<String, HostTensor> out = runner.run(Map.of(
                    "flags", new HostTensor(ElementType.BOOL, new long[] {3}, new double[] {1, 1, 0}),
                    "x", HostTensor.of(ElementType.FLOAT, new double[] {2, -1, 3}, 3)));
            assertEquals(ElementType.BOOL, out.get("positive_and_flagged").type());
            assertArrayEquals(new double[] {1, 0, 0}, out.get("positive_and_flagged").values());
            assertEquals(ElementType.INT64, out.get("shape").type());
            assertArrayEquals(new double[] {3}, out.get("shape").values());
            assertArrayEquals(new double[] {1, 1, 0}, out.get("as_float").values());
        }
    }

    @Test
    void argMaxTakesTheFirstOfTiedMaxima() throws Exception {
        GraphBuilder g = new GraphBuilder("argmax");
        Value x = g.input("x", GraphBuilder.BATCH, 3);
        Value best = g.output("best", g.argMax(x, -1, false));
        assertEquals(ElementType.INT64, best.type());
        assertArrayEquals(new long[] {GraphBuilder.BATCH}, best.dims());
        ModelProto model = g.build();
        assertEquals("batch", model.getGraph().getOutput(0).getType().getTensorType().getShape()
                .getDim(0).getDimParam());
        try (ModelRunner runner = new ModelRunner(model)) {
            HostTensor out = runner.run(Map.of("x", HostTensor.of(ElementType.FLOAT,
                    new double[] {1, 3, 2, 5, 5, 0, -1, -2, -1}, 3, 3))).get("best");
            assertEquals(ElementType.INT64, out.type());
            assertArrayEquals(new double[] {1, 0, 0}, out.values());
        }
    }

    @Test
    void bakesChosenInputsIntoInitializers() throws Exception {
        GraphBuilder g = new GraphBuilder("affine");
        Value x = g.input("x", GraphBuilder.BATCH, 2);
        Value scale = g.input("scale", 2);
        g.output("y", g.mul(x, scale));
        ModelProto frozen = OnnxModels.inputsToInitializers(g.build(),
                Map.of("scale", new float[] {2f, -1f}));
        assertEquals(List.of("x"), frozen.getGraph().getInputList().stream().map(i -> i.getName())
                .toList());
        try (ModelRunner runner = new ModelRunner(frozen)) {
            HostTensor y = runner.run(Map.of("x",
                    HostTensor.of(ElementType.FLOAT, new double[] {1, 2, 3, 4}, 2, 2))).get("y");
            assertArrayEquals(new double[] {2, -2, 6, -4}, y.values());
        }
        assertThrows(IllegalArgumentException.class,
                () -> OnnxModels.inputsToInitializers(g.build(), Map.of("nope", new float[1])));
    }
}
