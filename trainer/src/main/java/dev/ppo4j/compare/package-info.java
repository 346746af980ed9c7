/**
 * Experiment grids: runs every env &times; seed &times; variant of a grid, measures the
 * random-policy baseline, computes the statistics ({@link dev.ppo4j.compare.Statistics},
 * {@link dev.ppo4j.compare.NormalizedScore}) and writes the report of {@code ./ppo4j compare}.
 *
 * <p>One invocation ({@link dev.ppo4j.compare.GridInvocation}) prepares the
 * {@link dev.ppo4j.compare.GridDirectory}, plans what its runs still lack
 * ({@link dev.ppo4j.compare.GridPlan}), measures the random policy where
 * {@link dev.ppo4j.compare.RandomBaselineCache} lacks it, runs the tasks on a
 * {@link dev.ppo4j.compare.RunExecutor} with a progress display
 * ({@link dev.ppo4j.compare.GridExecution}), then computes the report's numbers
 * ({@link dev.ppo4j.compare.GridSummary}) and renders them ({@link dev.ppo4j.compare.GridReport}).
 */
package dev.ppo4j.compare;
