package dev.ppo4j.engine;

import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.Value;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The train step's scalar inputs: everything that may change from one step to the next
 * (schedules, the KL weight β, Adam's bias-corrected coefficients, RMSprop's constants), fed at run time so that no graph is
 * rebuilt. Each input is declared once, here: its graph input name and its default. A graph
 * declares the inputs it reads through {@link #declaredOnDemand}, {@link TrainStep} feeds every
 * input its graph declares, and the caller sets values by key in {@link HyperParameters}.
 */
public enum StepInput {
    /** Adam step size. */
    LEARNING_RATE("lr", 3e-4),
    /** ε of the clip and dual-clip objectives (also the clip-fraction threshold). */
    CLIP_RANGE("clip_range", 0.2),
    /** ε_v of the clipped value loss. */
    VALUE_CLIP_RANGE("value_clip_range", 0.2),
    /** c &gt; 1 of the dual-clip objective. */
    DUAL_CLIP_C("dual_clip_c", 3.0),
    /** β of the KL-penalty objectives. */
    KL_BETA("kl_beta", 1.0),
    /** δ of the a2c-trust-region step: the bound on kᵀĝ per sample (ACER's default, 1). */
    TRUST_REGION_DELTA("trust_region_delta", 1.0),
    /** Weight of the entropy bonus. */
    ENTROPY_COEF("ent_coef", 0.0),
    /** Weight of the value loss. */
    VALUE_COEF("vf_coef", 0.5),
    /** Global L2 norm the gradient is clipped to. */
    MAX_GRAD_NORM("max_grad_norm", 0.5),
    /** Adam's denominator ε. */
    ADAM_EPSILON("adam_eps", 1e-5),
    /** RMSprop's square-average decay α (torch.optim.RMSprop's alpha). */
    RMS_PROP_ALPHA("rms_prop_alpha", 0.99),
    /** RMSprop's ε, added to the root of the square average. */
    RMS_PROP_EPSILON("rms_prop_eps", 1e-5),
    /** α_t = lr·√(1 − β2^t) / (1 − β1^t), Adam's bias-corrected step size for step t: derived, never set. */
    ADAM_STEP_SIZE("adam_step_size", Double.NaN) {
        @Override
        public double valueAt(HyperParameters values, long step, int batchSize) {
            return values.get(LEARNING_RATE) * AdamGraph.rootSecondMomentCorrection(step)
                    / (1.0 - Math.pow(AdamGraph.BETA1, step));
        }
    },
    /** vf / B, the value loss's weight of one sample of a minibatch of B (the closed-form value gradient): derived, never set. */
    VALUE_SAMPLE_WEIGHT("value_sample_weight", Double.NaN) {
        @Override
        public double valueAt(HyperParameters values, long step, int batchSize) {
            return values.get(VALUE_COEF) / batchSize;
        }
    },
    /** −1 / B, the policy loss's weight of one sample of a minibatch of B (the closed-form policy gradient): derived, never set. */
    POLICY_SAMPLE_WEIGHT("policy_sample_weight", Double.NaN) {
        @Override
        public double valueAt(HyperParameters values, long step, int batchSize) {
            return -1.0 / batchSize;
        }
    },
    /** ε̂_t = ε·√(1 − β2^t), Adam's ε where the second moment is not bias-corrected: derived, never set. */
    ADAM_EPSILON_HAT("adam_eps_hat", Double.NaN) {
        @Override
        public double valueAt(HyperParameters values, long step, int batchSize) {
            return values.get(ADAM_EPSILON) * AdamGraph.rootSecondMomentCorrection(step);
        }
    };

    private final String graphName;
    private final double defaultValue;

    StepInput(String graphName, double defaultValue) {
        this.graphName = graphName;
        this.defaultValue = defaultValue;
    }

    /**
     * The name of the scalar graph input.
     *
     * @return e.g. {@code clip_range}
     */
    public String graphName() {
        return graphName;
    }

    /**
     * The value {@link HyperParameters#defaults()} starts from (NaN for the derived inputs).
     *
     * @return the default
     */
    public double defaultValue() {
        return defaultValue;
    }

    /**
     * Whether the train step computes this input itself from the others and its step count.
     *
     * @return true for Adam's coefficients and the per-sample weights
     */
    public boolean isDerived() {
        return Double.isNaN(defaultValue);
    }

    /**
     * The value to feed for one step.
     *
     * @param values the values set by the caller
     * @param step the number of the step being taken (1 for the first)
     * @param batchSize the number of samples in the step's minibatch
     * @return the set value, or the derived one
     */
    public double valueAt(HyperParameters values, long step, int batchSize) {
        return values.get(this);
    }

    /**
     * A lookup that declares each input in {@code graph} the first time a graph term asks for it,
     * so a graph declares exactly the inputs it reads.
     *
     * @param graph the graph under construction
     * @return the input of each key, declared at most once
     */
    public static Function<StepInput, Value> declaredOnDemand(GraphBuilder graph) {
        Map<StepInput, Value> declared = new EnumMap<>(StepInput.class);
        return key -> declared.computeIfAbsent(key, k -> graph.input(k.graphName()));
    }
}
