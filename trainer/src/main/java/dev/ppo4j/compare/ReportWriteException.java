package dev.ppo4j.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A file of a comparison report (a learning-curve image, {@code report.md} or {@code report.html})
 * could not be written. The message names the file and the reason the operating system gave.
 */
final class ReportWriteException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates the exception for one file.
     *
     * @param file the file that could not be written
     * @param cause the I/O failure
     */
    ReportWriteException(Path file, IOException cause) {
        super("Could not write the report file " + file + " (" + describe(cause) + "). "
                + "Check that the grid directory is writable and that the disk is not full.", cause);
        this.file = file;
    }

    /**
     * Returns the file that could not be written.
     *
     * @return the file's path
     */
    Path file() {
        return file;
    }

    private static String describe(IOException cause) {
        String message = cause.getMessage();
        String kind = cause.getClass().getSimpleName();
        return message == null ? kind : kind + ": " + message;
    }
}
