package dev.ppo4j.train;

import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.engine.Minibatch;
import dev.ppo4j.engine.NaturalGradient;
import dev.ppo4j.engine.ParameterState;
import dev.ppo4j.engine.SurrogateEvaluation;
import dev.ppo4j.metrics.MetricKeys;
import dev.ppo4j.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TRPO's update rule (Schulman et al. 2015, docs/trpo.md), on the whole batch: the surrogate's
 * gradient g at θ_old; the conjugate gradient for (F + λI)·x = g with F·v from ONNX Runtime
 * ({@link NaturalGradient}, the Hessian of the mean KL(π_old‖π_θ) by double differentiation,
 * optionally on every k-th sample); the full step sqrt(2δ / xᵀ(F + λI)x)·x; a backtracking line
 * search ({@link LineSearch}) that keeps θ_old when no candidate satisfies the KL bound with a
 * better surrogate; then the critic fit ({@link CriticFit}). The actor's parameters move only in
 * the policy step, the critic's only in the fit.
 */
final class TrpoAlgorithm implements Algorithm {
    private final TrainConfig config;
    private final ParameterState state;
    private final NaturalGradient naturalGradient;
    private final SurrogateEvaluation evaluation;
    private final CriticFit criticFit;
    private final ConjugateGradient conjugateGradient;
    private final Minibatch batch;
    private final Minibatch fisherBatch;
    private final int[] batchRows;
    private final int[] fisherRows;
    private final double[] gradient;
    private final double[] direction;
    private final double[] product;
    private final float[] candidate;

    /** What the policy step of one update did. */
    private record PolicyStep(LineSearch.Outcome lineSearch, ConjugateGradient.Result cg) {
    }

    TrpoAlgorithm(TrainConfig config, ModelSpec spec, Engine engine) {
        this.config = config;
        this.state = engine.state();
        this.batchRows = Minibatches.strided(config.batchSize(), 1);
        this.fisherRows = Minibatches.strided(config.batchSize(), config.subSamplingFactor());
        this.naturalGradient = engine.openNaturalGradient(batchRows.length, fisherRows.length);
        this.evaluation = engine.openSurrogateEvaluation(batchRows.length);
        this.criticFit = new CriticFit(config, spec, engine);
        this.batch = Minibatches.allocate(spec, batchRows.length, true);
        this.fisherBatch = Minibatches.allocate(spec, fisherRows.length, true);
        int dimension = naturalGradient.dimension();
        this.conjugateGradient = new ConjugateGradient(dimension);
        this.gradient = new double[dimension];
        this.direction = new double[dimension];
        this.product = new double[dimension];
        this.candidate = new float[spec.parameterCount()];
    }

    @Override
    public Map<String, Double> update(RolloutBuffer rollout, Iteration iteration) {
        rollout.gather(batchRows, 0, batch);
        if (config.normalizeAdvantages()) {
            Minibatches.normalizeAdvantages(batch);
        }
        rollout.gather(fisherRows, 0, fisherBatch);
        naturalGradient.load(batch, fisherBatch);
        evaluation.load(batch);
        PolicyStep step = policyStep(iteration);
        double valueLoss = criticFit.fit(rollout, iteration);

        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put(MetricKeys.VALUE_LOSS, valueLoss);
        scalars.put(MetricKeys.KL_DIVERGENCE, step.lineSearch().kl());
        scalars.put(MetricKeys.SURROGATE_IMPROVEMENT, step.lineSearch().improvement());
        scalars.put(MetricKeys.STEP_SIZE, step.lineSearch().fraction());
        scalars.put(MetricKeys.LINE_SEARCH_STEPS, (double) step.lineSearch().tries());
        scalars.put(MetricKeys.LINE_SEARCH_SUCCESS, step.lineSearch().accepted() ? 1.0 : 0.0);
        scalars.put(MetricKeys.CG_STEPS, (double) step.cg().steps());
        scalars.put(MetricKeys.CG_RESIDUAL, step.cg().relativeResidual());
        scalars.put(MetricKeys.EXPLAINED_VARIANCE, rollout.explainedVariance());
        scalars.put(MetricKeys.LEARNING_RATE, criticFit.learningRate(iteration));
        return scalars;
    }

    /** The natural-gradient step with its line search; leaves θ_old in place when no candidate is accepted. */
    private PolicyStep policyStep(Iteration iteration) {
        double surrogateBefore = naturalGradient.surrogateGradient(gradient);
        double gradientNorm = Math.sqrt(ConjugateGradient.dot(gradient, gradient));
        if (!Double.isFinite(surrogateBefore) || !Double.isFinite(gradientNorm)) {
            throw CriticFit.diverged("surrogate or its gradient", Double.isFinite(surrogateBefore) ? gradientNorm
                    : surrogateBefore, iteration);
        }
        ConjugateGradient.Result cg = conjugateGradient.solve(this::dampedFisherProduct, gradient, config.cgMaxSteps(),
                direction);
        dampedFisherProduct(direction, product);
        double curvature = ConjugateGradient.dot(direction, product);
        if (!(curvature > 0) || !Double.isFinite(curvature)) {
            // g = 0 (e.g. constant advantages): there is no direction to search along.
            return new PolicyStep(LineSearch.Outcome.noStep(), cg);
        }
        double fullStep = Math.sqrt(2 * config.maxKl() / curvature);
        float[] old = state.parameterValues();
        System.arraycopy(old, 0, candidate, 0, old.length);
        LineSearch.Outcome outcome = LineSearch.search(fraction -> evaluation.evaluate(stepped(old, fraction * fullStep)),
                surrogateBefore, config.maxKl(), config.lineSearchMaxIter(), config.lineSearchShrinkingFactor());
        if (outcome.accepted()) {
            // The accepted candidate is the last one evaluated, still in the candidate array.
            state.setParameters(candidate);
        }
        return new PolicyStep(outcome, cg);
    }

    /** (F + λI)·v. */
    private void dampedFisherProduct(double[] v, double[] out) {
        naturalGradient.fisherVectorProduct(v, out);
        double damping = config.cgDamping();
        for (int i = 0; i < v.length; i++) {
            out[i] += damping * v[i];
        }
    }

    /** θ_old + length·x on the actor's parameters, the critic's as they are: the candidate array, filled. */
    private float[] stepped(float[] old, double length) {
        for (int i = 0; i < direction.length; i++) {
            candidate[i] = (float) (old[i] + length * direction[i]);
        }
        return candidate;
    }

    @Override
    public void save(Checkpoint checkpoint) {
        criticFit.save(checkpoint);
    }

    @Override
    public void restore(Checkpoint checkpoint) {
        criticFit.restore(checkpoint);
    }
}
