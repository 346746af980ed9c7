package dev.ppo4j.compare;

import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.env.VectorStep;
import dev.ppo4j.env.spaces.Space;
import java.util.SplittableRandom;

/**
 * The random policy's score, the zero of the paper's normalised score: actions drawn uniformly
 * from the action space (Gymnasium's {@code action_space.sample()}), scored like a training run
 * by the mean return of {@value #EPISODES} episodes, on the same env and master seed.
 */
public final class RandomBaseline {
    /** Episodes per seed; a training run's score is also the mean of 100 episodes. */
    public static final int EPISODES = 100;

    private RandomBaseline() {}

    /**
     * Runs the random policy on the single env of {@code envs}.
     *
     * @param seed the env is reset with this seed once; later episodes continue its stream, as in training
     * @param episodes episodes to finish
     * @return the episodes' returns
     */
    public static double[] returns(VectorEnv envs, long seed, int episodes) {
        if (envs.numEnvs() != 1) {
            throw new IllegalArgumentException("The random baseline steps one env; got " + envs.numEnvs() + ".");
        }
        Space actionSpace = envs.singleActionSpace();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] obs = new float[envs.observationDim()];
        float[] action = new float[envs.actionDim()];
        VectorStep step = new VectorStep(1, envs.observationDim());
        double[] returns = new double[episodes];
        envs.reset(seed, obs);
        for (int k = 0; k < episodes; ) {
            actionSpace.sample(rng, action);
            envs.step(action, step);
            returns[k] += step.rewards[0];
            if (step.episodeEnded(0)) {
                k++;
            }
        }
        return returns;
    }
}
