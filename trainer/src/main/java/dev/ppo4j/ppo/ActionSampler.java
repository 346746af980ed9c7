package dev.ppo4j.ppo;

import dev.ppo4j.env.spaces.Box;
import dev.ppo4j.env.spaces.Discrete;
import dev.ppo4j.env.spaces.Space;

/** Samples actions from the policy's distribution parameters during collection. */
final class ActionSampler {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final double temperature;
    private final Box box;
    private final int discreteStart;
    private final float[] scratch;

    ActionSampler(Space actionSpace, int distributionDim, double temperature) {
        this.temperature = temperature;
        this.box = actionSpace instanceof Box b ? b : null;
        this.discreteStart = actionSpace instanceof Discrete d ? d.start() : 0;
        this.scratch = new float[distributionDim];
    }

    /**
     * Samples env {@code env}'s action from its row of distribution parameters; writes the stored
     * action and the env's action; returns its log-probability.
     */
    float sample(float[] dist, int env, float[] logStd, SplitMix64 rng, float[] sampled, float[] envActions) {
        int width = scratch.length;
        return box != null
                ? sampleGaussian(dist, env * width, logStd, rng, sampled, env * width, envActions)
                : sampleCategorical(dist, env * width, width, rng, sampled, env, envActions);
    }

    private float sampleGaussian(float[] mean, int meanOffset, float[] logStd, SplitMix64 rng, float[] sampled, int offset,
            float[] envActions) {
        double logProb = 0;
        for (int j = 0; j < logStd.length; j++) {
            double std = Math.exp(logStd[j]);
            double z = rng.nextGaussian() * temperature;
            double a = mean[meanOffset + j] + std * z;
            sampled[offset + j] = (float) a;
            envActions[offset + j] = (float) Math.min(Math.max(a, box.low(j)), box.high(j));
            double zr = (sampled[offset + j] - mean[meanOffset + j]) / std;
            logProb += -0.5 * zr * zr - logStd[j] - 0.5 * LOG_2PI;
        }
        return (float) logProb;
    }

    private float sampleCategorical(float[] logits, int offset, int k, SplitMix64 rng, float[] sampled, int env,
            float[] envActions) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, logits[offset + j]);
        }
        double sumTempered = 0;
        double sum = 0;
        for (int j = 0; j < k; j++) {
            double centred = logits[offset + j] - max;
            scratch[j] = (float) Math.exp(centred / temperature);
            sumTempered += scratch[j];
            sum += Math.exp(centred);
        }
        double u = rng.nextDouble() * sumTempered;
        int choice = k - 1;
        for (int j = 0; j < k; j++) {
            u -= scratch[j];
            if (u < 0) {
                choice = j;
                break;
            }
        }
        sampled[env] = choice;
        envActions[env] = choice + discreteStart;
        return (float) (logits[offset + choice] - max - Math.log(sum));
    }
}
