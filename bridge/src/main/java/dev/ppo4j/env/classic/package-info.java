/**
 * Pure-Java ports of Gymnasium's classic-control reference environments,
 * {@link dev.ppo4j.env.classic.CartPoleEnv} ({@code CartPole-v1}) and
 * {@link dev.ppo4j.env.classic.PendulumEnv} ({@code Pendulum-v1}), as {@code gymnasium.make}
 * returns them: the time limit is built in and reported as {@code truncated}, separate from
 * {@code terminated}.
 *
 * <p>Both draw their initial states from {@link dev.ppo4j.env.random.NumpyGenerator}, so a
 * given seed and action sequence reproduce Gymnasium's observations, rewards and episode ends.
 * The only differences left are in the last bit of {@code sin}/{@code cos}, where Java's and the
 * C library's implementations round differently in rare cases.
 */
package dev.ppo4j.env.classic;
