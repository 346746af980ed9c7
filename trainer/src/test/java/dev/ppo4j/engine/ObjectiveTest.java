package dev.ppo4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The objectives' β rules and penalty flags. */
class ObjectiveTest {

    @Test
    void adaptiveKlHalvesOrDoublesBetaOutsideTheTargetBand() {
        double target = 0.01;
        Objective adaptive = Objective.KL_ADAPTIVE;
        assertEquals(0.5, adaptive.nextBeta(1.0, target / 1.5 - 1e-6, target));
        assertEquals(1.0, adaptive.nextBeta(1.0, target / 1.5 + 1e-6, target));
        assertEquals(1.0, adaptive.nextBeta(1.0, target, target));
        assertEquals(1.0, adaptive.nextBeta(1.0, target * 1.5, target));
        assertEquals(2.0, adaptive.nextBeta(1.0, target * 1.5 + 1e-6, target));
        assertEquals(6.0, adaptive.nextBeta(3.0, 1.0, target));
    }

    @Test
    void theOtherObjectivesKeepBetaAndOnlyTheKlObjectivesArePenalised() {
        for (Objective objective : Objective.values()) {
            if (objective != Objective.KL_ADAPTIVE) {
                assertEquals(0.7, objective.nextBeta(0.7, 1.0, 0.01), objective.name());
                assertEquals(0.7, objective.nextBeta(0.7, Double.NaN, 0.01), objective.name());
            }
        }
        assertTrue(Objective.KL_ADAPTIVE.usesKlPenalty() && Objective.KL_FIXED.usesKlPenalty());
        assertFalse(Objective.CLIP.usesKlPenalty() || Objective.DUAL_CLIP.usesKlPenalty() || Objective.NONE.usesKlPenalty());
    }
}
