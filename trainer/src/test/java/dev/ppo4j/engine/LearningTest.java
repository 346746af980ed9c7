package dev.ppo4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.model.ActionHead;
import dev.ppo4j.model.Activation;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Small problems trained end to end through the engine: the loss must go down as expected. */
class LearningTest {

    private static HyperParameters withLearningRate(double lr, double maxGradNorm) {
        return HyperParameters.defaults().set(StepInput.LEARNING_RATE, lr).set(StepInput.VALUE_COEF, 1.0)
                .set(StepInput.MAX_GRAD_NORM, maxGradNorm);
    }

    @Test
    void criticFitsASmoothRegressionTarget() {
        ModelSpec spec = new ModelSpec(2, new ActionHead.Gaussian(1), List.of(32, 32), Activation.TANH);
        int n = 256;
        SplittableRandom random = new SplittableRandom(3);
        float[] obs = new float[2 * n];
        float[] target = new float[n];
        for (int i = 0; i < n; i++) {
            obs[2 * i] = (float) (4 * random.nextDouble() - 2);
            obs[2 * i + 1] = (float) (4 * random.nextDouble() - 2);
            target[i] = (float) (Math.sin(obs[2 * i]) + 0.5 * obs[2 * i + 1]);
        }
        HyperParameters hp = withLearningRate(3e-3, 10.0);
        int mbSize = 64;
        float[] zeros = new float[mbSize];
        float[] actions = new float[mbSize];
        float[] mbObs = new float[2 * mbSize];
        float[] mbTarget = new float[mbSize];
        Minibatch mb = new Minibatch(mbSize, mbObs, actions, zeros, zeros, mbTarget, null, null, null);
        try (Engine engine = Engine.open(Parameters.initialise(spec, 1))) {
            TrainStep trainStep = engine.openTrainStep(new LossConfig(Objective.NONE, false, false));
            double initial = meanSquaredError(engine, obs, target);
            double previousEpochLoss = Double.MAX_VALUE;
            for (int epoch = 0; epoch < 60; epoch++) {
                double epochLoss = 0;
                for (int start = 0; start < n; start += mbSize) {
                    System.arraycopy(obs, 2 * start, mbObs, 0, 2 * mbSize);
                    System.arraycopy(target, start, mbTarget, 0, mbSize);
                    Diagnostics d = trainStep.step(mb, hp);
                    assertEquals(0.0, d.get(Diagnostic.POLICY_LOSS), 0.0, "zero advantages give a zero policy loss");
                    epochLoss += d.get(Diagnostic.VALUE_LOSS);
                }
                if (epoch % 20 == 19) {
                    assertTrue(epochLoss < previousEpochLoss, "the value loss must keep falling: " + epochLoss
                            + " after " + previousEpochLoss);
                    previousEpochLoss = epochLoss;
                }
            }
            double fitted = meanSquaredError(engine, obs, target);
            assertTrue(initial > 0.3, "initial error " + initial);
            assertTrue(fitted < 0.01, "the critic should fit sin(x0) + x1/2 closely, mean squared error " + fitted);
        }
    }

    private static double meanSquaredError(Engine engine, float[] obs, float[] target) {
        float[] values = new float[target.length];
        engine.policy().values(obs, target.length, values);
        double sum = 0;
        for (int i = 0; i < target.length; i++) {
            sum += (values[i] - target[i]) * (values[i] - target[i]);
        }
        return sum / target.length;
    }

