package dev.ppo4j.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A metrics file of the run directory could not be written. The message names the file and the
 * reason the operating system gave.
 */
public final class MetricsWriteException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates the exception for one file.
     *
     * @param file the file that could not be written
     * @param cause the I/O failure
     */
    public MetricsWriteException(Path file, IOException cause) {
        this(file, "Could not write the metrics file " + file + " (" + describe(cause) + "). "
                + "Check that the run directory is writable and that the disk is not full.", cause);
    }

    private MetricsWriteException(Path file, String message, IOException cause) {
        super(message, cause);
        this.file = file;
    }

    /**
     * Creates the exception for a new run whose directory already holds this metrics file.
     *
     * @param file the existing file
     * @param cause the failure to create it anew
     * @return the exception
     */
    public static MetricsWriteException alreadyExists(Path file, IOException cause) {
        return new MetricsWriteException(file, "The run directory already holds " + file + " from another run. "
                + "Choose a new output directory, or resume that run to continue it.", cause);
    }

    /**
     * Returns the file that could not be written.
     *
     * @return the file's path
     */
    public Path file() {
        return file;
    }

    private static String describe(IOException cause) {
        String message = cause.getMessage();
        String kind = cause.getClass().getSimpleName();
        return message == null ? kind : kind + ": " + message;
    }
}
