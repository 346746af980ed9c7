/**
 * What a training run reports about itself: the per-update scalars and episode records written to
 * {@code metrics.csv}, TensorBoard event files and {@code learning_curve.png} in the run directory
 * ({@link dev.ppo4j.metrics.MetricsLogger}), their key names ({@link dev.ppo4j.metrics.MetricKeys}),
 * and the live progress display of {@code ./ppo4j train} ({@link dev.ppo4j.metrics.TrainingProgress}).
 */
package dev.ppo4j.metrics;
