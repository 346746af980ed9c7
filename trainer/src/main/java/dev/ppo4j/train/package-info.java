/**
 * The shared on-policy core and the algorithms on it: the {@link dev.ppo4j.train.Trainer}'s
 * outer loop, the {@link dev.ppo4j.train.Collector} that steps the envs and fills the
 * {@link dev.ppo4j.train.RolloutBuffer} (GAE with truncation bootstrap), the
 * {@link dev.ppo4j.train.Algorithm} interface with each update rule behind it
 * ({@link dev.ppo4j.train.PpoAlgorithm}; {@link dev.ppo4j.train.TrpoAlgorithm} with its
 * {@link dev.ppo4j.train.ConjugateGradient} and {@link dev.ppo4j.train.LineSearch};
 * {@link dev.ppo4j.train.VpgAdaptiveAlgorithm}; both fit the critic with
 * {@link dev.ppo4j.train.CriticFit}), the {@link dev.ppo4j.train.TrainingState} that
 * checkpoints save and restore, and what a run leaves behind: its
 * {@link dev.ppo4j.train.RunDirectory} and the {@link dev.ppo4j.train.TrainedPolicy} it exports.
 */
package dev.ppo4j.train;
