package dev.ppo4j.train;

import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.engine.Diagnostic;
import dev.ppo4j.engine.Diagnostics;
import dev.ppo4j.engine.DiagnosticsMean;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.engine.HyperParameters;
import dev.ppo4j.engine.Minibatch;
import dev.ppo4j.engine.StepInput;
import dev.ppo4j.engine.SurrogateEvaluation;
import dev.ppo4j.engine.TrainStep;
import dev.ppo4j.metrics.MetricKeys;
import dev.ppo4j.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Vanilla policy gradient with an adaptive step size, the PPO paper's baseline (docs/trpo.md,
 * "vpg-adaptive"): one Adam step per update on −E[log π(a|s)·Â] over the whole batch and the
 * actor's parameters, then the mean KL(π_old‖π_new) the step caused sets the next update's step
 * size ({@link #nextStepSize}), then the critic fit ({@link CriticFit}) as for TRPO. The actor's
 * Adam moments are its slice of the shared parameter state; its step count is the update number
 * (one step per update), so it needs no state of its own besides the step size.
 */
final class VpgAdaptiveAlgorithm implements Algorithm {
    private static final double FACTOR = 1.5;

    private final TrainConfig config;
    private final TrainStep policyStep;
    private final SurrogateEvaluation evaluation;
    private final CriticFit criticFit;
    private final Minibatch batch;
    private final int[] rows;
    private double stepSize;

    VpgAdaptiveAlgorithm(TrainConfig config, ModelSpec spec, Engine engine) {
        this.config = config;
        this.policyStep = engine.openPolicyGradientStep();
        this.rows = Minibatches.strided(config.batchSize(), 1);
        this.evaluation = engine.openSurrogateEvaluation(rows.length);
        this.criticFit = new CriticFit(config, spec, engine);
        this.batch = Minibatches.allocate(spec, rows.length, true);
        this.stepSize = config.policyLearningRate();
    }

    /**
     * The step size after an update whose step moved the policy by {@code kl}: divided by 1.5 when
     * kl &gt; 2·target, multiplied by 1.5 when kl &lt; target / 2, else unchanged (the rule of the
     * PPO paper's adaptive KL penalty, applied to the step size as its vanilla policy gradient does).
     *
     * @param stepSize the step size the update used
     * @param kl the mean KL(π_old‖π_new) the update caused
     * @param target the KL target
     * @return the next update's step size
     */
    static double nextStepSize(double stepSize, double kl, double target) {
        if (kl > 2 * target) {
            return stepSize / FACTOR;
        } else if (kl < target / 2) {
            return stepSize * FACTOR;
        }
        return stepSize;
    }

    @Override
    public Map<String, Double> update(RolloutBuffer rollout, Iteration iteration) {
        rollout.gather(rows, 0, batch);
        if (config.normalizeAdvantages()) {
            Minibatches.normalizeAdvantages(batch);
        }
        evaluation.load(batch);
        HyperParameters hp = HyperParameters.defaults().set(StepInput.LEARNING_RATE, stepSize)
                .set(StepInput.ADAM_EPSILON, config.adamEps());
        Diagnostics step = policyStep.step(batch, hp, iteration.update());
        double kl = evaluation.evaluateCurrent().kl();
        if (!Double.isFinite(step.get(Diagnostic.POLICY_LOSS)) || !Double.isFinite(kl)) {
            throw CriticFit.diverged("policy loss or KL", Double.isFinite(kl) ? step.get(Diagnostic.POLICY_LOSS) : kl,
                    iteration);
        }
        double used = stepSize;
        stepSize = nextStepSize(stepSize, kl, config.stepSizeKlTarget());
        double valueLoss = criticFit.fit(rollout, iteration);

        DiagnosticsMean policy = new DiagnosticsMean();
        policy.add(step);
        Map<String, Double> scalars = new LinkedHashMap<>(policy.metrics());
        scalars.put(MetricKeys.VALUE_LOSS, valueLoss);
        scalars.put(MetricKeys.KL_DIVERGENCE, kl);
        scalars.put(MetricKeys.STEP_SIZE, used);
        scalars.put(MetricKeys.EXPLAINED_VARIANCE, rollout.explainedVariance());
        scalars.put(MetricKeys.LEARNING_RATE, criticFit.learningRate(iteration));
        return scalars;
    }

    @Override
    public void save(Checkpoint checkpoint) {
        criticFit.save(checkpoint);
        checkpoint.put("policy_step_size", stepSize);
    }

    @Override
    public void restore(Checkpoint checkpoint) {
        criticFit.restore(checkpoint);
        stepSize = checkpoint.scalar("policy_step_size");
    }
}
