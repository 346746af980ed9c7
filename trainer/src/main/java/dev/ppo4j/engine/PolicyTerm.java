package dev.ppo4j.engine;

import dev.ppo4j.model.ActionDistribution;
import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.Value;
import java.util.function.Function;

/**
 * The policy part of the actor-critic train step's loss ({@link PpoGraphs#loss}): a scalar −L
 * emitted from the distribution's terms. PPO's objectives are policy terms ({@link Objective});
 * A2C's is {@link #LOG_LIKELIHOOD}. An algorithm that shapes the policy gradient differently (a
 * trust-region projection of the gradient with respect to the distribution statistics, say)
 * supplies its own term and keeps the rest of the step: value loss, entropy bonus, clipping and
 * optimiser.
 */
@FunctionalInterface
public interface PolicyTerm {

    /**
     * What a policy term may read, as values of the train-step graph under construction.
     *
     * @param g the graph
     * @param distribution log π(a|s), the mean entropy and (KL objectives only) the mean KL(π_old‖π_θ)
     * @param statistics the distribution statistics per sample: the Gaussian means or the logits, {@code [batch, width]}
     * @param logStd the Gaussian's log-std parameter {@code [actionDim]}, or null for a categorical head
     * @param ratio r = π_θ(a|s) / π_old(a|s), {@code [batch]}
     * @param advantages Â, {@code [batch]}
     * @param inputs the step inputs, declared as the term reads them
     */
    record Inputs(GraphBuilder g, ActionDistribution.GraphTerms distribution, Value statistics, Value logStd, Value ratio,
                  Value advantages, Function<StepInput, Value> inputs) {
    }

    /**
     * A2C's policy-gradient loss −E[Â·log π(a|s)] (Mnih et al. 2016; Stable-Baselines3's A2C).
     * At the collecting parameters its gradient equals the unclipped surrogate's, −E[r·Â], but
     * its value is the one Stable-Baselines3 logs.
     */
    PolicyTerm LOG_LIKELIHOOD = in -> in.g().neg(in.g().reduceMean(in.g().mul(in.advantages(),
            in.distribution().logProb()), false));

    /**
     * Emits the policy loss.
     *
     * @param in the terms it may read
     * @return the scalar −L the step minimises (with the value and entropy terms)
     */
    Value policyLoss(Inputs in);

    /**
     * The gradient of {@link #policyLoss} with respect to log π(a|s) of each sample, written out
     * by hand, or null when the term has none and the differentiator works it out from the loss.
     * A term that gives one must give exactly its loss's gradient under the project's convention
     * at the kinks (docs/ppo.md, "Gradient convention at the kinks"); the train step then starts
     * its backward pass there and skips the loss's own backward nodes.
     *
     * @param in the terms it may read
     * @return the gradient, {@code [batch]}, or null
     */
    default Value logProbGradient(Inputs in) {
        return null;
    }
}
