package dev.ppo4j.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.env.VectorStep;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Py4J data path: large replies do not stall, and it carries exactly what shared memory carries. */
class Py4jTransportTest {

    @Test
    void humanoidReplyLargerThan8KiBDoesNotStall() {
        try (PythonVectorEnv env = PythonVectorEnv.builder("Humanoid-v5").numEnvs(8).transport(Transport.PY4J).build()) {
            WorkerProcess worker = env.worker(0);
            assertTrue(worker.section(0).size > 8 * 1024, "one reply holds 8 × 348 float32 observations twice: " + worker.section(0).size + " bytes");
            assertEquals("{\"callback_no_delay\":[true]}", worker.socketOptions(), "the worker's Java-to-Python sockets use TCP_NODELAY");
            env.reset(0L, new float[8 * 348]);
            VectorStep out = new VectorStep(8, 348);
            float[] actions = new float[8 * 17];
            long[] nanos = new long[25];
            for (int t = 0; t < nanos.length; t++) {
                long start = System.nanoTime();
                env.step(actions, out);
                nanos[t] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            double medianMillis = nanos[nanos.length / 2] / 1e6;
            // A stall detector, not a speed target: a Nagle/delayed-ACK stall costs at least 40 ms per reply,
            // while 8 Humanoid steps take a few ms even on a loaded 2-core machine.
            assertTrue(medianMillis < 35, "median step " + medianMillis + " ms: the >8 KiB reply stalls");
        }
    }

    @Test
    void py4jAndSharedMemoryTransportsAgree() {
        float[][] results = new float[2][];
        Transport[] transports = {Transport.PY4J, Transport.SHARED_MEMORY};
        for (int k = 0; k < 2; k++) {
            try (PythonVectorEnv env = PythonVectorEnv.builder("InvertedPendulum-v5").numEnvs(4).workers(2)
                    .transport(transports[k]).build()) {
                float[] obs = new float[16];
                env.reset(3L, obs);
                VectorStep out = new VectorStep(4, 4);
                SplittableRandom rng = new SplittableRandom(4);
                float[] trace = new float[0];
                for (int t = 0; t < 30; t++) {
                    float[] actions = new float[4];
                    for (int i = 0; i < 4; i++) {
                        actions[i] = (float) (rng.nextDouble() * 6 - 3);
                    }
                    env.step(actions, out);
                    float[] row = Arrays.copyOf(out.observations, 16 + 4 + 4);
                    for (int i = 0; i < 4; i++) {
                        row[16 + i] = (float) out.rewards[i];
                        row[20 + i] = out.terminated[i] ? 1 : out.truncated[i] ? 2 : 0;
                    }
                    trace = concat(trace, row);
                }
                results[k] = trace;
            }
        }
        assertArrayEquals(results[0], results[1]);
    }

    @Test
    void killedWorkerIsRestartedOverPy4jToo() throws Exception {
        java.util.List<WorkerRestart> restarts = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (PythonVectorEnv env = PythonVectorEnv.builder("CartPole-v1").numEnvs(2).workers(2).transport(Transport.PY4J)
                .restartListener(restarts::add).build()) {
            env.reset(0L, new float[8]);
            VectorStep out = new VectorStep(2, 4);
            env.step(new float[] {0, 1}, out);
            ProcessHandle victim = ProcessHandle.of(env.workerPids()[0]).orElseThrow();
            victim.destroyForcibly();
            victim.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            env.step(new float[] {0, 1}, out);
            assertEquals(1, restarts.size());
            assertEquals(WorkerRestart.Reason.DIED, restarts.get(0).reason());
            assertTrue(out.truncated[0] && !out.truncated[1]);
            env.step(new float[] {1, 0}, out);
            assertTrue(!out.truncated[0] && !out.terminated[0], "the restarted worker steps on");
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
