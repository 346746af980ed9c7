package dev.ppo4j.engine;

/**
 * What one train step reports about its minibatch (values before the parameter update).
 *
 * @param policyLoss −L, the policy objective negated (the KL penalty included for the penalty objectives)
 * @param valueLoss the value loss before the value coefficient
 * @param entropy mean entropy of the policy
 * @param approxKl mean of (r−1) − log r
 * @param clipFraction fraction of samples with |r−1| &gt; ε
 * @param klDivergence mean analytic KL(π_old‖π_θ) for the penalty objectives, NaN for the others
 * @param gradNorm global L2 norm of the gradient before clipping
 */
public record Diagnostics(double policyLoss, double valueLoss, double entropy, double approxKl,
                          double clipFraction, double klDivergence, double gradNorm) {
}
