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
                    Value hidden = g.tanh(g.matMul(x, w));
                    Value f = g.reduceMean(g.add(g.mul(hidden, hidden), g.relu(hidden)), false);
                    Value gradW = Gradients.of(g, f, List.of(w)).get(0);
                    return g.reduceSum(g.mul(gradW, v.get("v")), false);
                });
    }

    @Test
    void secondOrderThroughACategoricalHead() throws Exception {
        // the backward pass of Gather/GatherElements is itself differentiated here
        GradientCheck.float64(34)
                .param("w", -1, 1, 3, 4)
                .fixed("x", ElementType.DOUBLE, new long[] {B, 3}, new long[] {5, 3},
                        new double[] {0.1, -0.3, 0.8, 1.2, 0.4, -0.6, -1.0, 0.2, 0.3, 0.5, 0.5, -0.5,
                            0.9, -0.8, 0.0})
                .fixed("a", ElementType.INT64, new long[] {B, 1}, new long[] {5, 1},
                        new double[] {0, 3, 1, 1, 2})
                .fixed("row", ElementType.INT64, new long[] {2}, new long[] {2}, new double[] {4, 0})
                .check((g, v) -> {
                    Value w = v.get("w");
                    Value logProbs = g.logSoftmax(g.matMul(v.get("x"), w), 1);
                    Value chosen = g.gatherElements(logProbs, v.get("a"), 1);
                    Value rows = g.gather(logProbs, v.get("row"), 0);
                    Value f = g.add(g.reduceMean(chosen, false), g.reduceSum(g.mul(rows, rows), false));
                    Value gradW = Gradients.of(g, f, List.of(w)).get(0);
                    return g.reduceSum(g.mul(gradW, gradW), false);
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
        Value baseline = g.stopGradient(g.reduceMean(rewards, false));
        Value loss = g.neg(g.reduceMean(g.mul(chosen, g.sub(rewards, baseline)), false));
        g.output("grad", Gradients.of(g, loss, List.of(logits)).get(0));
        g.output("probs", g.softmax(logits, 0));

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
