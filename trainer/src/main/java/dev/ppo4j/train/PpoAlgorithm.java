package dev.ppo4j.train;

import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.engine.Diagnostic;
import dev.ppo4j.engine.Diagnostics;
import dev.ppo4j.engine.DiagnosticsMean;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.engine.HyperParameters;
import dev.ppo4j.engine.LossConfig;
import dev.ppo4j.engine.Minibatch;
import dev.ppo4j.engine.ParameterState;
import dev.ppo4j.engine.PolicyRunner;
import dev.ppo4j.engine.StepInput;
import dev.ppo4j.engine.TrainStep;
import dev.ppo4j.env.random.SplitMix64;
import dev.ppo4j.metrics.MetricKeys;
import dev.ppo4j.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PPO's update rule (Schulman et al. 2017): E epochs over the rollout in shuffled minibatches,
 * one ONNX Runtime train step each (loss, gradient, clipping, Adam); optionally recomputing the
 * advantages with the latest critic before every epoch, stopping early at target_kl, and
 * adapting the KL penalty's β after the update.
 */
final class PpoAlgorithm implements Algorithm {
    private static final long SHUFFLE_STREAM = 3;

    private final TrainConfig config;
    private final TrainStep trainStep;
    private final PolicyRunner policy;
    private final ParameterState parameters;
    private final SplitMix64 shuffling;
    private final Minibatch minibatch;
    private final int[] order;
    private double klBeta;

    PpoAlgorithm(TrainConfig config, ModelSpec spec, Engine engine) {
        this.config = config;
        this.trainStep = engine.openTrainStep(new LossConfig(config.objective(), config.valueClip(),
                config.entCoef() > 0 || config.entCoefFinal() > 0));
        this.policy = engine.policy();
        this.parameters = engine.state();
        this.shuffling = SplitMix64.forStream(config.seed(), SHUFFLE_STREAM);
        this.klBeta = config.klBeta();
        this.order = new int[config.batchSize()];
        this.minibatch = Minibatches.allocate(spec, config.minibatchSize(), config.objective().usesKlPenalty());
    }

    @Override
    public Map<String, Double> update(RolloutBuffer rollout, Iteration iteration) {
        HyperParameters hp = hyperParameters(iteration.progress());
        DiagnosticsMean mean = new DiagnosticsMean();
        int epochsRun = 0;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            if (config.recomputeAdvantages() && epoch > 0) {
                rollout.recomputeAdvantages(policy::values, config.gamma(), config.gaeLambda());
            }
            Minibatches.shuffle(order, shuffling);
            DiagnosticsMean epochMean = new DiagnosticsMean();
            for (int start = 0; start < rollout.size(); start += minibatch.size()) {
                rollout.gather(order, start, minibatch);
                if (config.normalizeAdvantages()) {
                    Minibatches.normalizeAdvantages(minibatch);
                }
                Diagnostics d = trainStep.step(minibatch, hp);
                checkFinite(d, iteration);
                epochMean.add(d);
                mean.add(d);
            }
            epochsRun++;
            if (config.targetKl() != null && epochMean.mean(Diagnostic.APPROX_KL) > config.targetKl()) {
                break;
            }
        }
        klBeta = config.objective().nextBeta(klBeta, mean.mean(Diagnostic.KL_DIVERGENCE), config.klTarget());
        return scalars(mean, hp, rollout, epochsRun);
    }

    /** This update's step inputs: the schedules at {@code progress}, the current β, the fixed coefficients. */
    private HyperParameters hyperParameters(double progress) {
        double clip = config.clipRangeSchedule().at(config.clipRange(), config.clipRangeFinal(), progress);
        return actorCriticInputs(config, progress)
                .set(StepInput.CLIP_RANGE, clip)
                .set(StepInput.VALUE_CLIP_RANGE, config.valueClipRange() == null ? clip : config.valueClipRange())
                .set(StepInput.DUAL_CLIP_C, config.dualClipC())
                .set(StepInput.KL_BETA, klBeta)
                .set(StepInput.ADAM_EPSILON, config.adamEps());
    }

    /**
     * The step inputs every actor-critic loss on PPO's train-step graph reads (PPO's and A2C's):
     * learning rate and entropy coefficient at {@code progress}, value coefficient, gradient-norm
     * limit ({@code inf} fed as 1e30, which no norm reaches).
     */
    static HyperParameters actorCriticInputs(TrainConfig config, double progress) {
        return HyperParameters.defaults()
                .set(StepInput.LEARNING_RATE, config.learningRateSchedule().at(config.learningRate(), config.learningRateFinal(), progress))
                .set(StepInput.ENTROPY_COEF, config.entCoefSchedule().at(config.entCoef(), config.entCoefFinal(), progress))
                .set(StepInput.VALUE_COEF, config.vfCoef())
                .set(StepInput.MAX_GRAD_NORM, Double.isInfinite(config.maxGradNorm()) ? 1e30 : config.maxGradNorm());
    }

    private Map<String, Double> scalars(DiagnosticsMean mean, HyperParameters hp, RolloutBuffer rollout, int epochsRun) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (Map.Entry<String, Double> metric : mean.metrics().entrySet()) {
            scalars.put(metric.getKey(), metric.getValue());
            if (metric.getKey().equals(MetricKeys.KL_DIVERGENCE)) {
                // β's column follows the KL's, as in the metrics files of earlier runs.
                scalars.put(MetricKeys.KL_BETA, klBeta);
            }
        }
        scalars.put(MetricKeys.EXPLAINED_VARIANCE, rollout.explainedVariance());
        scalars.put(MetricKeys.LEARNING_RATE, hp.get(StepInput.LEARNING_RATE));
        scalars.put(MetricKeys.CLIP_RANGE, hp.get(StepInput.CLIP_RANGE));
        scalars.put(MetricKeys.ENTROPY_COEFFICIENT, hp.get(StepInput.ENTROPY_COEF));
        scalars.put(MetricKeys.EPOCHS, (double) epochsRun);
        // Every epoch is a full pass of numMinibatches Adam steps, so Adam's step count (which
        // checkpoints keep) gives the epochs run since the start, across resumes.
        scalars.put(MetricKeys.N_UPDATES, (double) (parameters.stepCount() / config.numMinibatches()));
        return scalars;
    }

    /** Stops training when a train step's loss or gradient norm is no longer finite (A2C's step too). */
    static void checkFinite(Diagnostics d, Iteration iteration) {
        if (!Double.isFinite(d.get(Diagnostic.POLICY_LOSS)) || !Double.isFinite(d.get(Diagnostic.VALUE_LOSS))
                || !Double.isFinite(d.get(Diagnostic.GRAD_NORM))) {
            throw new TrainingDivergedException("The loss became " + d + " in update " + iteration.update() + " (global step "
                    + iteration.globalStep() + "); training stopped and the last good checkpoint was kept. Lower learning_rate"
                    + " or max_grad_norm, or check the env's rewards and observations.");
        }
    }

    @Override
    public void save(Checkpoint checkpoint) {
        checkpoint.put("rng_shuffling", shuffling.state()).put("kl_beta", klBeta);
    }

    @Override
    public void restore(Checkpoint checkpoint) {
        shuffling.setState(checkpoint.longValue("rng_shuffling"));
        klBeta = checkpoint.scalar("kl_beta");
    }
}
