package dev.ppo4j.bridge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.env.WorkerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that attaches and then cannot be called: the error says whether it still runs or how
 * it exited, what the failed call reported, and the worker's last stderr lines
 * (python/tests/fixtures/ppo4j_testing/broken_worker.py).
 */
class BrokenWorkerMessageTest {
    @TempDir
    Path dir;

    @Test
    void aRefusedCallbackConnectionNamesThePortAndSaysTheWorkerStillRuns() throws IOException {
        WorkerException e = assertThrows(WorkerException.class, () -> start("refuse"));
        String message = e.getMessage();
        assertTrue(message.contains("is running but its connection failed while making the envs"), message);
        assertTrue(message.contains("a call to its Py4J callback server, 127.0.0.1:"), message);
        assertTrue(message.contains("Connection refused"), message);
        assertTrue(message.contains("The worker's last stderr lines:\n  broken worker: mode refuse"), message);
    }

    @Test
    void aWorkerThatExitsInItsFirstCallReportsItsExitCodeAndStderr() throws IOException {
        WorkerException e = assertThrows(WorkerException.class, () -> start("exit"));
        String message = e.getMessage();
        assertTrue(message.contains("exited with code 7 while making the envs"), message);
        assertFalse(message.contains("killed by signal"), message);
        assertTrue(message.contains("broken worker: exiting in openEnvs"), message);
    }

    /** Builds a vector env whose worker is {@code python -m ppo4j_testing.broken_worker mode}. */
    private void start(String mode) throws IOException {
        PythonRuntime real = PythonRuntime.locate();
        Path python = dir.resolve("python");
        Files.writeString(python, "#!/bin/sh\n# stands in for: python -m ppo4j.worker\nexec '" + real.python()
                + "' -m ppo4j_testing.broken_worker " + mode + "\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
        PythonRuntime broken = new PythonRuntime(real.home(), python, real.userPythonPath());
        PythonVectorEnv.builder("CartPole-v1").runtime(broken).build().close();
    }
}
