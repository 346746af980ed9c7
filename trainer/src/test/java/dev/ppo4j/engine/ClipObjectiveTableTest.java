package dev.ppo4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppo4j.onnx.Gradients;
import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.HostTensor;
import dev.ppo4j.onnx.ModelRunner;
import dev.ppo4j.onnx.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seed's six-row table for the production clip objective ({@link Objective#perSample}),
 * differentiated by the engine: with ε = 0.2 the gradient with respect to r is zero exactly when
 * (r &lt; 1−ε and Â &lt; 0) or (r &gt; 1+ε and Â &gt; 0), and Â otherwise. Dual-clip rows add the
 * c·Â floor for Â &lt; 0 (c = 3).
 */
class ClipObjectiveTableTest {
    private static final double EPSILON = 0.2;
    private static final double DUAL_C = 3.0;

    @ParameterizedTest(name = "{0}: r={1} A={2} -> objective {3}, d/dr {4}")
    @CsvSource({
        // objective, ratio, advantage, expected objective, expected d objective / d r
        "CLIP,      1.0,  0.7,  0.7,   0.7",   // inside the range, Â > 0: unclipped
        "CLIP,      1.0, -0.7, -0.7,  -0.7",   // inside the range, Â < 0: unclipped
        "CLIP,      0.5,  0.7,  0.35,  0.7",   // below 1−ε, Â > 0: the unclipped term is the minimum
        "CLIP,      0.5, -0.7, -0.56,  0.0",   // below 1−ε, Â < 0: clipped, no gradient
        "CLIP,      1.5,  0.7,  0.84,  0.0",   // above 1+ε, Â > 0: clipped, no gradient
        "CLIP,      1.5, -0.7, -1.05, -0.7",   // above 1+ε, Â < 0: the unclipped term is the minimum
        "DUAL_CLIP, 1.5, -0.7, -1.05, -0.7",   // below the c·Â floor: same as clip
        "DUAL_CLIP, 4.0, -0.7, -2.1,   0.0",   // r > c with Â < 0: floored at c·Â, no gradient
        "DUAL_CLIP, 4.0,  0.7,  0.84,  0.0",   // Â > 0: same as clip
        "DUAL_CLIP, 0.5, -0.7, -0.56,  0.0",   // below 1−ε, Â < 0: same as clip
    })
    void objectiveAndGradientFollowTheTable(Objective objective, double ratio, double advantage,
                                            double expectedObjective, double expectedGradient) throws Exception {
        GraphBuilder g = new GraphBuilder("clip_table");
        Value r = g.input("r", 1);
        Value a = g.input("a", 1);
        Value perSample = objective.perSample(g, r, a, StepInput.declaredOnDemand(g));
        Value total = g.reduceSum(perSample, false);
        g.output("objective", total);
        g.output("d_r", Gradients.of(g, total, List.of(r)).get(0));
        var model = g.build();
        try (ModelRunner runner = new ModelRunner(model)) {
            Map<String, HostTensor> feeds = new java.util.HashMap<>();
            for (var input : model.getGraph().getInputList()) {
                feeds.put(input.getName(), switch (input.getName()) {
                    case "r" -> HostTensor.of(g.floatType(), new double[] {ratio}, 1);
                    case "a" -> HostTensor.of(g.floatType(), new double[] {advantage}, 1);
                    case "clip_range" -> HostTensor.of(g.floatType(), new double[] {EPSILON});
                    case "dual_clip_c" -> HostTensor.of(g.floatType(), new double[] {DUAL_C});
                    default -> throw new IllegalStateException("unexpected input " + input.getName());
                });
            }
            Map<String, HostTensor> out = runner.run(feeds);
            assertEquals(expectedObjective, out.get("objective").scalar(), 1e-6, "objective");
            assertEquals(expectedGradient, out.get("d_r").scalar(), 1e-6, "gradient with respect to r");
        }
    }
}