    @Test
    void categoricalPolicyLearnsTheBetterArmOfABandit() {
        ModelSpec spec = new ModelSpec(1, new ActionHead.Categorical(2), List.of(8), Activation.TANH);
        int batch = 64;
        SplittableRandom random = new SplittableRandom(5);
        float[] obs = new float[batch];
        java.util.Arrays.fill(obs, 1f);
        float[] logits = new float[2 * batch];
        float[] values = new float[batch];
        float[] actions = new float[batch];
        float[] oldLogProbs = new float[batch];
        float[] rewards = new float[batch];
        float[] advantages = new float[batch];
        Minibatch mb = new Minibatch(batch, obs, actions, oldLogProbs, advantages, rewards, values, null, null);
        HyperParameters hp = withLearningRate(1e-2, 0.5);
        try (Engine engine = Engine.open(Parameters.initialise(spec, 2))) {
            TrainStep trainStep = engine.openTrainStep(LossConfig.defaults());
            double firstProbability = probabilityOfArmOne(engine);
            double meanReward = 0;
            for (int iteration = 0; iteration < 15; iteration++) {
                engine.policy().forward(obs, batch, logits, values);
                for (int b = 0; b < batch; b++) {
                    double[] logp = ReferenceLoss.logSoftmax(new double[] {logits[2 * b], logits[2 * b + 1]});
                    int arm = random.nextDouble() < Math.exp(logp[1]) ? 1 : 0;
                    actions[b] = arm;
                    oldLogProbs[b] = (float) logp[arm];
                    rewards[b] = arm == 1 ? 1f : 0f;
                }
                meanReward = normaliseAdvantages(rewards, values, advantages);
                for (int epoch = 0; epoch < 4; epoch++) {
                    trainStep.step(mb, hp);
                }
            }
            double lastProbability = probabilityOfArmOne(engine);
            assertEquals(0.5, firstProbability, 0.02, "orthogonal init with gain 0.01 starts near uniform");
            assertTrue(lastProbability > 0.95, "P(better arm) after training: " + lastProbability);
            assertTrue(meanReward > 0.8, "mean reward of the last rollout: " + meanReward);
        }
    }

    private static double probabilityOfArmOne(Engine engine) {
        float[] logits = new float[2];
        engine.policy().forward(new float[] {1f}, 1, logits, new float[1]);
        return Math.exp(ReferenceLoss.logSoftmax(new double[] {logits[0], logits[1]})[1]);
    }

    @Test
    void gaussianPolicyMovesItsMeanToTheRewardPeak() {
        ModelSpec spec = new ModelSpec(1, new ActionHead.Gaussian(1), List.of(8), Activation.TANH);
        int batch = 128;
        double target = 1.5;
        SplittableRandom random = new SplittableRandom(6);
        float[] obs = new float[batch];
        java.util.Arrays.fill(obs, 1f);
        float[] means = new float[batch];
        float[] values = new float[batch];
        float[] logStd = new float[1];
        float[] actions = new float[batch];
        float[] oldLogProbs = new float[batch];
        float[] rewards = new float[batch];
        float[] advantages = new float[batch];
        Minibatch mb = new Minibatch(batch, obs, actions, oldLogProbs, advantages, rewards, values, null, null);
        HyperParameters hp = withLearningRate(2e-2, 0.5);
        try (Engine engine = Engine.open(Parameters.initialise(spec, 4))) {
            TrainStep trainStep = engine.openTrainStep(LossConfig.defaults());
            double firstMeanReward = Double.NaN;
            double meanReward = 0;
            for (int iteration = 0; iteration < 40; iteration++) {
                engine.policy().forward(obs, batch, means, values);
                engine.policy().logStd(logStd);
                double std = Math.exp(logStd[0]);
                for (int b = 0; b < batch; b++) {
                    double noise = random.nextGaussian();
                    actions[b] = (float) (means[b] + std * noise);
                    oldLogProbs[b] = (float) (-0.5 * noise * noise - logStd[0] - 0.5 * Math.log(2 * Math.PI));
                    rewards[b] = (float) -((actions[b] - target) * (actions[b] - target));
                }
                meanReward = normaliseAdvantages(rewards, values, advantages);
                if (iteration == 0) {
                    firstMeanReward = meanReward;
                }
                for (int epoch = 0; epoch < 4; epoch++) {
                    trainStep.step(mb, hp);
                }
            }
            engine.policy().forward(obs, 1, means, values);
            assertEquals(target, means[0], 0.25, "the mean should reach the reward peak");
            assertTrue(meanReward > firstMeanReward + 1.0, "mean reward " + firstMeanReward + " -> " + meanReward);
        }
    }

    /** Advantages = reward − value, normalised; returns the mean reward. */
    private static double normaliseAdvantages(float[] rewards, float[] values, float[] advantages) {
        int n = rewards.length;
        double mean = 0;
        double rewardMean = 0;
        for (int i = 0; i < n; i++) {
            advantages[i] = rewards[i] - values[i];
            mean += advantages[i];
            rewardMean += rewards[i];
        }
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            var += (advantages[i] - mean) * (advantages[i] - mean);
        }
        double std = Math.sqrt(var / n) + 1e-8;
        for (int i = 0; i < n; i++) {
            advantages[i] = (float) ((advantages[i] - mean) / std);
        }
        return rewardMean / n;
    }
}
