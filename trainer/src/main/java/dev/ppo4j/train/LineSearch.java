package dev.ppo4j.train;

import dev.ppo4j.engine.SurrogateEvaluation.Evaluation;

/**
 * TRPO's backtracking line search along the full natural-gradient step (docs/trpo.md, "The
 * policy step"): candidate k takes the fraction shrink^k of the step, k = 0, 1, …, and the first
 * candidate whose mean KL(π_old‖π_new) is at most δ and whose surrogate is above the old one's is
 * accepted; a candidate with a non-finite surrogate or KL is rejected. When every try fails the
 * caller keeps the old policy.
 */
final class LineSearch {
    private LineSearch() {}

    /** Evaluates the candidate that takes a fraction of the full step. */
    @FunctionalInterface
    interface Candidates {
        /**
         * Builds and evaluates one candidate.
         *
         * @param fraction of the full step, in (0, 1]
         * @return the candidate's surrogate and KL
         */
        Evaluation evaluate(double fraction);
    }

    /**
     * What the search found.
     *
     * @param accepted whether a candidate was accepted (the last one evaluated)
     * @param tries candidates evaluated
     * @param fraction the accepted fraction of the full step, 0 when none was accepted
     * @param improvement the accepted candidate's surrogate minus the old one, 0 when none was accepted
     * @param kl the accepted candidate's KL, 0 when none was accepted
     */
    record Outcome(boolean accepted, int tries, double fraction, double improvement, double kl) {
        /** No candidate evaluated (no step to search along), old policy kept. */
        static Outcome noStep() {
            return new Outcome(false, 0, 0, 0, 0);
        }
    }

    /**
     * Searches.
     *
     * @param candidates evaluates the candidate of a fraction
     * @param surrogateBefore the old policy's surrogate
     * @param maxKl δ
     * @param maxTries candidates to try at most
     * @param shrink the factor between successive fractions, in (0, 1)
     * @return the outcome
     */
    static Outcome search(Candidates candidates, double surrogateBefore, double maxKl, int maxTries, double shrink) {
        double fraction = 1.0;
        for (int tries = 1; tries <= maxTries; tries++) {
            Evaluation e = candidates.evaluate(fraction);
            double improvement = e.surrogate() - surrogateBefore;
            if (Double.isFinite(e.kl()) && Double.isFinite(improvement) && e.kl() <= maxKl && improvement > 0) {
                return new Outcome(true, tries, fraction, improvement, e.kl());
            }
            fraction *= shrink;
        }
        return new Outcome(false, maxTries, 0, 0, 0);
    }
}
