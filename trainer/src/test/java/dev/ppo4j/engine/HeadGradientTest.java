package dev.ppo4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import dev.ppo4j.onnx.ElementType;
import dev.ppo4j.onnx.Gradients;
import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.HostTensor;
import dev.ppo4j.onnx.ModelRunner;
import dev.ppo4j.onnx.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The train step's closed-form gradient of the loss head (clip objective, value loss with and
 * without clipping, entropy bonus) against the differentiator's gradient of the whole loss, in
 * float64, for Gaussian and categorical heads. The fixture puts ratios on both sides of the clip
 * range (LossGradientTest checks that) and the old values within ±0.3 of the values, on both sides
 * of the value clip range of 0.25.
 */
class HeadGradientTest {

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (boolean gaussian : new boolean[] {true, false}) {
            for (boolean clipValue : new boolean[] {true, false}) {
                for (boolean entropy : new boolean[] {true, false}) {
                    out.add(Arguments.of(gaussian, new LossConfig(Objective.CLIP, clipValue, entropy)));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "gaussian={0} {1}")
    @MethodSource("variants")
    void closedFormHeadGradientEqualsTheDifferentiatedLoss(boolean gaussian, LossConfig loss) throws Exception {
        ModelSpec spec = Fixtures.small(gaussian);
        GraphBuilder g = new GraphBuilder("head_gradient", ElementType.DOUBLE);
        Value params = g.input(GraphNames.PARAMS, spec.parameterCount());
        PpoGraphs.LossTerms terms = PpoGraphs.loss(g, spec, loss, params);
        assertFalse(terms.headGradients().isEmpty(), "the clip objective has a closed-form head gradient");
        g.output("closed_form", PpoGraphs.flatGradient(g, spec, terms));
        g.output("differentiated", PpoGraphs.flatten(g,
                Gradients.of(g, terms.total(), new ArrayList<>(terms.parameters().values()))));
        ModelProto model = g.build();

        Parameters parameters = Fixtures.perturbed(spec, 5, 0.3);
        Minibatch mb = Fixtures.minibatch(parameters, 12, 9);
        double[] p = Fixtures.toDouble(parameters.values(), spec.parameterCount());
        try (ModelRunner runner = new ModelRunner(model)) {
            Map<String, HostTensor> out = runner.run(Fixtures.feeds(model, spec, mb,
                    Fixtures.testHyperParameters(), p, ElementType.DOUBLE));
            double[] closedForm = out.get("closed_form").values();
            double[] differentiated = out.get("differentiated").values();
            double maxAbs = 0;
            for (int i = 0; i < p.length; i++) {
                assertEquals(differentiated[i], closedForm[i], 1e-5 * Math.max(1e-3, Math.abs(differentiated[i])),
                        "d loss / d params[" + i + "]");
                maxAbs = Math.max(maxAbs, Math.abs(differentiated[i]));
            }
            assertTrue(maxAbs > 1e-3, "the gradient must not vanish, max |g| = " + maxAbs);
        }
    }
}
