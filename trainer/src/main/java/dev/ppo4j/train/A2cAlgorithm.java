package dev.ppo4j.train;

import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.engine.Diagnostic;
import dev.ppo4j.engine.Diagnostics;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.engine.HyperParameters;
import dev.ppo4j.engine.LossConfig;
import dev.ppo4j.engine.Minibatch;
import dev.ppo4j.engine.Objective;
import dev.ppo4j.engine.Optimizer;
import dev.ppo4j.engine.ParameterState;
import dev.ppo4j.engine.PolicyTerm;
import dev.ppo4j.engine.StepInput;
import dev.ppo4j.engine.TrainStep;
import dev.ppo4j.metrics.MetricKeys;
import dev.ppo4j.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Synchronous advantage actor-critic (Mnih et al. 2016, docs/a2c.md), as Stable-Baselines3's
 * A2C: after every short rollout (T steps × N envs) one train step on the whole batch, on
 * −E[Â·log π(a|s)] + vf_coef·½E[(V − R̂)²] − ent_coef·H, the gradient's global norm clipped,
 * then RMSprop. The step is PPO's train-step graph with another {@link PolicyTerm} and
 * {@link Optimizer#RMS_PROP}; RMSprop's square averages live in the shared parameter state's
 * second moments and its step count is the update count, so checkpoints carry both and A2C keeps
 * no state of its own.
 *
 * <p>A variant with a train step of its own over the same inputs (a2c-trust-region's,
 * {@link A2cTrustRegionAlgorithm}) passes it to
 * {@link #A2cAlgorithm(TrainConfig, ParameterState, TrainStep, List)} and keeps the rest.
 */
final class A2cAlgorithm implements Algorithm {
    /** The step's diagnostics A2C logs; the ratio's (approx KL, clip fraction) mean nothing for one step from θ_old. */
    static final List<Diagnostic> LOGGED = List.of(Diagnostic.POLICY_LOSS, Diagnostic.VALUE_LOSS,
            Diagnostic.ENTROPY, Diagnostic.GRAD_NORM, Diagnostic.LOSS);

    private final TrainConfig config;
    private final TrainStep trainStep;
    private final ParameterState parameters;
    private final Minibatch batch;
    private final int[] rows;
    private final List<Diagnostic> logged;

    A2cAlgorithm(TrainConfig config, ModelSpec spec, Engine engine) {
        this(config, engine.state(), engine.openTrainStep(new LossConfig(Objective.NONE, false,
                config.entCoef() > 0 || config.entCoefFinal() > 0, PolicyTerm.LOG_LIKELIHOOD), Optimizer.RMS_PROP), LOGGED);
    }

    /**
     * A2C's update on another train step that reads A2C's inputs (a2c-trust-region's).
     *
     * @param parameters the shared parameter state the step updates
     * @param trainStep the step
     * @param logged the step's diagnostics to log, in order
     */
    A2cAlgorithm(TrainConfig config, ParameterState parameters, TrainStep trainStep, List<Diagnostic> logged) {
        this.config = config;
        this.trainStep = trainStep;
        this.parameters = parameters;
        this.logged = List.copyOf(logged);
        this.rows = Minibatches.strided(config.batchSize(), 1);
        this.batch = Minibatches.allocate(parameters.spec(), rows.length, false);
    }

    @Override
    public Map<String, Double> update(RolloutBuffer rollout, Iteration iteration) {
        rollout.gather(rows, 0, batch);
        if (config.normalizeAdvantages()) {
            Minibatches.normalizeAdvantages(batch);
        }
        HyperParameters hp = hyperParameters(iteration.progress());
        Diagnostics step = trainStep.step(batch, hp);
        PpoAlgorithm.checkFinite(step, iteration);

        Map<String, Double> scalars = new LinkedHashMap<>();
        for (Diagnostic d : logged) {
            scalars.put(d.metricKey(), d.metricValue(step.get(d)));
        }
        scalars.put(MetricKeys.EXPLAINED_VARIANCE, rollout.explainedVariance());
        scalars.put(MetricKeys.LEARNING_RATE, hp.get(StepInput.LEARNING_RATE));
        scalars.put(MetricKeys.ENTROPY_COEFFICIENT, hp.get(StepInput.ENTROPY_COEF));
        scalars.put(MetricKeys.N_UPDATES, (double) parameters.stepCount());
        return scalars;
    }

    /** This update's step inputs: the schedules at {@code progress} and the fixed coefficients. */
    private HyperParameters hyperParameters(double progress) {
        return PpoAlgorithm.actorCriticInputs(config, progress)
                .set(StepInput.RMS_PROP_ALPHA, config.rmsPropAlpha())
                .set(StepInput.RMS_PROP_EPSILON, config.rmsPropEps())
                // Read only by a2c-trust-region's step; A2C's own does not declare it.
                .set(StepInput.TRUST_REGION_DELTA, config.trustRegionDelta());
    }

    @Override
    public void save(Checkpoint checkpoint) {
        // Parameters, square averages and step count are the shared state's, checkpointed with it.
    }

    @Override
    public void restore(Checkpoint checkpoint) {
        // As save: nothing of A2C's own.
    }
}
