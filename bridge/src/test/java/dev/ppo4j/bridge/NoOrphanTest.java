package dev.ppo4j.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** No worker survives its JVM, even when the JVM is killed with SIGKILL. */
class NoOrphanTest {

    @Test
    void workersExitWithinSecondsWhenTheirJvmIsSigkilled() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OrphanProbe.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = reader.readLine();
            assertTrue(line != null && line.startsWith("pids "), "the probe JVM reports its workers, got: " + line);
            long[] pids = Arrays.stream(line.substring(5).split(" ")).mapToLong(Long::parseLong).toArray();
            assertEquals(2, pids.length);
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
}
