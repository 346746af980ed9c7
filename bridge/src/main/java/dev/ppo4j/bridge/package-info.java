/**
 * The bridge from Java to Python Gymnasium: {@link dev.ppo4j.bridge.PythonVectorEnv} and
 * {@link dev.ppo4j.bridge.PythonEnv} run environments in worker processes
 * ({@code python -m ppo4j.worker}) started from the project's virtual environment, which
 * {@link dev.ppo4j.bridge.PythonRuntime} locates.
 *
 * <p>Py4J is the control plane (start, spaces, reset, errors): every gateway listens on 127.0.0.1
 * only, on an OS-chosen port, with a fresh random auth token per worker handed over by environment
 * variable, and every socket sends with TCP_NODELAY. Per-step data travels through one packed
 * little-endian block per worker, in shared memory (a file under {@code /dev/shm} mapped by both
 * sides) with a one-byte doorbell over the worker's stdin and stdout; {@link Transport#PY4J} sends
 * the same block through Py4J calls instead. {@link dev.ppo4j.bridge.PythonVectorEnv#stepAsync} and
 * {@link dev.ppo4j.bridge.PythonVectorEnv#stepWait} pipeline groups of envs, so the workers step one
 * group while the caller computes the actions of another; {@link dev.ppo4j.bridge.EnvBenchmark}
 * ({@code ./ppo4j bench env}) measures the throughput against Gymnasium stepped directly in Python.
 *
 * <p>Every call has a deadline. A worker that dies or hangs is killed, restarted and re-seeded; its
 * envs report their running episodes as truncated and a {@link dev.ppo4j.bridge.WorkerRestart} is
 * logged and passed to the listener. Workers exit by themselves when their stdin closes or their
 * parent changes, so none outlives the JVM.
 *
 * <p>The bridge prints nothing itself: it reports through exceptions, listeners and
 * {@link System.Logger}, which carries worker restarts and non-finite values passed on (WARNING)
 * and every line a worker writes to its stderr (DEBUG).
 */
package dev.ppo4j.bridge;
