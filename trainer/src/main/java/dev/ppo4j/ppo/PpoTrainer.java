package dev.ppo4j.ppo;

import dev.ppo4j.engine.Diagnostic;
import dev.ppo4j.engine.Diagnostics;
import dev.ppo4j.engine.DiagnosticsMean;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.engine.HyperParameters;
import dev.ppo4j.engine.LossConfig;
import dev.ppo4j.engine.Minibatch;
import dev.ppo4j.engine.PolicyRunner;
import dev.ppo4j.engine.StepInput;
import dev.ppo4j.engine.TrainStep;
import dev.ppo4j.env.UnsupportedSpaceException;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.env.VectorStep;
import dev.ppo4j.env.random.SplitMix64;
import dev.ppo4j.metrics.MetricKeys;
import dev.ppo4j.env.spaces.Box;
import dev.ppo4j.env.spaces.Discrete;
import dev.ppo4j.env.spaces.Space;
import dev.ppo4j.model.ActionDistribution;
import dev.ppo4j.model.ActionHead;
import dev.ppo4j.model.Categorical;
import dev.ppo4j.model.DiagonalGaussian;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PPO training loop, top to bottom as the algorithm reads (CleanRL's
 * {@code ppo_continuous_action.py} is the model): collect a rollout → GAE → epochs ×
 * minibatches of train steps → schedules, logging and checkpoints. Returns a
 * {@link TrainedPolicy}; the trainer itself holds no trained state.
 */
public final class PpoTrainer {
    private static final long SAMPLING_STREAM = 2;
    private static final long SHUFFLE_STREAM = 3;
    private static final long INIT_STREAM = 1;
    private static final long ENV_SEED_STREAM = 4;

    private final PpoConfig config;

    /** A trainer for one configuration. */
    public PpoTrainer(PpoConfig config) {
        this.config = config;
    }

    /** Receives what the loop produces, once per update and per finished episode. */
    public interface Listener {
        /** After every update: the global step and the scalar diagnostics (SB3/CleanRL key names). */
        void onUpdate(int update, long globalStep, Map<String, Double> scalars, EpisodeTracker episodes);

        /** Whenever an episode ends. */
        void onEpisode(EpisodeTracker.Episode episode);

        /** Whenever the loop wants a checkpoint written (every checkpoint_interval updates and at the end). */
        void onCheckpoint(int update, long globalStep, Checkpoint checkpoint) throws IOException;
    }

    /** The model a config builds for the given spaces. */
    public ModelSpec modelSpec(Space observationSpace, Space actionSpace) {
        ActionHead head;
        if (actionSpace instanceof Box box) {
            head = new ActionHead.Gaussian(box.flatDim());
        } else if (actionSpace instanceof Discrete discrete) {
            head = new ActionHead.Categorical(discrete.n());
        } else {
            throw new UnsupportedSpaceException("PPO in ppo4j supports Box and Discrete action spaces; this env's action space is "
                    + actionSpace + ". Wrap the env in Python to flatten its action space.");
        }
        return new ModelSpec(observationSpace.flatDim(), head, config.hiddenSizes(), config.activation());
    }

