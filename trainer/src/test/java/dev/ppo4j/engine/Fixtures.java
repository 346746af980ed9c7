package dev.ppo4j.engine;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OrtException;
import dev.ppo4j.model.ActionHead;
import dev.ppo4j.model.Activation;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import dev.ppo4j.model.PolicyNames;
import dev.ppo4j.model.ReferenceForward;
import dev.ppo4j.onnx.ElementType;
import dev.ppo4j.onnx.HostTensor;
import dev.ppo4j.onnx.ModelRunner;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small models, minibatches and feeds shared by the engine tests. */
final class Fixtures {
    private Fixtures() {}

    /** A small model: obs 3, hidden 5-4 tanh, 2-D Gaussian or 3-way categorical. */
    static ModelSpec small(boolean gaussian) {
        ActionHead head = gaussian ? new ActionHead.Gaussian(2) : new ActionHead.Categorical(3);
        return new ModelSpec(3, head, List.of(5, 4), Activation.TANH);
    }

    /** Orthogonal init plus noise, so that outputs and log-std are far from their initial zeros. */
    static Parameters perturbed(ModelSpec spec, long seed, double noise) {
        float[] p = Parameters.initialise(spec, seed).values();
        SplittableRandom r = new SplittableRandom(seed + 1000);
        for (int i = 0; i < p.length; i++) {
            p[i] += (float) (noise * r.nextGaussian());
        }
        return Parameters.fromFlat(spec, p);
    }

