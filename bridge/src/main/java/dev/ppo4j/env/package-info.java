/**
 * Gymnasium-compatible environment API: {@link dev.ppo4j.env.Env} for one environment and
 * {@link dev.ppo4j.env.VectorEnv} for a batch stepped as one, with Gymnasium's names and
 * semantics. {@code terminated} and {@code truncated} are always reported separately.
 *
 * <p>Observations and actions travel as flat {@code float[]} vectors in the flat encoding of
 * their {@link dev.ppo4j.env.spaces.Space}: a Box's values in row-major order, a Discrete's
 * index, a MultiDiscrete's indices, a MultiBinary's 0/1 entries.
 *
 * <p>{@link dev.ppo4j.env.EnvProvider} makes a user's envs known to ppo4j without editing it
 * (through {@link java.util.ServiceLoader}), {@link dev.ppo4j.env.EnvFactory} makes one env from
 * keyword arguments, and {@link dev.ppo4j.env.RenderableEnv} lets an env offer Gymnasium's render
 * modes to Python.
 */
package dev.ppo4j.env;