    /**
     * Trains on {@code envs} for the configured number of updates.
     *
     * @param resumeFrom a checkpoint to continue from, or null to start afresh
     */
    public TrainedPolicy train(VectorEnv envs, Listener listener, Checkpoint resumeFrom) throws IOException {
        final int n = envs.numEnvs();
        final int steps = config.rolloutSteps();
        final int batch = config.batchSize();
        final int obsDim = envs.observationDim();
        final Space actionSpace = envs.singleActionSpace();
        final ModelSpec spec = modelSpec(envs.singleObservationSpace(), actionSpace);
        final boolean gaussian = spec.isGaussian();
        final int distDim = spec.actionWidth();
        final Box box = actionSpace instanceof Box b ? b : null;
        final ActionDistribution distribution = box != null ? new DiagonalGaussian(box.low(), box.high(), config.temperature())
                : new Categorical(distDim, ((Discrete) actionSpace).start(), config.temperature());
        final int actDim = distribution.actionDim();

        SplitMix64 sampling = SplitMix64.forStream(config.seed(), SAMPLING_STREAM);
        SplitMix64 shuffling = SplitMix64.forStream(config.seed(), SHUFFLE_STREAM);
        ObservationNormalizer obsNorm = new ObservationNormalizer(obsDim, config.normalizeObservations(), config.observationClip());
        RewardScaler rewardScaler = new RewardScaler(n, config.normalizeRewards(), config.gamma(), config.rewardClip());
        EpisodeTracker episodes = new EpisodeTracker(n);
        RolloutBuffer buffer = new RolloutBuffer(steps, n, obsDim, actDim, distDim);
        long initSeed = SplitMix64.forStream(config.seed(), INIT_STREAM).nextLong();
        Parameters initial = config.orthogonalInit() ? Parameters.initialise(spec, initSeed) : Parameters.initialiseUniform(spec, initSeed);
        LossConfig loss = new LossConfig(config.objective(), config.valueClip(), config.entCoef() > 0 || config.entCoefFinal() > 0);

        int firstUpdate = 1;
        long globalStep = 0;
        double klBeta = config.klBeta();
        try (Engine engine = Engine.open(initial, loss)) {
            PolicyRunner policy = engine.policy();
            TrainStep trainStep = engine.trainStep();
            if (resumeFrom != null) {
                engine.state().setParameters(resumeFrom.floats("params"));
                engine.state().setFirstMoments(resumeFrom.floats("adam_m"));
                engine.state().setSecondMoments(resumeFrom.floats("adam_v"));
                engine.state().setStepCount(resumeFrom.longValue("adam_t"));
                obsNorm.stats().restore(resumeFrom.doubles("obs_mean"), resumeFrom.doubles("obs_var"), resumeFrom.scalar("obs_count"));
                obsNorm.refresh();
                rewardScaler.stats().restore(resumeFrom.doubles("ret_mean"), resumeFrom.doubles("ret_var"), resumeFrom.scalar("ret_count"));
                episodes.restore(resumeFrom.doubles("recent_returns"), resumeFrom.doubles("recent_lengths"), resumeFrom.longValue("episodes"));
                sampling.setState(resumeFrom.longValue("rng_sampling"));
                shuffling.setState(resumeFrom.longValue("rng_shuffling"));
                klBeta = resumeFrom.scalar("kl_beta");
                firstUpdate = (int) resumeFrom.longValue("update") + 1;
                globalStep = resumeFrom.longValue("global_step");
            }

            // Env streams: seeded once from the master seed; a resumed run cannot restore the
            // simulators' own state, so it reseeds them from (seed, resumed step).
            float[] rawObs = new float[n * obsDim];
            envs.reset(resumeFrom == null ? config.seed() : SplitMix64.forStream(config.seed() + globalStep, ENV_SEED_STREAM).nextLong() >>> 1, rawObs);
            obsNorm.update(rawObs, n);

            VectorStep step = new VectorStep(n, obsDim);
            float[] normObs = new float[n * obsDim];
            float[] dist = new float[n * distDim];
            float[] values = new float[n];
            float[] logStd = new float[gaussian ? distDim : 0];
            float[] sampled = new float[n * actDim];
            float[] envActions = new float[n * actDim];
            float[] finalObs = new float[n * obsDim];
            float[] finalValues = new float[n];
            int[] truncatedEnvs = new int[n];
            float[] truncationObservations = new float[batch * obsDim];
            float[] lastNormObs = new float[n * obsDim];
            float[] lastValues = new float[n];
            float[] currentValues = new float[batch];
            float[] currentTruncationValues = new float[batch];
            int[] order = new int[batch];
            int mbSize = config.minibatchSize();
            Minibatch mb = new Minibatch(mbSize, new float[mbSize * obsDim], new float[mbSize * actDim], new float[mbSize],
                    new float[mbSize], new float[mbSize], new float[mbSize],
                    config.objective().usesKlPenalty() ? new float[mbSize * distDim] : null,
                    config.objective().usesKlPenalty() && gaussian ? new float[mbSize * distDim] : null);

            for (int update = firstUpdate; update <= config.numUpdates(); update++) {
                double progress = (update - 1.0) / config.numUpdates();
                double lr = config.learningRateSchedule().at(config.learningRate(), config.learningRateFinal(), progress);
                double clip = config.clipRangeSchedule().at(config.clipRange(), config.clipRangeFinal(), progress);
                double entCoef = config.entCoefSchedule().at(config.entCoef(), config.entCoefFinal(), progress);
                long collectStart = System.nanoTime();

                // 1. Collect a rollout of T steps × N envs.
                if (gaussian) {
                    policy.logStd(logStd);
                }
                for (int t = 0; t < steps; t++) {
                    int row0 = t * n;
                    obsNorm.normalize(rawObs, 0, n, normObs, 0);
                    System.arraycopy(normObs, 0, buffer.observations, row0 * obsDim, n * obsDim);
                    policy.forward(normObs, n, dist, values);
                    for (int i = 0; i < n; i++) {
                        int row = row0 + i;
                        buffer.values[row] = values[i];
                        System.arraycopy(dist, i * distDim, buffer.distributions, row * distDim, distDim);
                        buffer.logProbs[row] = distribution.sample(dist, logStd, i, sampling, sampled, envActions);
                    }
                    System.arraycopy(sampled, 0, buffer.actions, row0 * actDim, n * actDim);
                    envs.step(envActions, step);
                    globalStep += n;

                    int truncatedCount = 0;
                    for (int i = 0; i < n; i++) {
                        int row = row0 + i;
                        boolean ended = step.episodeEnded(i);
                        buffer.terminated[row] = step.terminated[i];
                        buffer.truncated[row] = step.truncated[i] && !step.terminated[i];
                        buffer.rewards[row] = rewardScaler.scale(i, step.rewards[i], ended);
                        EpisodeTracker.Episode finished = episodes.record(i, step.rewards[i], ended, globalStep);
                        if (finished != null) {
                            listener.onEpisode(finished);
                        }
                        buffer.truncationValues[row] = 0f;
                        if (buffer.truncated[row]) {
                            System.arraycopy(step.finalObservations, i * obsDim, finalObs, truncatedCount * obsDim, obsDim);
                            truncatedEnvs[truncatedCount++] = i;
                        }
                    }
                    if (truncatedCount > 0) {
                        // Bootstrap the truncated episodes from V(final observation), not V(next episode's start).
                        obsNorm.normalize(finalObs, 0, truncatedCount, finalObs, 0);
                        policy.values(finalObs, truncatedCount, finalValues);
                        for (int k = 0; k < truncatedCount; k++) {
                            int row = row0 + truncatedEnvs[k];
                            buffer.truncationValues[row] = finalValues[k];
                            System.arraycopy(finalObs, k * obsDim, truncationObservations, row * obsDim, obsDim);
                        }
                    }
                    System.arraycopy(step.observations, 0, rawObs, 0, n * obsDim);
                    obsNorm.update(rawObs, n);
                }

                // 2. Advantages: GAE over the rollout, bootstrapped from V(s_T).
                obsNorm.normalize(rawObs, 0, n, lastNormObs, 0);
                policy.values(lastNormObs, n, lastValues);
                buffer.computeAdvantages(buffer.values, buffer.truncationValues, lastValues, config.gamma(), config.gaeLambda());
                long updateStart = System.nanoTime();

                // 3. Optimise: epochs × shuffled minibatches, one ONNX Runtime run each.
                HyperParameters hp = HyperParameters.defaults()
                        .set(StepInput.LEARNING_RATE, lr)
                        .set(StepInput.CLIP_RANGE, clip)
                        .set(StepInput.VALUE_CLIP_RANGE, config.valueClipRange() == null ? clip : config.valueClipRange())
                        .set(StepInput.DUAL_CLIP_C, config.dualClipC())
                        .set(StepInput.KL_BETA, klBeta)
                        .set(StepInput.ENTROPY_COEF, entCoef)
                        .set(StepInput.VALUE_COEF, config.vfCoef())
                        .set(StepInput.MAX_GRAD_NORM, Double.isInfinite(config.maxGradNorm()) ? 1e30 : config.maxGradNorm())
                        .set(StepInput.ADAM_EPSILON, config.adamEps());
                DiagnosticsMean mean = new DiagnosticsMean();
                int epochsRun = 0;
                for (int epoch = 0; epoch < config.epochs(); epoch++) {
                    if (config.recomputeAdvantages() && epoch > 0) {
                        policy.values(buffer.observations, batch, currentValues);
                        recomputeTruncationValues(policy, buffer, truncationObservations, currentTruncationValues, obsDim);
                        policy.values(lastNormObs, n, lastValues);
                        buffer.computeAdvantages(currentValues, currentTruncationValues, lastValues, config.gamma(), config.gaeLambda());
                    }
                    shuffle(order, shuffling);
                    DiagnosticsMean epochMean = new DiagnosticsMean();
                    for (int start = 0; start < batch; start += config.minibatchSize()) {
                        fillMinibatch(mb, buffer, order, start, logStd);
                        Diagnostics d = trainStep.step(mb, hp);
                        if (!Double.isFinite(d.get(Diagnostic.POLICY_LOSS)) || !Double.isFinite(d.get(Diagnostic.VALUE_LOSS))
                                || !Double.isFinite(d.get(Diagnostic.GRAD_NORM))) {
                            throw new TrainingDivergedException("The loss became " + d + " in update " + update + " (global step "
                                    + globalStep + "); training stopped and the last good checkpoint was kept. Lower learning_rate"
                                    + " or max_grad_norm, or check the env's rewards and observations.");
                        }
                        epochMean.add(d);
                        mean.add(d);
                    }
                    epochsRun++;
                    if (config.targetKl() != null && epochMean.mean(Diagnostic.APPROX_KL) > config.targetKl()) {
                        break;
                    }
                }
                double collectSeconds = (updateStart - collectStart) / 1e9;
                double updateSeconds = (System.nanoTime() - updateStart) / 1e9;
                klBeta = config.objective().nextBeta(klBeta, mean.mean(Diagnostic.KL_DIVERGENCE), config.klTarget());

                // 4. Log.
                Map<String, Double> scalars = new LinkedHashMap<>();
                scalars.put(MetricKeys.EP_REW_MEAN, episodes.meanReturn());
                scalars.put(MetricKeys.EP_LEN_MEAN, episodes.meanLength());
                for (Map.Entry<String, Double> metric : mean.metrics().entrySet()) {
                    scalars.put(metric.getKey(), metric.getValue());
                    if (metric.getKey().equals(MetricKeys.KL_DIVERGENCE)) {
                        // β's column follows the KL's, as in the metrics files of earlier runs.
                        scalars.put(MetricKeys.KL_BETA, klBeta);
                    }
                }
                scalars.put(MetricKeys.EXPLAINED_VARIANCE, explainedVariance(buffer.values, buffer.returns));
                scalars.put(MetricKeys.LEARNING_RATE, lr);
                scalars.put(MetricKeys.CLIP_RANGE, clip);
                scalars.put(MetricKeys.ENTROPY_COEFFICIENT, entCoef);
                scalars.put(MetricKeys.EPOCHS, (double) epochsRun);
                if (gaussian) {
                    double stdSum = 0;
                    for (float l : logStd) {
                        stdSum += Math.exp(l);
                    }
                    scalars.put(MetricKeys.POLICY_STD, stdSum / logStd.length);
                }
                scalars.put(MetricKeys.COLLECT_SECONDS, collectSeconds);
                scalars.put(MetricKeys.UPDATE_SECONDS, updateSeconds);
                scalars.put(MetricKeys.FPS, batch / (collectSeconds + updateSeconds));
                listener.onUpdate(update, globalStep, scalars, episodes);

                // 5. Checkpoint.
                if (update == config.numUpdates() || (config.checkpointInterval() > 0 && update % config.checkpointInterval() == 0)) {
                    Checkpoint c = new Checkpoint()
                            .put("config", ConfigFiles.write(config))
                            .put("update", update)
                            .put("global_step", globalStep)
                            .put("params", engine.state().parameterValues())
                            .put("adam_m", engine.state().firstMoments())
                            .put("adam_v", engine.state().secondMoments())
                            .put("adam_t", engine.state().stepCount())
                            .put("obs_mean", obsNorm.stats().mean())
                            .put("obs_var", obsNorm.stats().var())
                            .put("obs_count", obsNorm.stats().count())
                            .put("ret_mean", rewardScaler.stats().mean())
                            .put("ret_var", rewardScaler.stats().var())
                            .put("ret_count", rewardScaler.stats().count())
                            .put("recent_returns", episodes.recentReturns())
                            .put("recent_lengths", episodes.recentLengths())
                            .put("episodes", episodes.finishedEpisodes())
                            .put("rng_sampling", sampling.state())
                            .put("rng_shuffling", shuffling.state())
                            .put("kl_beta", klBeta);
                    listener.onCheckpoint(update, globalStep, c);
                }
            }
            return TrainedPolicy.of(engine.state().parameters(), obsNorm, envs.singleObservationSpace(), actionSpace, config, globalStep);
        }
    }

