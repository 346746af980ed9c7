/**
 * Proximal Policy Optimisation: the configuration ({@link dev.ppo4j.ppo.PpoConfig}, presets and
 * config files), the rollout buffer with GAE, observation and reward normalisation, and the
 * training loop.
 */
package dev.ppo4j.ppo;
