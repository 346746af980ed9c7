package dev.ppo4j.metrics;

import java.nio.file.Path;

/**
 * A metrics file that a resumed run must continue is not in the form ppo4j writes, so the run
 * cannot append to it without mixing up columns.
 */
public final class MetricsFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for one file.
     *
     * @param file the unreadable file
     * @param problem what is wrong with it, as a sentence fragment
     */
    public MetricsFormatException(Path file, String problem) {
        super("Cannot continue the metrics file " + file + ": " + problem + ". Restore the file written by "
                + "ppo4j, or move it out of the run directory to start it afresh.");
    }
}