    /**
     * A minibatch whose old log-probs and old values are the current ones shifted by noise, so
     * that ratios fall inside, below and above the clip range and value clipping is active for
     * some samples; advantages of both signs; old distribution parameters near the current ones.
     */
    static Minibatch minibatch(Parameters params, int size, long seed) {
        ModelSpec spec = params.spec();
        SplittableRandom r = new SplittableRandom(seed);
        int width = spec.actionWidth();
        float[] obs = new float[size * spec.observationDim()];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) r.nextGaussian();
        }
        float[] actions = new float[spec.isGaussian() ? size * width : size];
        for (int i = 0; i < actions.length; i++) {
            actions[i] = spec.isGaussian() ? (float) r.nextGaussian() : r.nextInt(width);
        }
        float[] advantages = new float[size];
        float[] returns = new float[size];
        float[] oldValues = new float[size];
        float[] oldDist = new float[size * width];
        float[] oldLogStd = spec.isGaussian() ? new float[size * width] : null;
        ReferenceForward net = new ReferenceForward(params);
        float[] logStd = spec.isGaussian() ? params.tensor("log_std") : null;
        for (int b = 0; b < size; b++) {
            float[] row = java.util.Arrays.copyOfRange(obs, b * spec.observationDim(), (b + 1) * spec.observationDim());
            double[] head = net.actor(row);
            for (int j = 0; j < width; j++) {
                oldDist[b * width + j] = (float) (head[j] + 0.3 * r.nextGaussian());
                if (oldLogStd != null) {
                    oldLogStd[b * width + j] = (float) (logStd[j] + 0.2 * r.nextGaussian());
                }
            }
            double v = net.critic(row);
            advantages[b] = (float) r.nextGaussian();
            returns[b] = (float) (v + r.nextGaussian());
            oldValues[b] = (float) (v + 0.6 * (r.nextDouble() - 0.5));
        }
        Minibatch draft = new Minibatch(size, obs, actions, new float[size], advantages, returns, oldValues, oldDist,
                oldLogStd);
        double[] logProbs = ReferenceLoss.logProbs(params, draft);
        float[] oldLogProbs = new float[size];
        for (int b = 0; b < size; b++) {
            // Every fourth sample gets a ratio above 3 (the dual-clip bound); the rest scatter around 1.
            double logRatio = b % 4 == 0 ? 1.15 + 0.35 * r.nextDouble() : -0.4 + 0.8 * r.nextDouble();
            oldLogProbs[b] = (float) (logProbs[b] - logRatio);
            if (b % 8 == 0) {
                advantages[b] = -Math.abs(advantages[b]);
            }
        }
        return new Minibatch(size, obs, actions, oldLogProbs, advantages, returns, oldValues, oldDist, oldLogStd);
    }

    /** Hyper-parameters with every coefficient non-zero, so every term reaches the gradient. */
    static HyperParameters testHyperParameters() {
        return HyperParameters.defaults().set(StepInput.VALUE_CLIP_RANGE, 0.25).set(StepInput.KL_BETA, 0.7)
                .set(StepInput.ENTROPY_COEF, 0.05);
    }

    /** Feeds for the inputs the model declares (float inputs in the given type). */
    static Map<String, HostTensor> feeds(ModelProto model, ModelSpec spec, Minibatch mb, HyperParameters hp,
                                         double[] params, ElementType type) {
        return feeds(model, spec, mb, hp, params, type, Map.of());
    }

    /** Feeds for the inputs the model declares, with {@code extra} feeds for inputs that are not minibatch fields. */
    static Map<String, HostTensor> feeds(ModelProto model, ModelSpec spec, Minibatch mb, HyperParameters hp,
                                         double[] params, ElementType type, Map<String, HostTensor> extra) {
        int n = mb.size();
        int width = spec.actionWidth();
        Map<String, HostTensor> all = new HashMap<>();
        all.put(GraphNames.PARAMS, HostTensor.of(type, params, params.length));
        all.put(PolicyNames.OBSERVATIONS, HostTensor.of(type, toDouble(mb.observations(), n * spec.observationDim()),
                n, spec.observationDim()));
        if (spec.isGaussian()) {
            all.put(GraphNames.ACTIONS, HostTensor.of(type, toDouble(mb.actions(), n * width), n, width));
        } else {
            long[] idx = new long[n];
            for (int i = 0; i < n; i++) {
                idx[i] = (long) mb.actions()[i];
            }
            all.put(GraphNames.ACTIONS, HostTensor.int64(idx, n));
        }
        all.put(GraphNames.OLD_LOG_PROB, HostTensor.of(type, toDouble(mb.oldLogProbs(), n), n));
        all.put(GraphNames.ADVANTAGES, HostTensor.of(type, toDouble(mb.advantages(), n), n));
        all.put(GraphNames.RETURNS, HostTensor.of(type, toDouble(mb.returns(), n), n));
        all.put(GraphNames.OLD_VALUES, HostTensor.of(type, toDouble(mb.oldValues(), n), n));
        all.put(GraphNames.OLD_DIST, HostTensor.of(type, toDouble(mb.oldMeansOrLogits(), n * width), n, width));
        if (mb.oldLogStd() != null) {
            all.put(GraphNames.OLD_LOG_STD, HostTensor.of(type, toDouble(mb.oldLogStd(), n * width), n, width));
        }
        for (StepInput key : StepInput.values()) {
            all.put(key.graphName(), HostTensor.of(type, new double[] {key.valueAt(hp, 1, n)}));
        }
        all.putAll(extra);
        Map<String, HostTensor> feeds = new HashMap<>();
        for (ValueInfoProto input : model.getGraph().getInputList()) {
            HostTensor t = all.get(input.getName());
            if (t == null) {
                throw new IllegalStateException("No test feed for graph input " + input.getName());
            }
            feeds.put(input.getName(), t);
        }
        return feeds;
    }

    /**
     * A loss-and-gradient graph's float64 gradient at {@code params} scaled as
     * {@code clip_grad_norm_} scales it, and its norm before scaling.
     *
     * @param values the scaled gradient
     * @param norm ‖g‖ before clipping
     */
    record ClippedGradient(double[] values, double norm) {
        static ClippedGradient of(ModelRunner gradients, ModelProto model, ModelSpec spec, Minibatch mb, HyperParameters hp,
                                  double[] params, double maxGradNorm) throws OrtException {
            double[] g = gradients.run(feeds(model, spec, mb, hp, params, ElementType.DOUBLE)).get(GraphNames.GRADIENT).values();
            double norm = Math.sqrt(Arrays.stream(g).map(x -> x * x).sum());
            double scale = Math.min(1.0, maxGradNorm / (norm + 1e-6));
            return new ClippedGradient(Arrays.stream(g).map(x -> x * scale).toArray(), norm);
        }
    }

    static double[] toDouble(float[] x, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = x[i];
        }
        return out;
    }
}
