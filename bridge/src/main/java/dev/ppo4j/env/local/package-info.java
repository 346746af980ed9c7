/**
 * Environments stepped inside this JVM: the registry of pure-Java environments
 * ({@link dev.ppo4j.env.local.JavaEnvs}), a synchronous {@link dev.ppo4j.env.VectorEnv} over any
 * {@link dev.ppo4j.env.Env}s ({@link dev.ppo4j.env.local.SyncVectorEnv}), and the allocation-free
 * stepping interface it uses when an env offers it ({@link dev.ppo4j.env.local.InPlaceEnv}).
 */
package dev.ppo4j.env.local;
