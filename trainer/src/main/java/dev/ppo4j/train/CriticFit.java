package dev.ppo4j.train;

import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.engine.Diagnostic;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.engine.HyperParameters;
import dev.ppo4j.engine.Minibatch;
import dev.ppo4j.engine.StepInput;
import dev.ppo4j.engine.TrainStep;
import dev.ppo4j.env.random.SplitMix64;
import dev.ppo4j.model.ModelSpec;

/**
 * Fits the critic on its own, after the policy step of TRPO and vpg-adaptive (docs/trpo.md,
 * "The critic fit"): {@code epochs} passes over the rollout in shuffled minibatches of
 * {@code minibatch_size}, one Adam step each on ½·E[(V(s) − R̂)²] over the critic's parameters
 * only, at the scheduled {@code learning_rate} (as sb3-contrib's TRPO: n_critic_updates passes of
 * batch_size minibatches). The Adam moments are the critic's slice of the shared
 * {@link dev.ppo4j.engine.ParameterState}, whose step count counts these steps.
 */
final class CriticFit {
    private static final long SHUFFLE_STREAM = 3;

    private final TrainConfig config;
    private final TrainStep step;
    private final SplitMix64 shuffling;
    private final Minibatch minibatch;
    private final int[] order;

    CriticFit(TrainConfig config, ModelSpec spec, Engine engine) {
        this.config = config;
        this.step = engine.openCriticStep();
        this.shuffling = SplitMix64.forStream(config.seed(), SHUFFLE_STREAM);
        this.minibatch = Minibatches.allocate(spec, config.minibatchSize(), false);
        this.order = new int[config.batchSize()];
    }

    /** The critic's learning rate at this point of the run. */
    double learningRate(Algorithm.Iteration iteration) {
        return config.learningRateSchedule().at(config.learningRate(), config.learningRateFinal(), iteration.progress());
    }

    /**
     * Runs the fit on a rollout's value targets.
     *
     * @return the mean value loss over the fit's steps (each measured before its step)
     * @throws TrainingDivergedException if the value loss stops being finite
     */
    double fit(RolloutBuffer rollout, Algorithm.Iteration iteration) {
        HyperParameters hp = HyperParameters.defaults().set(StepInput.LEARNING_RATE, learningRate(iteration))
                .set(StepInput.ADAM_EPSILON, config.adamEps());
        double sum = 0;
        int steps = 0;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            Minibatches.shuffle(order, shuffling);
            for (int start = 0; start < rollout.size(); start += minibatch.size()) {
                rollout.gather(order, start, minibatch);
                double loss = step.step(minibatch, hp).get(Diagnostic.VALUE_LOSS);
                if (!Double.isFinite(loss)) {
                    throw diverged("value loss", loss, iteration);
                }
                sum += loss;
                steps++;
            }
        }
        return sum / steps;
    }

    /** The error for a non-finite quantity of an update of TRPO or vpg-adaptive. */
    static TrainingDivergedException diverged(String what, double value, Algorithm.Iteration iteration) {
        return new TrainingDivergedException("The " + what + " became " + value + " in update " + iteration.update()
                + " (global step " + iteration.globalStep() + "); training stopped and the last good checkpoint was kept."
                + " Lower learning_rate (the critic's) or max_kl, or check the env's rewards and observations.");
    }

    /** Writes the shuffling stream into a checkpoint. */
    void save(Checkpoint checkpoint) {
        checkpoint.put("rng_shuffling", shuffling.state());
    }

    /** Reads back what {@link #save} wrote. */
    void restore(Checkpoint checkpoint) {
        shuffling.setState(checkpoint.longValue("rng_shuffling"));
    }
}
