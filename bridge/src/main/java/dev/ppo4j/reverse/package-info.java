/**
 * The bridge the other way: Java environments as Gymnasium environments in Python. The Python
 * package ({@code ppo4j.jvm}, {@code ppo4j.java_env}) starts one JVM per Python process running
 * {@link dev.ppo4j.reverse.EnvServer}, and every {@code gymnasium.make("ppo4j/...")} or
 * {@code gymnasium.make_vec(...)} of that process opens its envs there.
 *
 * <p>Control (open, render, close, listing providers' envs) goes through Py4J to
 * {@link dev.ppo4j.reverse.EnvHost}, on 127.0.0.1 with an OS-chosen port and a fresh token per
 * JVM, every reply JSON so that errors reach Python as plain messages. Resets and steps do not
 * touch Py4J: each Python env or vector env has a data block in shared memory (its layout in
 * {@code BlockLayout}), and one 8-byte doorbell over the JVM's stdin and stdout tells the JVM to
 * reset or step all N envs of a block at once ({@code HostedEnvs}, which also implements
 * Gymnasium's NEXT_STEP and SAME_STEP autoreset).
 *
 * <p>Envs are named by {@link dev.ppo4j.env.local.JavaEnvs} id (ppo4j's own and those of any
 * {@link dev.ppo4j.env.EnvProvider}) or by class name, each with an optional classpath that gets
 * a class loader of its own.
 */
package dev.ppo4j.reverse;
