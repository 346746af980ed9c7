package dev.ppo4j.metrics;

import dev.ppo4j.bridge.PythonRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python module (of the {@code ppo4j} package, of the test fixtures on {@code PYTHONPATH}, or
 * pytest) with the Python {@link PythonRuntime} finds.
 */
public final class VenvPython {
    private VenvPython() {}

    /** The project's root directory. */
    public static Path home() {
        return PythonRuntime.locate().home();
    }

    /** Runs {@code python -m module args...} and returns its standard output; fails on a non-zero exit. */
    public static String runModule(String module, String... args) throws IOException, InterruptedException {
        return runModule(module, Map.of(), args);
    }

    /**
     * Runs {@code python -m pytest} on a file of {@code python/tests} that needs files the Java side
     * wrote (named by {@code environment}); returns pytest's report and fails if any test fails.
     */
    public static String runPytest(String testFile, Map<String, String> environment) throws IOException, InterruptedException {
        return runModule("pytest", environment, "-q", "-p", "no:cacheprovider", home().resolve("python/tests").resolve(testFile).toString());
    }

    private static String runModule(String module, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        ProcessBuilder builder = PythonRuntime.locate().module(module, args);
        builder.environment().putAll(environment);
        List<String> command = builder.command();
        Path stderr = Files.createTempFile("ppo4j-python-", ".err");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + process.exitValue() + ":\n" + stdout
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return stdout;
        } finally {
            Files.deleteIfExists(stderr);
        }
    }
}
