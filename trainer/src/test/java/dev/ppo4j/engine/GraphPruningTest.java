package dev.ppo4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.HostTensor;
import dev.ppo4j.onnx.ModelRunner;
import dev.ppo4j.onnx.Value;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphPruningTest {

    @Test
    void deadNodesAndOutputIdentitiesGoAndOutputsStayTheSame() throws Exception {
        GraphBuilder g = new GraphBuilder("pruning");
        Value x = g.input("x", 3);
        Value w = g.input("w", 3);                 // read only by the dead branch
        Value doubled = g.add(x, x);
        g.exp(g.mul(doubled, g.mul(w, g.scalar(7.0))));      // nobody reads this
        g.output("y", g.tanh(doubled));            // an Identity renames tanh's output
        g.output("z", x);                          // an input as output keeps its Identity
        ModelProto model = g.build();
        ModelProto pruned = GraphPruning.prune(model);
        assertEquals(List.of("Add", "Tanh", "Identity"),
                pruned.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList());
        assertTrue(pruned.getGraph().getInitializerCount() < model.getGraph().getInitializerCount(),
                "the dead branch's constant goes too");
        assertEquals(List.of("x"), pruned.getGraph().getInputList().stream().map(ValueInfoProto::getName).toList(),
                "and so does the input only it read");
        Map<String, HostTensor> feeds = Map.of("x", HostTensor.of(g.floatType(), new double[] {0.1, -0.2, 0.3}, 3));
        Map<String, HostTensor> allFeeds = new HashMap<>(feeds);
        allFeeds.put("w", HostTensor.of(g.floatType(), new double[] {1, 2, 3}, 3));
        try (ModelRunner before = new ModelRunner(model); ModelRunner after = new ModelRunner(pruned)) {
            Map<String, HostTensor> expected = before.run(allFeeds);
            Map<String, HostTensor> actual = after.run(feeds);
            assertEquals(expected.keySet(), actual.keySet());
            for (String name : expected.keySet()) {
                assertArrayEquals(expected.get(name).values(), actual.get(name).values(), name);
            }
        }
    }

    @Test
    void everyNodeOfTheTrainStepFeedsAnOutput() {
        ModelProto model = PpoGraphs.trainStep(Fixtures.small(true), LossConfig.defaults());
        Set<String> consumed = new HashSet<>();
        model.getGraph().getOutputList().forEach(o -> consumed.add(o.getName()));
        model.getGraph().getNodeList().forEach(n -> consumed.addAll(n.getInputList()));
        for (NodeProto node : model.getGraph().getNodeList()) {
            assertTrue(node.getOutputList().stream().anyMatch(consumed::contains), node.getOpType() + " is dead");
            assertTrue(!node.getOpType().equals("Identity"), "no Identity copies are left");
        }
    }
}
