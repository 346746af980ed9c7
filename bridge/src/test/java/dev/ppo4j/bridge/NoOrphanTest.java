package dev.ppo4j.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No worker survives its JVM, even when the JVM is killed with SIGKILL; a closed env lets its JVM
 * exit. With two groups the JVM dies or closes while both groups step, one of them hung
 * ({@link OrphanProbe}).
 */
class NoOrphanTest {

    @ParameterizedTest(name = "{0} group(s)")
    @ValueSource(ints = {1, 2})
    void workersExitWithinSecondsWhenTheirJvmIsSigkilled(int groups) throws Exception {
        Process child = probe("hold", groups);
        try {
            long[] pids = workerPids(child);
            for (long pid : pids) {
                assertTrue(TestEnvs.running(pid), "worker " + pid + " runs while its JVM lives");
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            assertEquals(List.of(), TestEnvs.stillRunningAfter(pids, 5000), "workers still running 5 s after their JVM was killed");
        } finally {
            child.destroyForcibly();
        }
    }

    /**
     * A stopped process runs no code, so nothing of its own can notice its parent's death: the
     * kernel must kill it (whatever the groups; pipelined, the default layout).
     */
    @Test
    void aStoppedWorkerDiesWithItsSigkilledJvm() throws Exception {
        Process child = probe("hold", 2);
        long[] pids = workerPids(child);
        try {
            assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(pids[0])).start().waitFor());
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            assertEquals(List.of(), TestEnvs.stillRunningAfter(pids, 5000), "workers still running 5 s after their JVM was killed");
        } finally {
            child.destroyForcibly();
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @ParameterizedTest(name = "{0} group(s)")
    @ValueSource(ints = {1, 2})
    void jvmExitsOnItsOwnOnceTheEnvIsClosed(int groups) throws Exception {
        Process child = probe("close", groups);
        try {
            long[] pids = workerPids(child);
            assertTrue(child.waitFor(15, TimeUnit.SECONDS), "no thread of the bridge keeps the JVM alive after close()");
            assertEquals(0, child.exitValue());
            assertEquals(List.of(), TestEnvs.stillRunningAfter(pids, 3000));
        } finally {
            child.destroyForcibly();
        }
    }

    private static Process probe(String mode, int groups) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OrphanProbe.class.getName(), mode,
                Integer.toString(groups))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static long[] workerPids(Process child) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        assertTrue(line != null && line.startsWith("pids "), "the probe JVM reports its workers, got: " + line);
        long[] pids = Arrays.stream(line.substring(5).split(" ")).mapToLong(Long::parseLong).toArray();
        assertEquals(2, pids.length);
        return pids;
    }
}
