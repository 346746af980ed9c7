package dev.ppo4j.engine;

/**
 * Everything the train step takes as a per-step input rather than a constant baked into the
 * graph, so schedules need no rebuild.
 *
 * @param learningRate Adam step size
 * @param clipRange ε of the clip and dual-clip objectives (also the clip-fraction threshold)
 * @param valueClipRange ε_v of the clipped value loss
 * @param dualClipC c &gt; 1 of the dual-clip objective
 * @param klBeta β of the KL-penalty objectives
 * @param entropyCoef weight of the entropy bonus
 * @param valueCoef weight of the value loss
 * @param maxGradNorm global L2 norm the gradient is clipped to
 * @param adamBeta1 Adam's first-moment decay
 * @param adamBeta2 Adam's second-moment decay
 * @param adamEpsilon Adam's denominator ε
 */
public record HyperParameters(double learningRate, double clipRange, double valueClipRange, double dualClipC,
                              double klBeta, double entropyCoef, double valueCoef, double maxGradNorm,
                              double adamBeta1, double adamBeta2, double adamEpsilon) {

    /** Checks ranges that would otherwise produce NaNs or silently wrong updates. */
    public HyperParameters {
        requireFinite("learningRate", learningRate);
        requirePositive("clipRange", clipRange);
        requirePositive("valueClipRange", valueClipRange);
        if (!(dualClipC > 1.0)) {
            throw new IllegalArgumentException("dualClipC must be greater than 1, got " + dualClipC + ".");
        }
        requireFinite("klBeta", klBeta);
        requireFinite("entropyCoef", entropyCoef);
        requireFinite("valueCoef", valueCoef);
        requirePositive("maxGradNorm", maxGradNorm);
        if (!(adamBeta1 >= 0 && adamBeta1 < 1) || !(adamBeta2 >= 0 && adamBeta2 < 1)) {
            throw new IllegalArgumentException("Adam's betas must lie in [0, 1), got " + adamBeta1 + " and " + adamBeta2 + ".");
        }
        requirePositive("adamEpsilon", adamEpsilon);
    }

    /**
     * The defaults of docs/ppo.md ("Defaults and where they come from"): lr 3e-4, ε 0.2, ε_v 0.2,
     * c 3, β 1, ent 0, vf 0.5, max grad norm 0.5, Adam (0.9, 0.999, 1e-5).
     *
     * @return the default hyper-parameters
     */
    public static HyperParameters defaults() {
        return new HyperParameters(3e-4, 0.2, 0.2, 3.0, 1.0, 0.0, 0.5, 0.5, 0.9, 0.999, 1e-5);
    }

    /**
     * Copy with another learning rate (for annealing).
     *
     * @param lr the new learning rate
     * @return the modified copy
     */
    public HyperParameters withLearningRate(double lr) {
        return new HyperParameters(lr, clipRange, valueClipRange, dualClipC, klBeta, entropyCoef, valueCoef,
                maxGradNorm, adamBeta1, adamBeta2, adamEpsilon);
    }

    /**
     * Copy with another clip range ε (and the value clip range unchanged).
     *
     * @param epsilon the new clip range
     * @return the modified copy
     */
    public HyperParameters withClipRange(double epsilon) {
        return new HyperParameters(learningRate, epsilon, valueClipRange, dualClipC, klBeta, entropyCoef, valueCoef,
                maxGradNorm, adamBeta1, adamBeta2, adamEpsilon);
    }

    /**
     * Copy with another KL penalty weight β (for the kl-adaptive rule).
     *
     * @param beta the new β
     * @return the modified copy
     */
    public HyperParameters withKlBeta(double beta) {
        return new HyperParameters(learningRate, clipRange, valueClipRange, dualClipC, beta, entropyCoef, valueCoef,
                maxGradNorm, adamBeta1, adamBeta2, adamEpsilon);
    }

    /**
     * Copy with another entropy coefficient (for its schedule).
     *
     * @param coef the new entropy coefficient
     * @return the modified copy
     */
    public HyperParameters withEntropyCoef(double coef) {
        return new HyperParameters(learningRate, clipRange, valueClipRange, dualClipC, klBeta, coef, valueCoef,
                maxGradNorm, adamBeta1, adamBeta2, adamEpsilon);
    }

    private static void requireFinite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + v + ".");
        }
    }

    private static void requirePositive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a positive finite number, got " + v + ".");
        }
    }
}
