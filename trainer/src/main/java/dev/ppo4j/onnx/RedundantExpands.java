package dev.ppo4j.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes out of a finished model the Expand nodes (with the Shape nodes that only fed them) whose
 * every use is an elementwise operator that broadcasts to the same shape without them: the
 * differentiator spreads a reduction's gradient back with Expand, and when the next operator
 * broadcasts against an operand of the full shape anyway, the expanded copy is work ONNX Runtime
 * would do on every run for nothing. Each element of such an operator reads the same operand
 * value either way, so results are bit for bit the same.
 */
final class RedundantExpands {
    /** Operators whose output is the broadcast of their operands, element by element. */
    private static final Set<OnnxOp> BROADCASTING = EnumSet.of(OnnxOp.ADD, OnnxOp.SUB, OnnxOp.MUL,
            OnnxOp.DIV, OnnxOp.MIN, OnnxOp.MAX, OnnxOp.WHERE);

    private RedundantExpands() {}

    /**
     * Rewires the uses that broadcast anyway to the Expand's operand and drops what is left unused.
     *
     * @param model the model as written
     * @param nodes the builder's record of the model's nodes
     * @return the model without the redundant Expand nodes
     */
    static ModelProto bypass(ModelProto model, List<Node> nodes) {
        Map<String, String> expandOperands = new HashMap<>();
        for (Node node : nodes) {
            if (node.op() == OnnxOp.EXPAND) {
                expandOperands.put(node.output().name(), node.input(0).name());
            }
        }
        if (expandOperands.isEmpty()) {
            return model;
        }
        Map<String, Set<Integer>> rewired = new HashMap<>();
        for (Node node : nodes) {
            for (int i = 0; i < node.inputs().size(); i++) {
                Value input = node.input(i);
                if (input != null && expandOperands.containsKey(input.name()) && broadcastsWithout(node, i)) {
                    rewired.computeIfAbsent(node.output().name(), k -> new HashSet<>()).add(i);
                }
            }
        }
        GraphProto graph = model.getGraph();
        GraphProto.Builder out = graph.toBuilder().clearNode();
        for (NodeProto node : graph.getNodeList()) {
            Set<Integer> positions = rewired.getOrDefault(node.getOutput(0), Set.of());
            NodeProto.Builder b = node.toBuilder();
            positions.forEach(i -> b.setInput(i, expandOperands.get(node.getInput(i))));
            out.addNode(b);
        }
        return model.toBuilder().setGraph(dropUnused(out.build(), expandOperands.keySet())).build();
    }

    /** Whether another operand of the node already has the node's output shape. */
    private static boolean broadcastsWithout(Node node, int position) {
        if (!BROADCASTING.contains(node.op())) {
            return false;
        }
        for (int i = 0; i < node.inputs().size(); i++) {
            Value other = node.input(i);
            if (i != position && other != null && Arrays.equals(other.dims(), node.output().dims())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes the Expand nodes nothing reads any more, then the Shape nodes and the constant
     * shapes that only fed them.
     */
    private static GraphProto dropUnused(GraphProto graph, Set<String> expandOutputs) {
        Set<String> dropped = unusedAmong(graph, expandOutputs, Set.of());
        Set<String> shapeOutputs = new HashSet<>();
        for (NodeProto node : graph.getNodeList()) {
            if (dropped.contains(node.getOutput(0)) && node.getInputCount() > 1) {
                shapeOutputs.add(node.getInput(1));
            }
        }
        Set<String> droppedShapes = unusedAmong(graph, shapeOutputs, dropped);
        GraphProto.Builder out = graph.toBuilder().clearNode();
        for (NodeProto node : graph.getNodeList()) {
            String output = node.getOutput(0);
            boolean deadShape = droppedShapes.contains(output) && node.getOpType().equals(OnnxOp.SHAPE.getOpName());
            if (!dropped.contains(output) && !deadShape) {
                out.addNode(node);
            }
        }
        out.clearInitializer();
        for (TensorProto initializer : graph.getInitializerList()) {
            if (!droppedShapes.contains(initializer.getName())) {
                out.addInitializer(initializer);
            }
        }
        return out.build();
    }

    /** The candidates no graph output names and no node reads, ignoring the nodes already dropped. */
    private static Set<String> unusedAmong(GraphProto graph, Set<String> candidates, Set<String> droppedNodes) {
        Set<String> used = new HashSet<>();
        graph.getOutputList().stream().map(ValueInfoProto::getName).forEach(used::add);
        for (NodeProto node : graph.getNodeList()) {
            if (!droppedNodes.contains(node.getOutput(0))) {
                used.addAll(node.getInputList());
            }
        }
        Set<String> unused = new HashSet<>(candidates);
        unused.removeAll(used);
        return unused;
    }
}
