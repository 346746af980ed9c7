package dev.ppo4j.env;

import dev.ppo4j.env.spaces.Space;

/**
 * N copies of one environment stepped as a batch over flat primitive arrays, with Gymnasium's
 * SAME_STEP autoreset contract: the step that ends an episode returns the next episode's first
 * observation in {@link VectorStep#observations}, and the ended episode's last observation in
 * {@link VectorStep#finalObservations} with its {@code terminated}/{@code truncated} flags.
 *
 * <p>Env {@code i}'s values occupy {@code [i * dim, (i + 1) * dim)} of every flat array.
 */
public interface VectorEnv extends AutoCloseable {

    /** The number of environments N. */
    int numEnvs();

    /** The observation space of one environment. */
    Space singleObservationSpace();

    /** The action space of one environment. */
    Space singleActionSpace();

    /** Flat length of one observation. */
    default int observationDim() {
        return singleObservationSpace().flatDim();
    }

    /** Flat length of one action. */
    default int actionDim() {
        return singleActionSpace().flatDim();
    }

    /**
     * Resets every environment. With a seed, env {@code i} is seeded with {@code seed + i}
     * (Gymnasium's vector convention); later autoresets continue each env's own stream, or under
     * {@link EnvSeeding#STATIC} (where an implementation offers it) re-seed it with that same seed.
     *
     * @param seed master seed, or null to continue the streams
     * @param observationsOut receives N × observationDim observations
     */
    void reset(Long seed, float[] observationsOut);

    /**
     * Steps every environment once.
     *
     * @param actions N × actionDim actions, flat
     * @param out preallocated result buffers, overwritten
     */
    void step(float[] actions, VectorStep out);

    /** Stops every environment and any process hosting them; idempotent. */
    @Override
    void close();
}
