package dev.ppo4j.compare;

import dev.ppo4j.config.ConfigException;

/**
 * A grid file, a grid option or a grid directory that cannot be used as given; the message
 * says which field or file, and how to fix it. A {@link ConfigException}, so the command line
 * prints it without a stack trace.
 */
public final class GridException extends ConfigException {
    private static final long serialVersionUID = 1L;

    /** With a plain-sentence message naming the problem and the fix. */
    public GridException(String message) {
        super(message);
    }
}
