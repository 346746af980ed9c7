/**
 * The ONNX graph engine's foundation: build standard-op ONNX models from Java, differentiate
 * them in reverse mode into the same graph, and run them in ONNX Runtime.
 *
 * <ul>
 *   <li>{@link dev.ppo4j.onnx.GraphBuilder} records operators ({@link dev.ppo4j.onnx.OnnxOp},
 *       Tribuo's {@code ONNXOperator} interface) and returns an {@code OnnxMl.ModelProto}
 *       (IR 8, opset 18). Behind it, {@code ShapeInference} tracks static and symbolic
 *       dimensions and {@code ModelWriter} writes the protobuf.</li>
 *   <li>{@link dev.ppo4j.onnx.Gradients} appends the backward pass for a scalar loss with
 *       standard ONNX ops only, so ONNX Runtime's ordinary session runs it.</li>
 *   <li>{@link dev.ppo4j.onnx.OnnxModels} bakes chosen inputs into initializers (export).</li>
 *   <li>{@link dev.ppo4j.onnx.ModelRunner} runs a model on one thread with
 *       {@link dev.ppo4j.onnx.HostTensor}s, for tests and tools.</li>
 * </ul>
 *
 * <p>Conventions: dimensions are {@code long}s, negative ones symbolic
 * ({@link dev.ppo4j.onnx.GraphBuilder#BATCH} or {@code symbolicDim(name)}); axes may count from
 * the end; reductions with no axes reduce all axes. Block gradients by passing constants to
 * {@code Gradients.of}. Build the same graph code with
 * {@code new GraphBuilder(name, ElementType.DOUBLE)} for float64 checks.
 *
 * <p>Example: a linear layer, a mean squared loss and its gradients as graph outputs.
 * <pre>{@code
 * GraphBuilder g = new GraphBuilder("regression");            // float32; pass DOUBLE for float64
 * Value x = g.input("x", GraphBuilder.BATCH, 3);              // [batch, 3]
 * Value y = g.input("y", GraphBuilder.BATCH, 1);
 * Value w = g.input("w", 3, 1);                               // parameters are inputs
 * Value b = g.input("b", 1);
 * Value err = g.sub(g.gemm(x, w, b, false, false), y);        // bias broadcasts over the batch
 * Value loss = g.reduceMean(g.mul(err, err), false);          // no axes: all axes, scalar
 * List<Value> grads = Gradients.of(g, loss, List.of(w, b));   // gradients shaped like w and b
 * g.output("loss", loss);
 * g.output("grad_w", grads.get(0));
 * g.output("grad_b", grads.get(1));
 * ModelProto model = g.build();
 * try (ModelRunner runner = new ModelRunner(model)) {
 *     Map<String, HostTensor> out = runner.run(feeds);        // feeds: x, y, w, b by name
 * }
 * }</pre>
 */
package dev.ppo4j.onnx;
