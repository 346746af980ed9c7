/**
 * Gymnasium's fundamental spaces ({@link dev.ppo4j.env.spaces.Box},
 * {@link dev.ppo4j.env.spaces.Discrete}, {@link dev.ppo4j.env.spaces.MultiDiscrete},
 * {@link dev.ppo4j.env.spaces.MultiBinary}) over a flat {@code float[]} encoding.
 * Dict and Tuple observation spaces are flattened into one Box by the bridge, which records the
 * layout in {@link dev.ppo4j.env.spaces.Box#layout()}.
 */
package dev.ppo4j.env.spaces;
