/**
 * Environments stepped inside this JVM: the registry of pure-Java environments
 * ({@link dev.ppo4j.env.local.JavaEnvs}, which also owns the {@code java:} prefix that names them
 * in configs) and a synchronous {@link dev.ppo4j.env.VectorEnv} over any
 * {@link dev.ppo4j.env.Env}s ({@link dev.ppo4j.env.local.SyncVectorEnv}), which steps envs
 * implementing {@link dev.ppo4j.env.InPlaceEnv} without allocating.
 *
 * <p>Imports point one way: this package uses {@code env.classic} (the registry makes its envs);
 * {@code env.classic} knows nothing of this package.
 */
package dev.ppo4j.env.local;
