package dev.ppo4j.config;

/** A configuration value is missing, malformed, out of range or inconsistent; the message names the field and the fix. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a plain-sentence message. */
    public ConfigException(String message) {
        super(message);
    }
}
