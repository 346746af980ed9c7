package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** vpg-adaptive's step-size rule: ÷1.5 above twice the target, ×1.5 below half of it, unchanged in between. */
class StepSizeRuleTest {
    private static final double TARGET = 0.002;

    @Test
    void dividesMultipliesOrKeepsTheStepSize() {
        assertEquals(1e-3 / 1.5, VpgAdaptiveAlgorithm.nextStepSize(1e-3, 0.0041, TARGET), 1e-18, "KL above 2·target");
        assertEquals(1e-3 * 1.5, VpgAdaptiveAlgorithm.nextStepSize(1e-3, 0.00099, TARGET), 1e-18, "KL below target/2");
        assertEquals(1e-3, VpgAdaptiveAlgorithm.nextStepSize(1e-3, 0.002, TARGET), "KL at the target");
        assertEquals(1e-3, VpgAdaptiveAlgorithm.nextStepSize(1e-3, 2 * TARGET, TARGET), "KL at 2·target: the band is closed");
        assertEquals(1e-3, VpgAdaptiveAlgorithm.nextStepSize(1e-3, TARGET / 2, TARGET), "KL at target/2: the band is closed");
        assertEquals(1e-3 * 1.5 * 1.5, VpgAdaptiveAlgorithm.nextStepSize(
                VpgAdaptiveAlgorithm.nextStepSize(1e-3, 0.0, TARGET), 0.0, TARGET), 1e-18, "it keeps growing while the KL stays small");
    }
}
