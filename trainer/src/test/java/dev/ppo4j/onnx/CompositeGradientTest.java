package dev.ppo4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whole models through the differentiator: an MLP Gaussian policy loss, second order, and fits. */
class CompositeGradientTest {
    private static final long B = GraphBuilder.BATCH;
    private static final int OBS = 4;
    private static final int HIDDEN = 8;
    private static final int ACT = 2;
    private static final int BATCH = 5;

    /** -mean(advantage * log N(action; mlp(obs), exp(logStd))), a policy-gradient loss. */
    private static Value gaussianPolicyLoss(GraphBuilder g, Map<String, Value> v) {
        Value h1 = g.tanh(g.gemm(v.get("obs"), v.get("w1"), v.get("b1"), false, false));
        Value h2 = g.tanh(g.gemm(h1, v.get("w2"), v.get("b2"), false, false));
        Value mean = g.gemm(h2, v.get("w3"), v.get("b3"), false, false);
        Value logStd = v.get("log_std");
        Value z = g.div(g.sub(v.get("action"), mean), g.exp(logStd));
        Value perDim = g.sub(g.sub(g.mul(g.scalar(-0.5), g.mul(z, z)), logStd),
                g.scalar(0.5 * Math.log(2 * Math.PI)));
        Value logProb = g.reduceSum(perDim, false, 1);
        return g.neg(g.reduceMean(g.mul(logProb, v.get("advantage")), false));
    }

    private static GradientCheck policyProblem(GradientCheck check) {
        check.fixed("obs", check.floatType(), new long[] {B, OBS}, new long[] {BATCH, OBS},
                check.uniform(-2, 2, BATCH * OBS));
        check.fixed("action", check.floatType(), new long[] {B, ACT}, new long[] {BATCH, ACT},
                check.uniform(-1, 1, BATCH * ACT));
        check.fixed("advantage", check.floatType(), new long[] {B}, new long[] {BATCH},
                check.uniform(-1, 1, BATCH));
        double scale1 = 1 / Math.sqrt(OBS);
        double scale2 = 1 / Math.sqrt(HIDDEN);
        return check.param("w1", -scale1, scale1, OBS, HIDDEN).param("b1", -0.1, 0.1, HIDDEN)
                .param("w2", -scale2, scale2, HIDDEN, HIDDEN).param("b2", -0.1, 0.1, HIDDEN)
                .param("w3", -scale2, scale2, HIDDEN, ACT).param("b3", -0.1, 0.1, ACT)
                .param("log_std", -0.7, 0.2, ACT);
    }

    @Test
    void mlpGaussianLogProbLossMatchesFiniteDifferencesInFloat64() throws Exception {
        policyProblem(GradientCheck.float64(31)).check(CompositeGradientTest::gaussianPolicyLoss);
    }

    @Test
    void mlpGaussianLogProbLossMatchesFiniteDifferencesInFloat32() throws Exception {
        // float32 central differences: step 1e-2 keeps rounding (~1e-5) and truncation (~1e-4)
        // errors well below the tolerance, which still catches any wrong rule
        policyProblem(new GradientCheck(ElementType.FLOAT, 1e-2, 3e-3, 32))
                .check(CompositeGradientTest::gaussianPolicyLoss);
    }

    @Test
    void secondOrderHessianVectorProductMatchesFiniteDifferences() throws Exception {
        // y = <grad f(x), v>; differentiating y again gives the Hessian-vector product H v
        GradientCheck.float64(33)
                .symbolicParam("x", new long[] {B, 3}, new long[] {4, 3}, -1, 1)
                .param("w", -1, 1, 3, 2)
                .fixed("v", ElementType.DOUBLE, new long[] {3, 2}, new long[] {3, 2},
                        new double[] {0.3, -0.2, 0.5, 0.1, -0.4, 0.7})
                .check((g, v) -> {
                    Value x = v.get("x");
                    Value w = v.get("w");
                    Value hidden = g.tanh(g.gemm(x, w, null, false, false));
                    Value f = g.reduceMean(g.add(g.mul(hidden, hidden), g.relu(hidden)), false);
                    Value gradW = Gradients.of(g, f, List.of(w)).get(0);
                    return g.reduceSum(g.mul(gradW, v.get("v")), false);
                });
    }

