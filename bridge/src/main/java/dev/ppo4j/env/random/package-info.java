/**
 * Random number generators. A bit-exact Java port of the numpy random stream that Gymnasium
 * seeds its environments with: {@link dev.ppo4j.env.random.SeedSequence} (numpy's {@code SeedSequence}),
 * {@link dev.ppo4j.env.random.Pcg64} (numpy's {@code PCG64} bit generator) and
 * {@link dev.ppo4j.env.random.NumpyGenerator} (the parts of {@code numpy.random.Generator} that
 * Gymnasium's reference environments use: {@code random} and {@code uniform}).
 *
 * <p>{@code NumpyGenerator.seeded(seed)} is what Gymnasium's {@code seeding.np_random(seed)}
 * returns, so a Java environment seeded with the same integer draws the same numbers as its
 * Python original.
 *
 * <p>{@link dev.ppo4j.env.random.SplitMix64} is the project's own generator, not numpy's: one
 * {@code long} of state that a checkpoint saves and restores exactly. The trainer draws its
 * sampling, shuffling and seed streams from it, the comparison its bootstrap resamples.
 */
package dev.ppo4j.env.random;
