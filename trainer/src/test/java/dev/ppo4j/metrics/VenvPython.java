package dev.ppo4j.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a module of the project's Python package (or pytest) with the project's venv python, found the way
 * the launcher sets it up: PPO4J_PYTHON, else {@code <home>/.venv/bin/python}, where home is
 * PPO4J_HOME or the first ancestor of the working directory holding {@code python/ppo4j/__init__.py}.
 */
public final class VenvPython {
    private VenvPython() {}

    /** The project's root directory. */
    public static Path home() {
        String fromEnv = System.getenv("PPO4J_HOME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("python/ppo4j/__init__.py"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No ancestor of " + Path.of("").toAbsolutePath()
                + " holds python/ppo4j/__init__.py; run the tests from the ppo4j checkout or set PPO4J_HOME.");
    }

    /** The venv's python executable. */
    public static Path python() {
        String fromEnv = System.getenv("PPO4J_PYTHON");
        Path python = fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : home().resolve(".venv/bin/python");
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("The project's Python " + python
                    + " does not exist; run ./ppo4j --help once to create .venv.");
        }
        return python;
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
        List<String> command = new ArrayList<>(List.of(python().toString(), "-m", module));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        builder.environment().put("PYTHONPATH", home().resolve("python").toString());
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
