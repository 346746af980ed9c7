package dev.ppo4j.env.local;

import dev.ppo4j.env.Env;
import dev.ppo4j.env.EnvClosedException;
import dev.ppo4j.env.EnvSeeding;
import dev.ppo4j.env.EpisodeEndedException;
import dev.ppo4j.env.InPlaceEnv;
import dev.ppo4j.env.InvalidActionException;
import dev.ppo4j.env.StepResult;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.env.VectorStep;
import dev.ppo4j.env.spaces.Space;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * N environments of this JVM stepped one after another in the caller's thread, as Gymnasium's
 * {@code SyncVectorEnv} with {@code AutoresetMode.SAME_STEP}: when a step ends env {@code i}'s
 * episode, its last observation goes to {@link VectorStep#finalObservations}, the env is reset
 * at once and the new episode's first observation goes to {@link VectorStep#observations}, with
 * the ended step's reward and flags. The reset continues the env's random stream, or with
 * {@link EnvSeeding#STATIC} re-seeds it with the seed of its last explicit reset.
 *
 * <p>Pipelining groups ({@link #stepAsync}, {@link #stepWait}) are kept for the same calls as
 * the Python-backed vector env: here {@code stepAsync} checks and keeps a group's actions and
 * {@code stepWait} steps the group, so a caller that pipelines gets the same results as with
 * {@link #step}.
 *
 * <p>Envs implementing {@link InPlaceEnv} (the Java reference envs) are stepped straight into
 * the result buffers, so a step allocates nothing; other envs cost one result object per env
 * and step. Not thread-safe.
 */
public final class SyncVectorEnv implements VectorEnv {
    private final Env[] envs;
    private final InPlaceEnv[] inPlace;
    private final float[][] actionBuffers;
    private final Space observationSpace;
    private final Space actionSpace;
    private final int observationDim;
    private final int actionDim;
    private final EnvSeeding seeding;
    private final int groupSize;
    private final boolean[] groupPending;
    /** Per env, the seed of the last {@link #reset}: what static seeding autoresets with. */
    private final Long[] resetSeeds;
    private boolean resetDone;
    private boolean closed;

    /**
     * Creates {@code numEnvs} envs with {@code factory} and {@link EnvSeeding#DYNAMIC} seeding;
     * they must all have the same spaces.
     *
     * @throws IllegalArgumentException if {@code numEnvs} is not positive or the envs' spaces differ
     */
    public SyncVectorEnv(Supplier<? extends Env> factory, int numEnvs) {
        this(factory, numEnvs, EnvSeeding.DYNAMIC);
    }

    /**
     * Creates {@code numEnvs} envs with {@code factory}; they must all have the same spaces.
     *
     * @param seeding how autoresets seed the next episode
     * @throws IllegalArgumentException if {@code numEnvs} is not positive or the envs' spaces differ
     */
    public SyncVectorEnv(Supplier<? extends Env> factory, int numEnvs, EnvSeeding seeding) {
        this(factory, numEnvs, seeding, 1);
    }

    /**
     * Creates {@code numEnvs} envs with {@code factory} in {@code groups} pipelining groups; they
     * must all have the same spaces.
     *
     * @param seeding how autoresets seed the next episode
     * @param groups the number of pipelining groups G; N must be a multiple of G
     * @throws IllegalArgumentException if {@code numEnvs} or {@code groups} is not positive, G does
     *     not divide N, or the envs' spaces differ
     */
    public SyncVectorEnv(Supplier<? extends Env> factory, int numEnvs, EnvSeeding seeding, int groups) {
        this.seeding = Objects.requireNonNull(seeding, "seeding");
        if (numEnvs <= 0) {
            throw new IllegalArgumentException("A vector env needs at least one env, got numEnvs = " + numEnvs + ".");
        }
        if (groups <= 0 || numEnvs % groups != 0) {
            throw new IllegalArgumentException("numEnvs (" + numEnvs + ") must be a positive multiple of groups (" + groups + ").");
        }
        groupSize = numEnvs / groups;
        groupPending = new boolean[groups];
        envs = new Env[numEnvs];
        resetSeeds = new Long[numEnvs];
        inPlace = new InPlaceEnv[numEnvs];
        for (int i = 0; i < numEnvs; i++) {
            envs[i] = factory.get();
            inPlace[i] = envs[i] instanceof InPlaceEnv direct ? direct : null;
        }
        observationSpace = envs[0].observationSpace();
        actionSpace = envs[0].actionSpace();
        for (int i = 1; i < numEnvs; i++) {
            if (!envs[i].observationSpace().equals(observationSpace) || !envs[i].actionSpace().equals(actionSpace)) {
                close();
                throw new IllegalArgumentException("Env " + i + " has spaces " + envs[i].observationSpace() + " / "
                        + envs[i].actionSpace() + " but env 0 has " + observationSpace + " / " + actionSpace
                        + "; a vector env needs copies of one environment.");
            }
        }
        observationDim = observationSpace.flatDim();
        actionDim = actionSpace.flatDim();
        actionBuffers = new float[numEnvs][actionDim];
    }

    /**
     * {@code numEnvs} copies of the Java environment registered under {@code id}.
     *
     * @throws dev.ppo4j.env.UnknownEnvException if no Java env has that id
     */
    public static SyncVectorEnv make(String id, int numEnvs) {
        return new SyncVectorEnv(JavaEnvs.factory(id), numEnvs);
    }

    @Override
    public int numEnvs() {
        return envs.length;
    }

    @Override
    public Space singleObservationSpace() {
        return observationSpace;
    }

    @Override
    public Space singleActionSpace() {
        return actionSpace;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code observationsOut} has the wrong length or a seed is negative
     */
    @Override
    public void reset(Long seed, float[] observationsOut) {
        ensureOpen();
        requireLength("observationsOut", observationsOut, envs.length * observationDim);
        for (int i = 0; i < envs.length; i++) {
            Long envSeed = seed == null ? null : Math.addExact(seed, (long) i);
            resetEnv(i, envSeed, observationsOut);
            resetSeeds[i] = envSeed;
        }
        resetDone = true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Every action is checked before any env steps, so an invalid action leaves all envs as
     * they were.
     *
     * @throws InvalidActionException if {@code actions} has the wrong length or an action lies outside the action space
     * @throws EpisodeEndedException if {@link #reset} was never called
     */
    @Override
    public void step(float[] actions, VectorStep out) {
        checkSteppable(out);
        if (actions.length != envs.length * actionDim) {
            throw new InvalidActionException("The vector env takes " + envs.length + " × " + actionDim + " = "
                    + envs.length * actionDim + " actions, flat, got " + actions.length + ".");
        }
        keepActions(0, envs.length, actions);
        stepEnvs(0, envs.length, out);
    }

    @Override
    public int numGroups() {
        return groupPending.length;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here the group's actions are checked and kept; {@link #stepWait} steps the group.
     */
    @Override
    public void stepAsync(int group, float[] groupActions) {
        ensureOpen();
        checkGroup(group);
        if (groupPending[group]) {
            throw new IllegalStateException("Group " + group + " is already stepping: call stepWait(" + group + ", out) first.");
        }
        if (groupActions.length != groupSize * actionDim) {
            throw new InvalidActionException("A group takes " + groupSize + " × " + actionDim + " = "
                    + groupSize * actionDim + " actions, flat, got " + groupActions.length + ".");
        }
        keepActions(group * groupSize, groupSize, groupActions);
        groupPending[group] = true;
    }

    @Override
    public void stepWait(int group, VectorStep out) {
        checkGroup(group);
        checkSteppable(out);
        if (!groupPending[group]) {
            throw new IllegalStateException("Group " + group + " is not stepping: call stepAsync(" + group + ", actions) first.");
        }
        groupPending[group] = false;
        stepEnvs(group * groupSize, groupSize, out);
    }

    /** Copies and checks the actions of envs {@code [first, first + count)}; none steps until all passed. */
    private void keepActions(int first, int count, float[] actions) {
        for (int j = 0; j < count; j++) {
            float[] action = actionBuffers[first + j];
            System.arraycopy(actions, j * actionDim, action, 0, actionDim);
            if (!actionSpace.contains(action)) {
                throw new InvalidActionException("The action of env " + (first + j) + ", " + Arrays.toString(action)
                        + ", lies outside the action space " + actionSpace.toJson() + "; nothing was stepped.");
            }
        }
    }

    private void stepEnvs(int first, int count, VectorStep out) {
        for (int i = first; i < first + count; i++) {
            stepEnv(i, out);
            if (out.terminated[i] || out.truncated[i]) {
                System.arraycopy(out.observations, i * observationDim, out.finalObservations, i * observationDim, observationDim);
                resetEnv(i, seeding == EnvSeeding.STATIC ? resetSeeds[i] : null, out.observations);
            }
        }
    }

    private void checkSteppable(VectorStep out) {
        ensureOpen();
        if (!resetDone) {
            throw new EpisodeEndedException("The vector env has not been reset: call reset(seed, observations) before step().");
        }
        if (out.numEnvs() != envs.length || out.observationDim() != observationDim) {
            throw new IllegalArgumentException("The VectorStep holds " + out.numEnvs() + " × " + out.observationDim()
                    + " observations but this vector env needs " + envs.length + " × " + observationDim
                    + "; allocate it with new VectorStep(numEnvs(), observationDim()).");
        }
    }

    private void checkGroup(int group) {
        if (group < 0 || group >= groupPending.length) {
            throw new IllegalArgumentException("Group " + group + " does not exist; this vector env has groups 0 to "
                    + (groupPending.length - 1) + ".");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Env env : envs) {
            if (env != null) {
                env.close();
            }
        }
    }

    private void stepEnv(int i, VectorStep out) {
        if (inPlace[i] != null) {
            inPlace[i].stepInto(actionBuffers[i], out, i);
            return;
        }
        StepResult result = envs[i].step(actionBuffers[i]);
        requireLength("env " + i + "'s observation", result.observation(), observationDim);
        System.arraycopy(result.observation(), 0, out.observations, i * observationDim, observationDim);
        out.rewards[i] = result.reward();
        out.terminated[i] = result.terminated();
        out.truncated[i] = result.truncated();
    }

    private void resetEnv(int i, Long seed, float[] observationsOut) {
        if (inPlace[i] != null) {
            inPlace[i].resetInto(seed, Map.of(), observationsOut, i * observationDim);
            return;
        }
        float[] observation = envs[i].reset(seed, Map.of()).observation();
        requireLength("env " + i + "'s observation", observation, observationDim);
        System.arraycopy(observation, 0, observationsOut, i * observationDim, observationDim);
    }

    private void ensureOpen() {
        if (closed) {
            throw new EnvClosedException("The vector env was closed; create a new one to keep going.");
        }
    }

    private static void requireLength(String what, float[] array, int length) {
        if (array.length != length) {
            throw new IllegalArgumentException(what + " has length " + array.length + " but must have length " + length + ".");
        }
    }
}
