package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.engine.SurrogateEvaluation.Evaluation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TRPO's backtracking line search: accept the full step, shrink it for the KL bound or for the surrogate, reject. */
class LineSearchTest {
    private static final double MAX_KL = 0.01;

    @Test
    void acceptsTheFullStepWhenItIsInsideTheTrustRegionAndImproves() {
        List<Double> tried = new ArrayList<>();
        LineSearch.Outcome outcome = LineSearch.search(f -> {
            tried.add(f);
            return new Evaluation(1.0 + f, 0.005 * f * f);
        }, 1.0, MAX_KL, 10, 0.8);
        assertTrue(outcome.accepted());
        assertEquals(List.of(1.0), tried);
        assertEquals(1, outcome.tries());
        assertEquals(1.0, outcome.fraction());
        assertEquals(1.0, outcome.improvement(), 1e-12);
        assertEquals(0.005, outcome.kl(), 1e-12);
    }

    @Test
    void shrinksUntilTheKlIsWithinTheBound() {
        // KL = 0.02·f²: within 0.01 from f ≤ 0.707, so 1, 0.8 are rejected and 0.64 accepted.
        List<Double> tried = new ArrayList<>();
        LineSearch.Outcome outcome = LineSearch.search(f -> {
            tried.add(f);
            return new Evaluation(f, 0.02 * f * f);
        }, 0.0, MAX_KL, 10, 0.8);
        assertTrue(outcome.accepted());
        assertEquals(3, outcome.tries());
        assertEquals(3, tried.size());
        assertEquals(0.64, outcome.fraction(), 1e-12);
        assertEquals(0.02 * 0.64 * 0.64, outcome.kl(), 1e-12);
    }

    @Test
    void shrinksUntilTheSurrogateImprovesAndAcceptsAKlOfExactlyTheBound() {
        // gain f − 2f²: negative for f ≥ 0.5, so 1, 0.8, 0.64, 0.512 are rejected and 0.4096 accepted.
        LineSearch.Outcome outcome = LineSearch.search(f -> new Evaluation(3.0 + f - 2 * f * f, MAX_KL), 3.0, MAX_KL, 10, 0.8);
        assertTrue(outcome.accepted());
        assertEquals(5, outcome.tries());
        assertEquals(Math.pow(0.8, 4), outcome.fraction(), 1e-12);
        assertEquals(Math.pow(0.8, 4) - 2 * Math.pow(0.8, 8), outcome.improvement(), 1e-12);
    }

    @Test
    void rejectsWhenNoCandidateImprovesOrAnyIsNotFinite() {
        List<Double> tried = new ArrayList<>();
        LineSearch.Outcome none = LineSearch.search(f -> {
            tried.add(f);
            return new Evaluation(-f, 0.0);
        }, 0.0, MAX_KL, 4, 0.5);
        assertFalse(none.accepted());
        assertEquals(List.of(1.0, 0.5, 0.25, 0.125), tried);
        assertEquals(4, none.tries());
        assertEquals(0.0, none.fraction());
        assertEquals(0.0, none.improvement());
        assertEquals(0.0, none.kl());

        LineSearch.Outcome nan = LineSearch.search(f -> new Evaluation(1.0, Double.NaN), 0.0, MAX_KL, 3, 0.8);
        assertFalse(nan.accepted(), "a NaN KL is no reason to accept");
        LineSearch.Outcome infinite = LineSearch.search(f -> new Evaluation(Double.POSITIVE_INFINITY, 0.0), 0.0, MAX_KL, 3, 0.8);
        assertFalse(infinite.accepted(), "an infinite surrogate is no improvement");
    }
}
