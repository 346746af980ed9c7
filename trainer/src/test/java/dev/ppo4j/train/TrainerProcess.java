package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ppo4j.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./ppo4j} in a child JVM, as a user runs it: its own signals, exit code and console
 * output (stdout and stderr together, in a log file).
 */
final class TrainerProcess {
    private static final long TIMEOUT_SECONDS = 300;

    private TrainerProcess() {}

    /** What a finished child printed and returned. */
    record Result(int exitCode, String output) {}

    /** The command line of {@code ./ppo4j args...}: this JVM's java and classpath. */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts {@code command} with its output going to {@code log}. */
    static Process start(Path log, List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Runs {@code ./ppo4j args...} to its end and returns what it printed. */
    static Result run(Path log, String... args) throws IOException, InterruptedException {
        return finish(start(log, command(args)), log);
    }

    /** Waits for a started child (killing it after five minutes) and returns what it printed. */
    static Result finish(Process child, Path log) throws IOException, InterruptedException {
        try {
            if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the child did not finish within " + TIMEOUT_SECONDS + " s:\n" + output(log));
            }
            return new Result(child.exitValue(), output(log));
        } finally {
            child.destroyForcibly();
        }
    }

    /** What a running child must have got to. */
    interface Progress {
        /** Whether the child, which has printed {@code output} so far, has got there. */
        boolean reached(String output) throws Exception;
    }

    /** Waits (up to two minutes) until a running child has reached {@code progress}; fails if it ends before. */
    static void awaitProgress(Process child, Path log, Progress progress) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String output = output(log);
            if (!child.isAlive()) {
                fail("the run ended (" + child.exitValue() + ") before it got far enough:\n" + output);
            }
            if (progress.reached(output)) {
                return;
            }
            Thread.sleep(5);
        }
        child.destroyForcibly();
        fail("the run did not get far enough within 120 s:\n" + output(log));
    }

    /** The whole rows of a run's metrics.csv so far, without the header (none before the file exists). */
    static List<String> metricLines(Path run) {
        try {
            List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
            // A row being written may be cut short; only whole rows count.
            return lines.subList(Math.min(1, lines.size()), lines.size()).stream()
                    .filter(line -> line.split(",", -1).length == lines.get(0).split(",", -1).length).toList();
        } catch (IOException notYet) {
            return List.of();
        }
    }

    /** What the child has printed so far. */
    static String output(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