    private static void shuffle(int[] order, SplitMix64 rng) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    /** Gathers rows {@code order[start..start+B)} into the minibatch, normalising advantages if configured. */
    private void fillMinibatch(Minibatch mb, RolloutBuffer buffer, int[] order, int start, float[] logStd) {
        int size = mb.size();
        int obsDim = buffer.observationDim;
        int actDim = buffer.actionDim;
        int distDim = buffer.distributionDim;
        double sum = 0;
        double sumSquares = 0;
        for (int k = 0; k < size; k++) {
            int row = order[start + k];
            System.arraycopy(buffer.observations, row * obsDim, mb.observations(), k * obsDim, obsDim);
            System.arraycopy(buffer.actions, row * actDim, mb.actions(), k * actDim, actDim);
            mb.oldLogProbs()[k] = buffer.logProbs[row];
            mb.returns()[k] = buffer.returns[row];
            mb.oldValues()[k] = buffer.values[row];
            float advantage = buffer.advantages[row];
            mb.advantages()[k] = advantage;
            sum += advantage;
            sumSquares += (double) advantage * advantage;
            if (mb.oldMeansOrLogits() != null) {
                System.arraycopy(buffer.distributions, row * distDim, mb.oldMeansOrLogits(), k * distDim, distDim);
            }
            if (mb.oldLogStd() != null) {
                System.arraycopy(logStd, 0, mb.oldLogStd(), k * logStd.length, logStd.length);
            }
        }
        if (config.normalizeAdvantages() && size > 1) {
            double mean = sum / size;
            // unbiased std, as torch's Tensor.std() in the reference implementations
            double std = Math.sqrt(Math.max(sumSquares - size * mean * mean, 0.0) / (size - 1));
            for (int k = 0; k < size; k++) {
                mb.advantages()[k] = (float) ((mb.advantages()[k] - mean) / (std + 1e-8));
            }
        }
    }

