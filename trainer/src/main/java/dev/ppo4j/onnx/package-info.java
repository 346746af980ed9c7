/**
 * The ONNX graph engine's foundation: build standard-op ONNX models from Java and run them in
 * ONNX Runtime (reverse-mode differentiation into the same graph follows in this package).
 *
 * <ul>
 *   <li>{@link dev.ppo4j.onnx.GraphBuilder} records operators ({@link dev.ppo4j.onnx.OnnxOp},
 *       Tribuo's {@code ONNXOperator} interface) with static shape tracking and symbolic
 *       dimensions, and writes an {@code OnnxMl.ModelProto} (IR 8, opset 18).</li>
 *   <li>{@link dev.ppo4j.onnx.OnnxModels} bakes chosen inputs into initializers (export).</li>
 *   <li>{@link dev.ppo4j.onnx.ModelRunner} runs a model on one thread with
 *       {@link dev.ppo4j.onnx.HostTensor}s, for tests and tools.</li>
 * </ul>
 *
 * <p>Example: a linear layer and a mean squared loss as graph outputs.
 * <pre>{@code
 * GraphBuilder g = new GraphBuilder("regression");            // float32; pass DOUBLE for float64
 * Value x = g.input("x", GraphBuilder.BATCH, 3);              // [batch, 3]
 * Value y = g.input("y", GraphBuilder.BATCH, 1);
 * Value w = g.input("w", 3, 1);                               // parameters are inputs
 * Value b = g.input("b", 1);
 * Value err = g.sub(g.gemm(x, w, b, false, false), y);        // bias broadcasts over the batch
 * Value loss = g.reduceMean(g.mul(err, err), false);          // no axes: all axes, scalar
 * g.output("loss", loss);
 * ModelProto model = g.build();
 * try (ModelRunner runner = new ModelRunner(model)) {
 *     Map<String, HostTensor> out = runner.run(feeds);        // feeds: x, y, w, b by name
 * }
 * }</pre>
 */
package dev.ppo4j.onnx;
