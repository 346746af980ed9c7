package dev.ppo4j.model;

import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.Value;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The diagonal Gaussian of Box actions: means from the actor, a state-independent log-std
 * parameter, log-probabilities summed over dimensions. Env actions are the samples clipped to the
 * Box bounds; the train step sees the unclipped samples.
 */
public final class DiagonalGaussian implements ActionDistribution {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final int dim;
    private final double[] low;
    private final double[] high;
    private final double temperature;

    /**
     * A Gaussian whose env actions are clipped to {@code [low, high]}.
     *
     * @param low lower bound per dimension
     * @param high upper bound per dimension, as many as {@code low}
     * @param temperature factor on the standard deviation when sampling (1 samples the policy as is)
     * @throws IllegalArgumentException if the bounds are empty or of different lengths, or the temperature is not positive
     */
    public DiagonalGaussian(double[] low, double[] high, double temperature) {
        if (low.length < 1 || low.length != high.length) {
            throw new IllegalArgumentException("A Gaussian needs lower and upper bounds for at least one dimension, got "
                    + low.length + " and " + high.length + ".");
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("The sampling temperature must be positive, got " + temperature + ".");
        }
        this.dim = low.length;
        this.low = low.clone();
        this.high = high.clone();
        this.temperature = temperature;
    }

    /**
     * A Gaussian over all of R^dim (env actions unclipped), sampled at temperature 1.
     *
     * @param dim number of action dimensions
     * @return the distribution
     */
    public static DiagonalGaussian unbounded(int dim) {
        double[] low = new double[dim];
        double[] high = new double[dim];
        Arrays.fill(low, Double.NEGATIVE_INFINITY);
        Arrays.fill(high, Double.POSITIVE_INFINITY);
        return new DiagonalGaussian(low, high, 1.0);
    }

    @Override
    public int actionDim() {
        return dim;
    }

    @Override
    public float sample(float[] outputs, float[] logStd, int row, RandomGenerator rng, float[] stored, float[] envActions) {
        int offset = row * dim;
        double logProb = 0;
        for (int j = 0; j < dim; j++) {
            double std = Math.exp(logStd[j]);
            double z = rng.nextGaussian() * temperature;
            double a = outputs[offset + j] + std * z;
            stored[offset + j] = (float) a;
            envActions[offset + j] = (float) Math.min(Math.max(a, low[j]), high[j]);
            // The log-density of the action as stored (rounded to float), which the train step reads back.
            double zr = (stored[offset + j] - outputs[offset + j]) / std;
            logProb += -0.5 * zr * zr - logStd[j] - HALF_LOG_TWO_PI;
        }
        return (float) logProb;
    }

    @Override
    public void mode(float[] outputs, int row, float[] envActions) {
        int offset = row * dim;
        for (int j = 0; j < dim; j++) {
            envActions[offset + j] = (float) Math.min(Math.max(outputs[offset + j], low[j]), high[j]);
        }
    }

    @Override
    public Value actionInput(GraphBuilder g, String name) {
        return g.input(name, GraphBuilder.BATCH, dim);
    }

    @Override
    public GraphTerms graphTerms(GraphBuilder g, Value outputs, Supplier<Value> logStdParameter, Value actions,
                                 Value oldOutputs, Value oldLogStd) {
        Value logStd = logStdParameter.get();
        // A per-sample log-std [batch, dim] (the trust-region step differentiates each row) sums per row.
        boolean perSample = logStd.rank() == 2;
        Value sumLogStd = perSample ? g.reduceSum(logStd, false, 1) : g.reduceSum(logStd, false);
        Value z = standardised(g, outputs, logStd, actions);
        Value normaliser = g.add(sumLogStd, g.scalar(dim * HALF_LOG_TWO_PI));
        Value logProb = g.sub(g.mul(g.scalar(-0.5), g.reduceSum(g.mul(z, z), false, 1)), normaliser);
        Value entropy = g.add(sumLogStd, g.scalar(dim * (0.5 + HALF_LOG_TWO_PI)));
        if (perSample) {
            entropy = g.reduceMean(entropy, false);
        }
        return new GraphTerms(logProb, entropy, oldOutputs == null ? null : kl(g, outputs, logStd, oldOutputs, oldLogStd));
    }

    /**
     * For log π = −½·Σ_j z_j² − Σ_j log σ_j − const with z = (a − μ)·e^(−log σ), and H = Σ_j log σ_j
     * + const: the gradient of Σ_i q_i·log π_i − c·H is q_i·z_ij·e^(−log σ_j) with respect to μ_ij
     * and Σ_i q_i·(z_ij² − 1) − c with respect to log σ_j. The backward pass starts at the means and
     * the log-std (a per-sample log-std keeps the default).
     */
    @Override
    public Map<Value, Value> backwardSeeds(GraphBuilder g, GraphTerms terms, Value outputs, Value logStd, Value actions,
                                           Value logProbGradient, Value entropyCoefficient) {
        if (logStd.rank() != 1) {
            return ActionDistribution.super.backwardSeeds(g, terms, outputs, logStd, actions, logProbGradient,
                    entropyCoefficient);
        }
        // The same nodes as graphTerms emitted: ONNX Runtime merges the repeats.
        Value z = standardised(g, outputs, logStd, actions);
        Value perRow = g.unsqueeze(logProbGradient, 1);
        Value meansGradient = g.mul(g.mul(perRow, z), g.exp(g.neg(logStd)));
        Value logStdGradient = g.matMul(logProbGradient, g.sub(g.mul(z, z), g.scalar(1.0)));
        if (entropyCoefficient != null) {
            logStdGradient = g.sub(logStdGradient, entropyCoefficient);
        }
        Map<Value, Value> seeds = new LinkedHashMap<>();
        seeds.put(outputs, meansGradient);
        seeds.put(logStd, logStdGradient);
        return seeds;
    }

    /** z = (a − μ)·e^(−log σ). */
    private static Value standardised(GraphBuilder g, Value outputs, Value logStd, Value actions) {
        return g.mul(g.sub(actions, outputs), g.exp(g.neg(logStd)));
    }

    @Override
    public Value kl(GraphBuilder g, Value outputs, Value logStd, Value oldOutputs, Value oldLogStd) {
        // KL(N(μo, σo²) ‖ N(μ, σ²)) = log σ − log σo + (σo² + (μo − μ)²) / (2σ²) − ½, summed over dims.
        Value diff = g.sub(oldOutputs, outputs);
        Value numerator = g.add(g.exp(g.mul(g.scalar(2.0), oldLogStd)), g.mul(diff, diff));
        Value halfInvVar = g.mul(g.scalar(0.5), g.exp(g.mul(g.scalar(-2.0), logStd)));
        Value perDim = g.add(g.sub(logStd, oldLogStd), g.sub(g.mul(numerator, halfInvVar), g.scalar(0.5)));
        return g.reduceMean(g.reduceSum(perDim, false, 1), false);
    }
}
