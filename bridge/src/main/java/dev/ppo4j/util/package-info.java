/**
 * Small helpers shared by both modules that belong to no domain package, such as the
 * "did you mean" suggestions of {@link dev.ppo4j.util.CloseMatches} used for env ids, config keys
 * and grid names, and the {@link dev.ppo4j.util.TempFiles} outputs are written to before their
 * rename. Depends on nothing else of ppo4j.
 */
package dev.ppo4j.util;
