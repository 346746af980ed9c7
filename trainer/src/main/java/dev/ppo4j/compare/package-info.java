/**
 * Experiment grids: runs every env &times; seed &times; variant of a grid, measures the
 * random-policy baseline, computes the statistics ({@link dev.ppo4j.compare.Statistics},
 * {@link dev.ppo4j.compare.NormalizedScore}) and writes the report of {@code ./ppo4j compare}.
 */
package dev.ppo4j.compare;
