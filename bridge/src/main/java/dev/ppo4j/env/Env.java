package dev.ppo4j.env;

import dev.ppo4j.env.spaces.Space;
import java.util.Map;

/**
 * One environment, with Gymnasium's {@code reset}/{@code step} contract.
 *
 * <p>After a step that returns {@code terminated} or {@code truncated}, the next call must be
 * {@link #reset}; stepping on is an {@link EpisodeEndedException}. Any call after {@link #close}
 * is an {@link EnvClosedException}.
 */
public interface Env extends AutoCloseable {

    /** The space observations are drawn from; observations use its flat encoding. */
    Space observationSpace();

    /** The space actions must lie in; actions use its flat encoding. */
    Space actionSpace();

    /**
     * Starts a new episode.
     *
     * @param seed seeds the environment's random stream when not null; null continues it
     * @param options environment-specific reset options (Gymnasium's {@code options}); may be empty
     */
    ResetResult reset(Long seed, Map<String, Object> options);

    /** Starts a new episode, continuing the environment's random stream. */
    default ResetResult reset() {
        return reset(null, Map.of());
    }

    /**
     * Advances the episode by one action.
     *
     * @throws InvalidActionException if the action has the wrong length or lies outside the action space
     */
    StepResult step(float[] action);

    /** Releases the environment; idempotent. */
    @Override
    void close();
}
