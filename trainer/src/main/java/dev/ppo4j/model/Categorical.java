package dev.ppo4j.model;

import dev.ppo4j.onnx.ElementType;
import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.Value;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The categorical distribution of Discrete actions over {@code n} choices, parameterised by
 * logits. The train step sees the index 0..n−1; the env gets {@code start + index}.
 */
public final class Categorical implements ActionDistribution {
    private final int n;
    private final int start;
    private final double temperature;
    private final float[] tempered;

    /**
     * A categorical distribution whose env actions start at {@code start}.
     *
     * @param n number of choices, at least 2
     * @param start the env's first action (Gymnasium's {@code Discrete.start})
     * @param temperature divisor of the logits when sampling (1 samples the policy as is)
     * @throws IllegalArgumentException if there are fewer than two choices or the temperature is not positive
     */
    public Categorical(int n, int start, double temperature) {
        if (n < 2) {
            throw new IllegalArgumentException("A categorical distribution needs at least two choices, got " + n + ".");
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("The sampling temperature must be positive, got " + temperature + ".");
        }
        this.n = n;
        this.start = start;
        this.temperature = temperature;
        this.tempered = new float[n];
    }

    @Override
    public int actionDim() {
        return 1;
    }

    @Override
    public float sample(float[] outputs, float[] logStd, int row, RandomGenerator rng, float[] stored, float[] envActions) {
        int offset = row * n;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, outputs[offset + j]);
        }
        double sumTempered = 0;
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double centred = outputs[offset + j] - max;
            tempered[j] = (float) Math.exp(centred / temperature);
            sumTempered += tempered[j];
            sum += Math.exp(centred);
        }
        double u = rng.nextDouble() * sumTempered;
        int choice = n - 1;
        for (int j = 0; j < n; j++) {
            u -= tempered[j];
            if (u < 0) {
                choice = j;
                break;
            }
        }
        stored[row] = choice;
        envActions[row] = choice + start;
        return (float) (outputs[offset + choice] - max - Math.log(sum));
    }

    @Override
    public void mode(float[] outputs, int row, float[] envActions) {
        int offset = row * n;
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (outputs[offset + j] > outputs[offset + best]) {
                best = j;
            }
        }
        envActions[row] = best + start;
    }

    @Override
    public Value actionInput(GraphBuilder g, String name) {
        return g.input(name, ElementType.INT64, GraphBuilder.BATCH);
    }

    @Override
    public GraphTerms graphTerms(GraphBuilder g, Value outputs, Supplier<Value> logStd, Value actions,
                                 Value oldOutputs, Value oldLogStd) {
        Value logPolicy = g.logSoftmax(outputs, 1);
        Value logProb = g.squeeze(g.gatherElements(logPolicy, g.unsqueeze(actions, 1), 1), 1);
        Value entropy = g.reduceMean(g.neg(g.reduceSum(g.mul(g.exp(logPolicy), logPolicy), false, 1)), false);
        return new GraphTerms(logProb, entropy, oldOutputs == null ? null : klOfLogPolicy(g, logPolicy, oldOutputs));
    }

    @Override
    public Value kl(GraphBuilder g, Value outputs, Value logStd, Value oldOutputs, Value oldLogStd) {
        return klOfLogPolicy(g, g.logSoftmax(outputs, 1), oldOutputs);
    }

    /** Σ p_old·(log p_old − log p) per sample, averaged; {@code logPolicy} is log-softmax of the current logits. */
    private static Value klOfLogPolicy(GraphBuilder g, Value logPolicy, Value oldOutputs) {
        Value oldLogPolicy = g.logSoftmax(oldOutputs, 1);
        Value perSample = g.reduceSum(g.mul(g.exp(oldLogPolicy), g.sub(oldLogPolicy, logPolicy)), false, 1);
        return g.reduceMean(perSample, false);
    }
}
