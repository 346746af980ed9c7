/**
 * The actor-critic model: its description ({@link dev.ppo4j.model.ModelSpec}), its flat
 * parameter vector with seeded orthogonal initialisation ({@link dev.ppo4j.model.Parameters}).
 */
package dev.ppo4j.model;