    @Test
    void secondOrderThroughACategoricalHead() throws Exception {
        // the backward passes of GatherElements, Slice and LogSoftmax are differentiated here
        GradientCheck.float64(34)
                .param("w", -1, 1, 3, 4)
                .fixed("x", ElementType.DOUBLE, new long[] {B, 3}, new long[] {5, 3},
                        new double[] {0.1, -0.3, 0.8, 1.2, 0.4, -0.6, -1.0, 0.2, 0.3, 0.5, 0.5, -0.5,
                            0.9, -0.8, 0.0})
                .fixed("a", ElementType.INT64, new long[] {B, 1}, new long[] {5, 1},
                        new double[] {0, 3, 1, 1, 2})
                .check((g, v) -> {
                    Value w = v.get("w");
                    Value logProbs = g.logSoftmax(g.gemm(v.get("x"), w, null, false, false), 1);
                    Value chosen = g.gatherElements(logProbs, v.get("a"), 1);
                    Value rows = g.slice(logProbs, new long[] {1}, new long[] {3}, new long[] {1});
                    Value f = g.add(g.reduceMean(chosen, false), g.reduceSum(g.mul(rows, rows), false));
                    Value gradW = Gradients.of(g, f, List.of(w)).get(0);
                    return g.reduceSum(g.mul(gradW, gradW), false);
                });
    }

    /** A slice of the flat parameter vector, reshaped to dims, as the engine's graphs read it. */
    private static Value unpack(GraphBuilder g, Value flat, long offset, long... dims) {
        Value slice = g.slice(flat, new long[] {offset},
                new long[] {offset + GradientCheck.count(dims)}, new long[] {0});
        return dims.length == 1 ? slice : g.reshape(slice, dims);
    }

    /**
     * A dual-clip PPO loss with a ReLU actor-critic over a flat parameter vector: the operators
     * of the engine's train step, each away from its kinks for these inputs.
     */
    private static Value ppoStyleLoss(GraphBuilder g, Value flat, Map<String, Value> v, List<Value> read) {
        Value w1 = unpack(g, flat, 0, 3, 4);
        Value b1 = unpack(g, flat, 12, 4);
        Value w2 = unpack(g, flat, 16, 4, 2);
        Value b2 = unpack(g, flat, 24, 2);
        Value logStd = unpack(g, flat, 26, 2);
        Value w3 = unpack(g, flat, 28, 4, 1);
        Value b3 = unpack(g, flat, 32, 1);
        read.addAll(List.of(w1, b1, w2, b2, logStd, w3, b3));
        Value hidden = g.relu(g.gemm(v.get("obs"), w1, b1, false, false));
        Value mean = g.gemm(hidden, w2, b2, false, false);
        Value z = g.mul(g.sub(v.get("action"), mean), g.exp(g.neg(logStd)));
        Value logProb = g.sub(g.mul(g.scalar(-0.5), g.reduceSum(g.mul(z, z), false, 1)),
                g.reduceSum(logStd, false));
        Value ratio = g.exp(g.sub(logProb, v.get("old_log_prob")));
        Value advantage = v.get("advantage");
        Value pessimistic = g.min(g.mul(ratio, advantage), g.mul(g.clip(ratio, 0.8, 1.2), advantage));
        Value floor = g.max(pessimistic, g.mul(g.scalar(3.0), advantage));
        Value objective = g.where(g.less(advantage, g.scalar(0.0)), floor, pessimistic);
        Value value = g.squeeze(g.gemm(hidden, w3, b3, false, false), 1);
        Value error = g.sub(value, v.get("returns"));
        Value valueLoss = g.mul(g.scalar(0.5), g.reduceMean(g.mul(error, error), false));
        return g.add(g.neg(g.reduceMean(objective, false)), valueLoss);
    }

    @Test
    void secondOrderThroughAClippedPolicyAndValueLoss() throws Exception {
        // a Hessian-vector product and the gradient norm's gradient, as TRPO's Fisher-vector
        // products and the train step's clipping would differentiate the engine's backward pass
        GradientCheck check = GradientCheck.float64(35);
        check.fixed("obs", ElementType.DOUBLE, new long[] {B, 3}, new long[] {BATCH, 3},
                check.uniform(-2, 2, BATCH * 3));
        check.fixed("action", ElementType.DOUBLE, new long[] {B, 2}, new long[] {BATCH, 2},
                check.uniform(-1, 1, BATCH * 2));
        check.fixed("old_log_prob", ElementType.DOUBLE, new long[] {B}, new long[] {BATCH},
                check.uniform(-2, -1, BATCH));
        check.fixed("advantage", ElementType.DOUBLE, new long[] {B}, new long[] {BATCH},
                new double[] {1.5, -0.7, 0.4, -2.0, 0.9});
        check.fixed("returns", ElementType.DOUBLE, new long[] {B}, new long[] {BATCH},
                check.uniform(-1, 1, BATCH));
        check.fixed("v", ElementType.DOUBLE, new long[] {33}, new long[] {33}, check.uniform(-1, 1, 33));
        check.param("p", -0.8, 0.8, 33).check((g, v) -> {
            List<Value> read = new ArrayList<>();
            Value loss = ppoStyleLoss(g, v.get("p"), v, read);
            List<Value> grads = Gradients.of(g, loss, read);
            Value[] flat = new Value[grads.size()];
            for (int i = 0; i < flat.length; i++) {
                flat[i] = grads.get(i).rank() == 1 ? grads.get(i) : g.reshape(grads.get(i), -1);
            }
            Value gradient = g.concat(0, flat);
            Value hessianVector = g.reduceSum(g.mul(gradient, v.get("v")), false);
            return g.add(hessianVector, g.sqrt(g.reduceSumSquare(gradient, false)));
        });
    }

