package dev.ppo4j.env;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.ppo4j.bridge.PythonRuntime;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a reference oracle of the test fixtures ({@code python/tests/fixtures/ppo4j_testing}, on
 * {@code PYTHONPATH} in test runs) in the project's venv, feeding it a JSON request on stdin and
 * parsing the JSON it prints: the reference values Java ports are compared against come from real
 * numpy and Gymnasium.
 */
public final class PythonReference {
    private static final long TIMEOUT_SECONDS = 120;

    private PythonReference() {}

    /** Runs {@code python -m module} with {@code requestJson} on stdin and returns its parsed stdout. */
    public static JsonElement run(String module, String requestJson) {
        ProcessBuilder builder = PythonRuntime.locate().module(module);
        builder.redirectError(ProcessBuilder.Redirect.PIPE);
        try {
            Process process = builder.start();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(requestJson.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("python -m " + module + " did not finish within " + TIMEOUT_SECONDS + " s.");
            }
            if (process.exitValue() != 0) {
                fail("python -m " + module + " exited with " + process.exitValue() + ":\n" + stderr.join());
            }
            return JsonParser.parseString(stdout.join());
        } catch (IOException e) {
            throw new IllegalStateException("Could not run python -m " + module + "; run ./ppo4j --help once to create .venv.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for python -m " + module + ".", e);
        }
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
