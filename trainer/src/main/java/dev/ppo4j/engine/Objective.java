package dev.ppo4j.engine;

import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.Value;
import java.util.function.Function;

/**
 * The policy objective L maximised by the train step (docs/ppo.md, "Policy objectives"). Each
 * constant carries its per-sample term, whether it adds the KL penalty β·KL, and its rule for β
 * between updates. A new objective is a constant here; a coefficient of its own is a
 * {@link StepInput} it reads, set by the training loop from its config field.
 */
public enum Objective implements PolicyTerm {
    /** PPO-Clip: E[min(r·Â, clip(r, 1−ε, 1+ε)·Â)]. */
    CLIP(false) {
        @Override
        public Value perSample(GraphBuilder g, Value ratio, Value advantages, Function<StepInput, Value> inputs) {
            return pessimistic(g, ratio, advantages, inputs.apply(StepInput.CLIP_RANGE));
        }

        /**
         * −r·Â/B where r·Â ≤ clip(r)·Â, else 0. By the convention min passes the gradient to
         * r·Â when it is the smaller or equal term, and to clip(r)·Â otherwise, where clip passes
         * it only for r inside [1−ε, 1+ε]; but inside, clip(r) is r itself, so the two terms are
         * equal and r·Â takes it: the clipped term never passes a gradient, and d r / d log π = r.
         */
        @Override
        public Value logProbGradient(PolicyTerm.Inputs in) {
            GraphBuilder g = in.g();
            Value surrogate = g.mul(in.ratio(), in.advantages());
            Value clipped = clippedSurrogate(g, in.ratio(), in.advantages(), in.inputs().apply(StepInput.CLIP_RANGE));
            Value passed = g.where(g.lessOrEqual(surrogate, clipped), surrogate, g.scalar(0.0));
            return g.mul(passed, in.inputs().apply(StepInput.POLICY_SAMPLE_WEIGHT));
        }
    },
    /** Clip, and for Â &lt; 0 additionally bounded below by c·Â (c &gt; 1). */
    DUAL_CLIP(false) {
        @Override
        public Value perSample(GraphBuilder g, Value ratio, Value advantages, Function<StepInput, Value> inputs) {
            Value pessimistic = pessimistic(g, ratio, advantages, inputs.apply(StepInput.CLIP_RANGE));
            Value floor = g.max(pessimistic, g.mul(inputs.apply(StepInput.DUAL_CLIP_C), advantages));
            return g.where(g.less(advantages, g.scalar(0.0)), floor, pessimistic);
        }
    },
    /** E[r·Â] − β·KL(π_old‖π_θ), β adapted after each update towards the KL target. */
    KL_ADAPTIVE(true) {
        /** Halves β if kl &lt; target/1.5, doubles it if kl &gt; 1.5·target (the PPO paper's section 4). */
        @Override
        public double nextBeta(double beta, double kl, double target) {
            if (kl < target / 1.5) {
                return beta / 2.0;
            } else if (kl > target * 1.5) {
                return beta * 2.0;
            }
            return beta;
        }
    },
    /** E[r·Â] − β·KL(π_old‖π_θ) with constant β. */
    KL_FIXED(true),
    /** E[r·Â]: no clipping, no penalty. */
    NONE(false);

    private final boolean klPenalty;

    Objective(boolean klPenalty) {
        this.klPenalty = klPenalty;
    }

    /**
     * Whether the objective has the KL penalty, so the train step needs the old distribution's
     * parameters (old mean and log-std, or old logits) for every sample.
     *
     * @return true for {@link #KL_ADAPTIVE} and {@link #KL_FIXED}
     */
    public boolean usesKlPenalty() {
        return klPenalty;
    }

    /**
     * The objective per sample, before the mean and the penalty, as a function of the ratio r and
     * the advantage Â; the surrogate r·Â unless the constant says otherwise.
     *
     * @param g the graph
     * @param ratio r, any shape
     * @param advantages Â, the shape of r
     * @param inputs the step inputs, declared as the term reads them
     * @return the objective per sample
     */
    public Value perSample(GraphBuilder g, Value ratio, Value advantages, Function<StepInput, Value> inputs) {
        return g.mul(ratio, advantages);
    }

    /**
     * The policy loss −L: the per-sample objective's mean negated, plus β·KL for the penalty
     * objectives.
     *
     * @param g the graph
     * @param ratio r, {@code [batch]}
     * @param advantages Â, {@code [batch]}
     * @param kl the mean KL(π_old‖π_θ), scalar; read only by the penalty objectives (may be null otherwise)
     * @param inputs the step inputs, declared as the loss reads them
     * @return the scalar policy loss
     */
    public Value policyLoss(GraphBuilder g, Value ratio, Value advantages, Value kl, Function<StepInput, Value> inputs) {
        Value loss = g.neg(g.reduceMean(perSample(g, ratio, advantages, inputs), false));
        return klPenalty ? g.add(loss, g.mul(inputs.apply(StepInput.KL_BETA), kl)) : loss;
    }

    /** The policy loss of {@link #policyLoss(GraphBuilder, Value, Value, Value, Function)} over the train step's terms. */
    @Override
    public Value policyLoss(PolicyTerm.Inputs in) {
        return policyLoss(in.g(), in.ratio(), in.advantages(), in.distribution().kl(), in.inputs());
    }

    /**
     * β for the next update, after one whose mean analytic KL was {@code kl}: unchanged unless the
     * objective adapts it.
     *
     * @param beta the current β
     * @param kl the update's mean KL(π_old‖π_θ)
     * @param target the KL target d_targ
     * @return the next β
     */
    public double nextBeta(double beta, double kl, double target) {
        return beta;
    }

    /** min(r·Â, clip(r, 1−ε, 1+ε)·Â). */
    private static Value pessimistic(GraphBuilder g, Value ratio, Value advantages, Value clipRange) {
        return g.min(g.mul(ratio, advantages), clippedSurrogate(g, ratio, advantages, clipRange));
    }

    /** clip(r, 1−ε, 1+ε)·Â. */
    private static Value clippedSurrogate(GraphBuilder g, Value ratio, Value advantages, Value clipRange) {
        Value one = g.scalar(1.0);
        return g.mul(g.clip(ratio, g.sub(one, clipRange), g.add(one, clipRange)), advantages);
    }
}
