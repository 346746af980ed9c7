package dev.ppo4j.train;

import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.engine.Diagnostic;
import dev.ppo4j.engine.Diagnostics;
import dev.ppo4j.engine.DiagnosticsMean;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.engine.HyperParameters;
import dev.ppo4j.engine.Minibatch;
import dev.ppo4j.engine.ParameterState;
import dev.ppo4j.engine.StepInput;
import dev.ppo4j.engine.TrainStep;
import dev.ppo4j.metrics.MetricKeys;
import dev.ppo4j.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A2C with ACER's efficient trust-region update (docs/a2c.md, "a2c-trust-region"): one step per
 * rollout on the whole batch, as A2C, whose policy gradient is projected per sample against the
 * KL from an average policy before it reaches the network (the train step of
 * {@link Engine#openTrustRegionStep}). The average policy is an exponential moving average of the
 * parameters, φ_avg ← α·φ_avg + (1 − α)·φ after every step, starting at the initial parameters
 * (as TensorFlow's ExponentialMovingAverage in OpenAI baselines' ACER); checkpoints keep it.
 */
final class A2cTrustRegionAlgorithm implements Algorithm {
    private static final String AVERAGE_KEY = "average_params";

    private final TrainConfig config;
    private final TrainStep trainStep;
    private final ParameterState parameters;
    private final Minibatch batch;
    private final int[] rows;
    private final float[] average;

    A2cTrustRegionAlgorithm(TrainConfig config, ModelSpec spec, Engine engine) {
        this.config = config;
        this.trainStep = engine.openTrustRegionStep();
        this.parameters = engine.state();
        this.rows = Minibatches.strided(config.batchSize(), 1);
        this.batch = Minibatches.allocate(spec, rows.length, false);
        this.average = parameters.parameterValues();
    }

    /**
     * One step of the average: {@code average[i] ← α·average[i] + (1 − α)·params[i]}, in double,
     * rounded to float.
     *
     * @param average the average parameters, updated in place
     * @param params the parameters after the step
     * @param decay α
     */
    static void updateAverage(float[] average, float[] params, double decay) {
        for (int i = 0; i < average.length; i++) {
            average[i] = (float) (decay * average[i] + (1 - decay) * params[i]);
        }
    }

    @Override
    public Map<String, Double> update(RolloutBuffer rollout, Iteration iteration) {
        rollout.gather(rows, 0, batch);
        if (config.normalizeAdvantages()) {
            Minibatches.normalizeAdvantages(batch);
        }
        HyperParameters hp = hyperParameters(iteration.progress());
        trainStep.setAverageParameters(average);
        Diagnostics step = trainStep.step(batch, hp);
        if (!Double.isFinite(step.get(Diagnostic.LOSS)) || !Double.isFinite(step.get(Diagnostic.GRAD_NORM))) {
            throw new TrainingDivergedException("The loss became " + step + " in update " + iteration.update()
                    + " (global step " + iteration.globalStep() + "); training stopped and the last good checkpoint was"
                    + " kept. Lower learning_rate or trust_region_delta, or check the env's rewards and observations.");
        }
        updateAverage(average, parameters.parameterValues(), config.averagePolicyDecay());

        DiagnosticsMean mean = new DiagnosticsMean();
        mean.add(step);
        Map<String, Double> scalars = new LinkedHashMap<>(mean.metrics());
        scalars.put(MetricKeys.EXPLAINED_VARIANCE, rollout.explainedVariance());
        scalars.put(MetricKeys.LEARNING_RATE, hp.get(StepInput.LEARNING_RATE));
        scalars.put(MetricKeys.ENTROPY_COEFFICIENT, hp.get(StepInput.ENTROPY_COEF));
        return scalars;
    }

    private HyperParameters hyperParameters(double progress) {
        return HyperParameters.defaults()
                .set(StepInput.LEARNING_RATE, config.learningRateSchedule().at(config.learningRate(), config.learningRateFinal(), progress))
                .set(StepInput.ENTROPY_COEF, config.entCoefSchedule().at(config.entCoef(), config.entCoefFinal(), progress))
                .set(StepInput.VALUE_COEF, config.vfCoef())
                .set(StepInput.MAX_GRAD_NORM, Double.isInfinite(config.maxGradNorm()) ? 1e30 : config.maxGradNorm())
                .set(StepInput.ADAM_EPSILON, config.adamEps())
                .set(StepInput.TRUST_REGION_DELTA, config.trustRegionDelta());
    }

    @Override
    public void save(Checkpoint checkpoint) {
        checkpoint.put(AVERAGE_KEY, average);
    }

    @Override
    public void restore(Checkpoint checkpoint) {
        float[] saved = checkpoint.floats(AVERAGE_KEY);
        System.arraycopy(saved, 0, average, 0, average.length);
    }
}