    @Test
    void gradientDescentFitsALinearRegression() throws Exception {
        int n = 64;
        Random random = new Random(41);
        double[] trueW = {1.5, -2.0, 0.5};
        double trueB = 0.3;
        double[] x = new double[n * 3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double target = trueB + 0.01 * random.nextGaussian();
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = random.nextGaussian();
                target += trueW[j] * x[i * 3 + j];
            }
            y[i] = target;
        }
        GraphBuilder g = new GraphBuilder("regression");
        Value xv = g.input("x", B, 3);
        Value yv = g.input("y", B, 1);
        Value w = g.input("w", 3, 1);
        Value b = g.input("b", 1);
        Value err = g.sub(g.gemm(xv, w, b, false, false), yv);
        Value loss = g.reduceMean(g.mul(err, err), false);
        List<Value> grads = Gradients.of(g, loss, List.of(w, b));
        g.output("loss", loss);
        g.output("grad_w", grads.get(0));
        g.output("grad_b", grads.get(1));

        double[] wv = new double[3];
        double[] bv = new double[1];
        List<Double> losses = new ArrayList<>();
        try (ModelRunner runner = new ModelRunner(g.build())) {
            for (int step = 0; step < 100; step++) {
                Map<String, HostTensor> out = runner.run(Map.of(
                        "x", HostTensor.of(ElementType.FLOAT, x, n, 3),
                        "y", HostTensor.of(ElementType.FLOAT, y, n, 1),
                        "w", HostTensor.of(ElementType.FLOAT, wv, 3, 1),
                        "b", HostTensor.of(ElementType.FLOAT, bv, 1)));
                losses.add(out.get("loss").scalar());
                for (int j = 0; j < 3; j++) {
                    wv[j] -= 0.1 * out.get("grad_w").get(j);
                }
                bv[0] -= 0.1 * out.get("grad_b").get(0);
            }
        }
        for (int i = 1; i < losses.size(); i++) {
            assertTrue(losses.get(i) <= losses.get(i - 1) + 1e-6,
                    "loss rose at step " + i + ": " + losses);
        }
        assertTrue(losses.get(losses.size() - 1) < 1e-3, "final loss " + losses.get(losses.size() - 1));
        for (int j = 0; j < 3; j++) {
            assertEquals(trueW[j], wv[j], 0.01);
        }
        assertEquals(trueB, bv[0], 0.01);
    }

    @Test
    void policyGradientLearnsTheBestArmOfABandit() throws Exception {
        // REINFORCE on a 3-armed bandit through LogSoftmax and GatherElements
        double[] armReward = {0.2, 1.0, 0.5};
        int batch = 32;
        GraphBuilder g = new GraphBuilder("bandit");
        Value logits = g.input("logits", 3);
        Value actions = g.input("actions", ElementType.INT64, B, 1);
        Value rewards = g.input("rewards", B, 1);
        Value logProbs = g.logSoftmax(g.expandAs(g.unsqueeze(logits, 0), rewards), 1);
        Value chosen = g.gatherElements(logProbs, actions, 1);
        Value baseline = g.reduceMean(rewards, false);
        Value loss = g.neg(g.reduceMean(g.mul(chosen, g.sub(rewards, baseline)), false));
        g.output("grad", Gradients.of(g, loss, List.of(logits)).get(0));
        g.output("probs", g.exp(g.logSoftmax(logits, 0)));

        Random random = new Random(43);
        double[] theta = new double[3];
        double[] probs = {1 / 3.0, 1 / 3.0, 1 / 3.0};
        try (ModelRunner runner = new ModelRunner(g.build())) {
            for (int step = 0; step < 60; step++) {
                long[] chosenArms = new long[batch];
                double[] reward = new double[batch];
                for (int i = 0; i < batch; i++) {
                    double u = random.nextDouble();
                    int arm = u < probs[0] ? 0 : u < probs[0] + probs[1] ? 1 : 2;
                    chosenArms[i] = arm;
                    reward[i] = armReward[arm] + 0.1 * random.nextGaussian();
                }
                Map<String, HostTensor> feeds = new HashMap<>();
                feeds.put("logits", HostTensor.of(ElementType.FLOAT, theta, 3));
                feeds.put("actions", HostTensor.int64(chosenArms, batch, 1));
                feeds.put("rewards", HostTensor.of(ElementType.FLOAT, reward, batch, 1));
                Map<String, HostTensor> out = runner.run(feeds);
                probs = out.get("probs").values();
                for (int j = 0; j < 3; j++) {
                    theta[j] -= 2.0 * out.get("grad").get(j);
                }
            }
        }
        assertTrue(probs[1] > 0.9, "probability of the best arm " + probs[1]);
    }
}
