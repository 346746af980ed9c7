package dev.ppo4j.engine;

import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import dev.ppo4j.model.ReferenceForward;
import java.util.Arrays;

/**
 * The PPO loss of docs/ppo.md ("Policy objectives" to "Entropy bonus and the total loss") in plain
 * Java (double precision), to check the graphs' values.
 */
final class ReferenceLoss {
    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    /** Loss terms of one minibatch. */
    record Terms(double total, double policyLoss, double valueLoss, double entropy, double approxKl,
                 double clipFraction, double kl) {
    }

    private ReferenceLoss() {}

    /** log π(a|s) of every sample under the given parameters. */
    static double[] logProbs(Parameters params, Minibatch mb) {
        ModelSpec spec = params.spec();
        ReferenceForward net = new ReferenceForward(params);
        double[] out = new double[mb.size()];
        int width = spec.actionWidth();
        float[] logStd = spec.isGaussian() ? params.tensor("log_std") : null;
        for (int b = 0; b < mb.size(); b++) {
            double[] head = net.actor(row(mb.observations(), b, spec.observationDim()));
            if (spec.isGaussian()) {
                double lp = 0;
                for (int j = 0; j < width; j++) {
                    double z = (mb.actions()[b * width + j] - head[j]) * Math.exp(-logStd[j]);
                    lp += -0.5 * z * z - logStd[j] - 0.5 * LOG_TWO_PI;
                }
                out[b] = lp;
            } else {
                out[b] = logSoftmax(head)[(int) mb.actions()[b]];
            }
        }
        return out;
    }

    static Terms compute(Parameters params, LossConfig loss, Minibatch mb, HyperParameters hp) {
        ModelSpec spec = params.spec();
        ReferenceForward net = new ReferenceForward(params);
        int n = mb.size();
        int width = spec.actionWidth();
        double[] logProbs = logProbs(params, mb);
        float[] logStd = spec.isGaussian() ? params.tensor("log_std") : null;
        double objective = 0;
        double valueLoss = 0;
        double entropy = 0;
        double approxKl = 0;
        double clipped = 0;
        double kl = 0;
        double eps = hp.get(StepInput.CLIP_RANGE);
        for (int b = 0; b < n; b++) {
            float[] obs = row(mb.observations(), b, spec.observationDim());
            double[] head = net.actor(obs);
            double logRatio = logProbs[b] - mb.oldLogProbs()[b];
            double r = Math.exp(logRatio);
            double adv = mb.advantages()[b];
            double surrogate = r * adv;
            double clipObjective = Math.min(surrogate, Math.max(1 - eps, Math.min(1 + eps, r)) * adv);
            objective += switch (loss.objective()) {
                case CLIP -> clipObjective;
                case DUAL_CLIP -> adv < 0 ? Math.max(clipObjective, hp.get(StepInput.DUAL_CLIP_C) * adv) : clipObjective;
                default -> surrogate;
            };
            approxKl += (r - 1) - logRatio;
            clipped += Math.abs(r - 1) > eps ? 1 : 0;
            if (spec.isGaussian()) {
                for (int j = 0; j < width; j++) {
                    entropy += logStd[j] + 0.5 * (1 + LOG_TWO_PI);
                    if (loss.objective().usesKlPenalty()) {
                        double oldLs = mb.oldLogStd()[b * width + j];
                        double d = mb.oldMeansOrLogits()[b * width + j] - head[j];
                        kl += logStd[j] - oldLs + (Math.exp(2 * oldLs) + d * d) / (2 * Math.exp(2 * logStd[j])) - 0.5;
                    }
                }
            } else {
                double[] lp = logSoftmax(head);
                for (int j = 0; j < width; j++) {
                    entropy -= Math.exp(lp[j]) * lp[j];
                }
                if (loss.objective().usesKlPenalty()) {
                    double[] old = logSoftmax(Fixtures.toDouble(row(mb.oldMeansOrLogits(), b, width), width));
                    for (int j = 0; j < width; j++) {
                        kl += Math.exp(old[j]) * (old[j] - lp[j]);
                    }
                }
            }
            double v = net.critic(obs);
            double ret = mb.returns()[b];
            double sq = (v - ret) * (v - ret);
            if (loss.clipValueLoss()) {
                double old = mb.oldValues()[b];
                double clip = hp.get(StepInput.VALUE_CLIP_RANGE);
                double vc = old + Math.max(-clip, Math.min(clip, v - old));
                sq = Math.max(sq, (vc - ret) * (vc - ret));
            }
            valueLoss += sq;
        }
        double policyLoss = -objective / n;
        double meanKl = kl / n;
        if (loss.objective().usesKlPenalty()) {
            policyLoss += hp.get(StepInput.KL_BETA) * meanKl;
        }
        valueLoss = 0.5 * valueLoss / n;
        entropy /= n;
        double total = policyLoss + hp.get(StepInput.VALUE_COEF) * valueLoss
                - (loss.entropyBonus() ? hp.get(StepInput.ENTROPY_COEF) * entropy : 0);
        return new Terms(total, policyLoss, valueLoss, entropy, approxKl / n, clipped / n,
                loss.objective().usesKlPenalty() ? meanKl : Double.NaN);
    }

    static double[] logSoftmax(double[] x) {
        double max = Arrays.stream(x).max().orElseThrow();
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v - max);
        }
        double log = max + Math.log(sum);
        return Arrays.stream(x).map(v -> v - log).toArray();
    }

    private static float[] row(float[] flat, int b, int width) {
        return Arrays.copyOfRange(flat, b * width, (b + 1) * width);
    }
}
