/**
 * The benchmarks behind {@code ./ppo4j bench}: the train step next to a naive run of the same graph
 * ({@link dev.ppo4j.bench.UpdateBenchmark}) and a whole training run's speed and memory
 * ({@link dev.ppo4j.bench.TrainBenchmark}). They measure and return figures; the command line prints them.
 */
package dev.ppo4j.bench;
