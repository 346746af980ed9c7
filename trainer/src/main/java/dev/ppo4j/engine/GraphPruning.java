package dev.ppo4j.engine;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes work from a finished model that ONNX Runtime would otherwise execute on every run:
 * nodes no graph output depends on (the differentiator also emits gradient paths towards inputs
 * nobody asked for, and ONNX Runtime runs them) with their initializers, the inputs only they read
 * (each fed input costs a little on every run), and the Identity copies that only give an
 * intermediate value its output name.
 */
final class GraphPruning {
    private GraphPruning() {}

    static ModelProto prune(ModelProto model) {
        return model.toBuilder().setGraph(renameOutputIdentities(removeDeadNodes(model.getGraph()))).build();
    }

    private static GraphProto removeDeadNodes(GraphProto graph) {
        Map<String, NodeProto> producers = new HashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            for (String output : node.getOutputList()) {
                producers.put(output, node);
            }
        }
        Set<String> live = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        graph.getOutputList().forEach(o -> pending.push(o.getName()));
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (live.add(name)) {
                NodeProto producer = producers.get(name);
                if (producer != null) {
                    producer.getInputList().forEach(pending::push);
                    live.addAll(producer.getOutputList());
                }
            }
        }
        GraphProto.Builder out = graph.toBuilder().clearNode().clearInitializer().clearInput();
        for (ValueInfoProto input : graph.getInputList()) {
            if (live.contains(input.getName())) {
                out.addInput(input);
            }
        }
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOutputList().stream().anyMatch(live::contains)) {
                out.addNode(node);
            }
        }
        for (TensorProto initializer : graph.getInitializerList()) {
            if (live.contains(initializer.getName())) {
                out.addInitializer(initializer);
            }
        }
        return out.build();
    }

    /**
     * For {@code out = Identity(x)} where out is a graph output and x is an intermediate value,
     * renames x to out everywhere and drops the Identity.
     */
    private static GraphProto renameOutputIdentities(GraphProto graph) {
        Set<String> graphOutputs = new HashSet<>();
        graph.getOutputList().stream().map(ValueInfoProto::getName).forEach(graphOutputs::add);
        Set<String> external = new HashSet<>();
        graph.getInputList().stream().map(ValueInfoProto::getName).forEach(external::add);
        graph.getInitializerList().stream().map(TensorProto::getName).forEach(external::add);
        Map<String, String> renames = new HashMap<>();
        List<NodeProto> kept = new ArrayList<>();
        for (NodeProto node : graph.getNodeList()) {
            String source = node.getOpType().equals("Identity") ? node.getInput(0) : null;
            if (source != null && graphOutputs.contains(node.getOutput(0)) && !graphOutputs.contains(source)
                    && !external.contains(source) && !renames.containsKey(source)) {
                renames.put(source, node.getOutput(0));
            } else {
                kept.add(node);
            }
        }
        GraphProto.Builder out = graph.toBuilder().clearNode();
        for (NodeProto node : kept) {
            NodeProto.Builder b = node.toBuilder();
            for (int i = 0; i < b.getInputCount(); i++) {
                b.setInput(i, renames.getOrDefault(b.getInput(i), b.getInput(i)));
            }
            for (int i = 0; i < b.getOutputCount(); i++) {
                b.setOutput(i, renames.getOrDefault(b.getOutput(i), b.getOutput(i)));
            }
            out.addNode(b);
        }
        return out.build();
    }
}
