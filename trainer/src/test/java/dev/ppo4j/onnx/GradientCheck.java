package dev.ppo4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Checks the differentiator against central finite differences. The function under test maps
 * graph inputs to any output y; the checked loss is sum(y * probe) with a random probe, so that
 * every output element's gradient matters.
 */
final class GradientCheck {
    /** One graph input of a check: declared dims may be symbolic, runtime dims are static. */
    record Input(String name, ElementType type, long[] declaredDims, long[] runtimeDims,
            double[] values, boolean differentiable) {
    }

    private final ElementType floatType;
    private final double step;
    private final double tolerance;
    private final List<Input> inputs = new ArrayList<>();
    private final Random random;

    GradientCheck(ElementType floatType, double step, double tolerance, long seed) {
        this.floatType = floatType;
        this.step = step;
        this.tolerance = tolerance;
        this.random = new Random(seed);
    }

    ElementType floatType() {
        return floatType;
    }

    /** A float64 check with a step and tolerance fit for smooth functions of O(1) inputs. */
    static GradientCheck float64(long seed) {
        return new GradientCheck(ElementType.DOUBLE, 1e-6, 1e-6, seed);
    }

    /**
     * A check in the given float type. In float32, a step of 1e-2 keeps rounding (~1e-5) and
     * truncation (~1e-4) errors of O(1) functions well inside the 3e-3 tolerance.
     */
    static GradientCheck of(ElementType type, long seed) {
        return type == ElementType.DOUBLE ? float64(seed) : new GradientCheck(type, 1e-2, 3e-3, seed);
    }

    GradientCheck param(String name, long[] dims, double[] values) {
        inputs.add(new Input(name, floatType, dims, dims, values, true));
        return this;
    }

    /** A differentiable input with uniform random values in [low, high). */
    GradientCheck param(String name, double low, double high, long... dims) {
        return param(name, dims, uniform(low, high, count(dims)));
    }

    /** A differentiable input whose declared dims differ from the fed dims (symbolic axes). */
    GradientCheck symbolicParam(String name, long[] declared, long[] runtime, double low,
            double high) {
        inputs.add(new Input(name, floatType, declared, runtime, uniform(low, high, count(runtime)),
                true));
        return this;
    }

    /** An input that is fed but not differentiated (indices, conditions, data). */
    GradientCheck fixed(String name, ElementType type, long[] declared, long[] runtime,
            double[] values) {
        inputs.add(new Input(name, type, declared, runtime, values, false));
        return this;
    }

    double[] uniform(double low, double high, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = low + (high - low) * random.nextDouble();
        }
        return values;
    }

    /**
     * Builds the function, differentiates sum(y * probe), and compares every gradient element
     * with a central difference. Returns the analytic gradients by input name.
     */
    Map<String, double[]> check(BiFunction<GraphBuilder, Map<String, Value>, Value> function)
            throws Exception {
        long[] outputDims = outputDims(function);
        double[] probe = uniform(-1, 1, count(outputDims));
        ModelProto model = lossModel(function, outputDims, true);
        Map<String, HostTensor> feeds = feeds(probe, outputDims, null, 0, 0);
        Map<String, double[]> analytic = new LinkedHashMap<>();
        try (ModelRunner runner = new ModelRunner(model)) {
            Map<String, HostTensor> out = runner.run(feeds);
            for (Input input : inputs) {
                if (input.differentiable()) {
                    HostTensor grad = out.get("grad_" + input.name());
                    assertArrayEquals(input.runtimeDims(), grad.dims(),
                            "gradient of " + input.name() + " must have the input's shape");
                    analytic.put(input.name(), grad.values());
                }
            }
        }
        try (ModelRunner runner = new ModelRunner(lossModel(function, outputDims, false))) {
            for (Input input : inputs) {
                if (!input.differentiable()) {
                    continue;
                }
                double[] grad = analytic.get(input.name());
                for (int i = 0; i < input.values().length; i++) {
                    double plus = runner.run(feeds(probe, outputDims, input, i, step)).get("loss")
                            .scalar();
                    double minus = runner.run(feeds(probe, outputDims, input, i, -step)).get("loss")
                            .scalar();
                    double numeric = (plus - minus) / (2 * step);
                    double allowed = tolerance * Math.max(1.0, Math.abs(numeric));
                    if (!(Math.abs(grad[i] - numeric) <= allowed)) {
                        fail("d loss / d " + input.name() + "[" + i + "]: analytic " + grad[i]
                                + " vs finite difference " + numeric + " (allowed error " + allowed
                                + ")");
                    }
                }
            }
        }
        return analytic;
    }

    private long[] outputDims(BiFunction<GraphBuilder, Map<String, Value>, Value> function)
            throws Exception {
        GraphBuilder g = new GraphBuilder("forward", floatType);
        g.output("function_output", function.apply(g, declare(g)));
        try (ModelRunner runner = new ModelRunner(g.build())) {
            return runner.run(feeds(null, null, null, 0, 0)).get("function_output").dims();
        }
    }

    private ModelProto lossModel(BiFunction<GraphBuilder, Map<String, Value>, Value> function,
            long[] outputDims, boolean withGradients) {
        GraphBuilder g = new GraphBuilder("check", floatType);
        Map<String, Value> declared = declare(g);
        Value probe = g.input("probe", outputDims);
        Value y = function.apply(g, declared);
        Value loss = g.reduceSum(g.mul(y, probe), false);
        g.output("loss", loss);
        if (withGradients) {
            List<Value> wrt = new ArrayList<>();
            for (Input input : inputs) {
                if (input.differentiable()) {
                    wrt.add(declared.get(input.name()));
                }
            }
            List<Value> grads = Gradients.of(g, loss, wrt);
            int k = 0;
            for (Input input : inputs) {
                if (input.differentiable()) {
                    g.output("grad_" + input.name(), grads.get(k++));
                }
            }
        }
        return g.build();
    }

    private Map<String, Value> declare(GraphBuilder g) {
        Map<String, Value> declared = new LinkedHashMap<>();
        for (Input input : inputs) {
            long[] dims = input.declaredDims().clone();
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] < -1) {
                    dims[i] = g.symbolicDim("sym" + (-dims[i]));
                }
            }
            declared.put(input.name(), g.input(input.name(), input.type(), dims));
        }
        return declared;
    }

    private Map<String, HostTensor> feeds(double[] probe, long[] probeDims, Input shifted, int index,
            double delta) {
        Map<String, HostTensor> feeds = new LinkedHashMap<>();
        for (Input input : inputs) {
            double[] values = input.values().clone();
            if (input == shifted) {
                values[index] += delta;
            }
            feeds.put(input.name(), new HostTensor(input.type(), input.runtimeDims(), values));
        }
        if (probe != null) {
            feeds.put("probe", new HostTensor(floatType, probeDims, probe));
        }
        return feeds;
    }

    static int count(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return Math.toIntExact(n);
    }
}
