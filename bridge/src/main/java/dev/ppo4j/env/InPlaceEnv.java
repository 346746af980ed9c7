package dev.ppo4j.env;

import java.util.Map;

/**
 * An {@link Env} that can also reset and step straight into a vector env's preallocated
 * buffers, so a vector env stepping it in this JVM ({@code env.local.SyncVectorEnv}) allocates
 * nothing per step. Same semantics and errors as {@link Env#reset} and {@link Env#step}.
 *
 * <p>It lives beside {@link Env} rather than with the vector env, so that the envs that offer it
 * ({@code env.classic}) and the vector env that uses it ({@code env.local}) both depend on this
 * package and not on each other.
 */
public interface InPlaceEnv extends Env {

    /**
     * {@link Env#reset}, writing the first observation to {@code observationsOut[offset, offset + dim)}.
     */
    void resetInto(Long seed, Map<String, Object> options, float[] observationsOut, int offset);

    /**
     * {@link Env#step}, writing the result into row {@code index} of {@code out}: the observation
     * to {@code out.observations}, the reward and the {@code terminated}/{@code truncated} flags.
     * {@code out.finalObservations} is left alone.
     */
    void stepInto(float[] action, VectorStep out, int index);
}
