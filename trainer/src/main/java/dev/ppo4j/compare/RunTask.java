package dev.ppo4j.compare;

import java.nio.file.Path;
import java.util.List;

/**
 * One command of a grid, as handed to an executor: a {@code ./ppo4j train} (or {@code eval})
 * process for one run.
 *
 * @param id the run's id, {@code VARIANT/ENV/seed-N}
 * @param command the full command line, program first
 * @param workingDirectory where it runs
 * @param log the file its standard output and error are appended to
 */
public record RunTask(String id, List<String> command, Path workingDirectory, Path log) {
    /** Copies the command. */
    public RunTask {
        command = List.copyOf(command);
    }

    /** How one task ended. */
    public record Outcome(String id, int exitCode, double seconds, String node, String error) {
        /** Whether the command exited with status 0. */
        public boolean succeeded() {
            return exitCode == 0;
        }
    }
}
