package dev.ppo4j.env;

import dev.ppo4j.env.spaces.Space;

/**
 * N copies of one environment stepped as a batch over flat primitive arrays, with Gymnasium's
 * SAME_STEP autoreset contract: the step that ends an episode returns the next episode's first
 * observation in {@link VectorStep#observations}, and the ended episode's last observation in
 * {@link VectorStep#finalObservations} with its {@code terminated}/{@code truncated} flags.
 *
 * <p>Env {@code i}'s values occupy {@code [i * dim, (i + 1) * dim)} of every flat array.
 *
 * <p>The envs are split into G pipelining groups, contiguous index ranges of N / G envs:
 * {@link #stepAsync} hands one group's actions over and returns as soon as the envs step
 * elsewhere (in worker processes), so the caller can compute another group's actions meanwhile;
 * {@link #stepWait} collects the group. {@link #step} steps every group.
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

    /**
     * The number of pipelining groups G; group {@code g} holds envs {@code [g * N / G, (g + 1) * N / G)}.
     *
     * @return G, at least 1
     */
    int numGroups();

    /**
     * Hands group {@code group}'s actions to its envs, returning without waiting where they step
     * elsewhere; every action is checked first.
     *
     * @param group the group, 0 ≤ group &lt; G
     * @param groupActions (N / G) × actionDim actions for the group's envs, flat
     * @throws IllegalStateException if the group is already stepping
     */
    void stepAsync(int group, float[] groupActions);

    /**
     * Waits for group {@code group}, stepped by {@link #stepAsync}, and writes its envs' rows of
     * {@code out} (the other rows are left as they are).
     *
     * @param group the group
     * @param out preallocated result buffers for all N envs
     * @throws IllegalStateException if the group is not stepping
     */
    void stepWait(int group, VectorStep out);

    /** Stops every environment and any process hosting them; idempotent. */
    @Override
    void close();
}
