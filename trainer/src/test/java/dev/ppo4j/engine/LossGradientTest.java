package dev.ppo4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import dev.ppo4j.onnx.ElementType;
import dev.ppo4j.onnx.HostTensor;
import dev.ppo4j.onnx.ModelRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The differentiated PPO loss, built in float64, against a plain-Java loss (values) and central
 * finite differences (gradient), for every objective, value clipping on and off, entropy term
 * on and off, Gaussian and categorical heads.
 */
class LossGradientTest {
    private static final double STEP = 1e-6;

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (boolean gaussian : new boolean[] {true, false}) {
            for (Objective objective : Objective.values()) {
                for (boolean clipValue : new boolean[] {true, false}) {
                    for (boolean entropy : new boolean[] {true, false}) {
                        out.add(Arguments.of(gaussian, new LossConfig(objective, clipValue, entropy)));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "gaussian={0} {1}")
    @MethodSource("variants")
    void lossMatchesReferenceAndGradientMatchesCentralDifferences(boolean gaussian, LossConfig loss) throws Exception {
        ModelSpec spec = Fixtures.small(gaussian);
        Parameters params = Fixtures.perturbed(spec, 5, 0.3);
        Minibatch mb = Fixtures.minibatch(params, 12, 9);
        HyperParameters hp = Fixtures.testHyperParameters();
        ModelProto model = PpoGraphs.lossAndGradient(spec, loss, ElementType.DOUBLE);
        double[] p = Fixtures.toDouble(params.values(), spec.parameterCount());
        try (ModelRunner runner = new ModelRunner(model)) {
            Map<String, HostTensor> out = runner.run(Fixtures.feeds(model, spec, mb, hp, p, ElementType.DOUBLE));
            ReferenceLoss.Terms ref = ReferenceLoss.compute(params, loss, mb, hp);
            assertEquals(ref.total(), out.get(GraphNames.TOTAL_LOSS).scalar(), 1e-9, "total loss");
            assertEquals(ref.policyLoss(), out.get(Diagnostic.POLICY_LOSS.graphName()).scalar(), 1e-9, "policy loss");
            assertEquals(ref.valueLoss(), out.get(Diagnostic.VALUE_LOSS.graphName()).scalar(), 1e-9, "value loss");
            assertEquals(ref.entropy(), out.get(Diagnostic.ENTROPY.graphName()).scalar(), 1e-9, "entropy");
            assertEquals(ref.approxKl(), out.get(Diagnostic.APPROX_KL.graphName()).scalar(), 1e-9, "approx KL");
            assertEquals(ref.clipFraction(), out.get(Diagnostic.CLIP_FRACTION.graphName()).scalar(), 1e-12, "clip fraction");
            assertTrue(ref.clipFraction() > 0.2 && ref.clipFraction() < 0.9,
                    "the fixture must put ratios on both sides of the clip range, got " + ref.clipFraction());
            if (loss.objective().usesKlPenalty()) {
                assertEquals(ref.kl(), out.get(Diagnostic.KL_DIVERGENCE.graphName()).scalar(), 1e-9, "KL");
            }

            double[] gradient = out.get(GraphNames.GRADIENT).values();
            double maxAbs = 0;
            for (int i = 0; i < p.length; i++) {
                double saved = p[i];
                p[i] = saved + STEP;
                double plus = total(runner, model, spec, mb, hp, p);
                p[i] = saved - STEP;
                double minus = total(runner, model, spec, mb, hp, p);
                p[i] = saved;
                double numeric = (plus - minus) / (2 * STEP);
                assertEquals(numeric, gradient[i], 1e-7 + 1e-5 * Math.abs(numeric),
                        "d loss / d " + parameterName(spec, i));
                maxAbs = Math.max(maxAbs, Math.abs(gradient[i]));
            }
            assertTrue(maxAbs > 1e-3, "the gradient must not vanish, max |g| = " + maxAbs);
        }
    }

    private static double total(ModelRunner runner, ModelProto model, ModelSpec spec, Minibatch mb,
                                HyperParameters hp, double[] p) throws Exception {
        return runner.run(Fixtures.feeds(model, spec, mb, hp, p, ElementType.DOUBLE)).get(GraphNames.TOTAL_LOSS).scalar();
    }

    private static String parameterName(ModelSpec spec, int index) {
        return spec.parameterTensors().stream().filter(t -> index >= t.offset() && index < t.offset() + t.size())
                .map(t -> t.name() + "[" + (index - t.offset()) + "]").findFirst().orElseThrow();
    }
}
