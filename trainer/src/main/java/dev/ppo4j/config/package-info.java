/**
 * A run's configuration: {@link dev.ppo4j.config.TrainConfig} (one immutable record, each field
 * documented and defaulted, validated in one place), the bundled presets and config files that
 * {@link dev.ppo4j.config.ConfigFiles} reads and writes, the schedules, and the algorithm names.
 */
package dev.ppo4j.config;