    private static void recomputeTruncationValues(PolicyRunner policy, RolloutBuffer buffer, float[] truncationObservations,
            float[] out, int obsDim) {
        java.util.Arrays.fill(out, 0f);
        int count = 0;
        for (int row = 0; row < buffer.size(); row++) {
            if (buffer.truncated[row]) {
                count++;
            }
        }
        if (count == 0) {
            return;
        }
        float[] observations = new float[count * obsDim];
        int[] rows = new int[count];
        int k = 0;
        for (int row = 0; row < buffer.size(); row++) {
            if (buffer.truncated[row]) {
                System.arraycopy(truncationObservations, row * obsDim, observations, k * obsDim, obsDim);
                rows[k++] = row;
            }
        }
        float[] values = new float[count];
        policy.values(observations, count, values);
        for (k = 0; k < count; k++) {
            out[rows[k]] = values[k];
        }
    }

    /** 1 − Var[returns − values] / Var[returns]: how much of the return the critic explains (NaN if returns are constant). */
    static double explainedVariance(float[] values, float[] returns) {
        int n = returns.length;
        double meanReturn = 0;
        double meanResidual = 0;
        for (int i = 0; i < n; i++) {
            meanReturn += returns[i];
            meanResidual += returns[i] - values[i];
        }
        meanReturn /= n;
        meanResidual /= n;
        double varReturn = 0;
        double varResidual = 0;
        for (int i = 0; i < n; i++) {
            varReturn += (returns[i] - meanReturn) * (returns[i] - meanReturn);
            double r = returns[i] - values[i] - meanResidual;
            varResidual += r * r;
        }
        return varReturn == 0 ? Double.NaN : 1 - varResidual / varReturn;
    }
}
