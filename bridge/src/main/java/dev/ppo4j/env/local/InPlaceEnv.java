package dev.ppo4j.env.local;

import dev.ppo4j.env.Env;
import dev.ppo4j.env.VectorStep;
import java.util.Map;

/**
 * An {@link Env} that can also reset and step straight into a vector env's preallocated
 * buffers, so a {@link SyncVectorEnv} over it allocates nothing per step. Same semantics and
 * errors as {@link Env#reset} and {@link Env#step}.
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
