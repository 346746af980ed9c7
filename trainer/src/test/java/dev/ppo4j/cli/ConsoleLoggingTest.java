package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command line's diagnostics: one line each, unless the user configured a format of their own. */
class ConsoleLoggingTest {
    private static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";
    private String previous;

    @BeforeEach
    void forgetTheFormat() {
        previous = System.getProperty(FORMAT_PROPERTY);
        System.clearProperty(FORMAT_PROPERTY);
    }

    @AfterEach
    void restoreTheFormat() {
        if (previous == null) {
            System.clearProperty(FORMAT_PROPERTY);
        } else {
            System.setProperty(FORMAT_PROPERTY, previous);
        }
    }

    @Test
    void aDiagnosticIsOneLineWithItsLevel() {
        ConsoleLogging.install();
        String line = new SimpleFormatter().format(new LogRecord(Level.WARNING, "Restarted worker 0 (DIED)."));
        assertEquals("ppo4j WARNING: Restarted worker 0 (DIED)." + System.lineSeparator(), line);
    }

    @Test
    void aFormatOfTheUsersOwnIsKept() {
        System.setProperty(FORMAT_PROPERTY, "%4$s %5$s%n");
        ConsoleLogging.install();
        assertEquals("%4$s %5$s%n", System.getProperty(FORMAT_PROPERTY));
    }
}
