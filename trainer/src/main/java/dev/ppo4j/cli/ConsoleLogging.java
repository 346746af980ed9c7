package dev.ppo4j.cli;

import java.util.logging.LogManager;

/**
 * The look of diagnostics on the console: every record logged through {@link System.Logger}
 * (backed by {@code java.util.logging}) as one line on stderr, {@code ppo4j WARNING: message},
 * instead of the JDK's two lines with a timestamp and the calling method.
 */
final class ConsoleLogging {
    /** {@code java.util.logging.SimpleFormatter}'s format: level, message and, if any, the stack trace. */
    static final String FORMAT = "ppo4j %4$s: %5$s%6$s%n";
    private static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

    private ConsoleLogging() {}

    /**
     * Sets the one-line format unless a format of the user's own is configured (as a system
     * property or in a {@code java.util.logging.config.file}). Call it before anything logs: the
     * console handler reads the format when it is created.
     */
    static void install() {
        if (System.getProperty(FORMAT_PROPERTY) == null && LogManager.getLogManager().getProperty(FORMAT_PROPERTY) == null) {
            System.setProperty(FORMAT_PROPERTY, FORMAT);
        }
    }
}
