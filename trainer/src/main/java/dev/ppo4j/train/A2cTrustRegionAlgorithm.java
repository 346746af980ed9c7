package dev.ppo4j.train;

import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.engine.Diagnostic;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.engine.ParameterState;
import dev.ppo4j.engine.TrainStep;
import dev.ppo4j.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A2C with ACER's efficient trust-region update (docs/a2c.md, "a2c-trust-region"): A2C's update
 * ({@link A2cAlgorithm}: one RMSprop step per short rollout on the whole batch) on the train step
 * of {@link Engine#openTrustRegionStep}, whose policy gradient is projected per sample against
 * the KL from an average policy before it reaches the network. The average policy is an
 * exponential moving average of the parameters, φ_avg ← α·φ_avg + (1 − α)·φ after every step,
 * starting at the initial parameters (as TensorFlow's ExponentialMovingAverage in OpenAI
 * baselines' ACER); it is this algorithm's own state, kept in checkpoints.
 */
final class A2cTrustRegionAlgorithm implements Algorithm {
    private static final String AVERAGE_KEY = "average_params";

    private final TrainConfig config;
    private final TrainStep trainStep;
    private final ParameterState parameters;
    private final A2cAlgorithm a2c;
    private final float[] average;

    A2cTrustRegionAlgorithm(TrainConfig config, ModelSpec spec, Engine engine) {
        this.config = config;
        this.trainStep = engine.openTrustRegionStep();
        this.parameters = engine.state();
        List<Diagnostic> logged = new ArrayList<>(A2cAlgorithm.LOGGED);
        logged.addAll(List.of(Diagnostic.TRUST_REGION_ACTIVE_FRACTION, Diagnostic.TRUST_REGION_ADJUSTMENT,
                Diagnostic.AVERAGE_POLICY_KL));
        this.a2c = new A2cAlgorithm(config, parameters, trainStep, logged);
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
        trainStep.setAverageParameters(average);
        Map<String, Double> scalars = a2c.update(rollout, iteration);
        updateAverage(average, parameters.parameterValues(), config.averagePolicyDecay());
        return scalars;
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
