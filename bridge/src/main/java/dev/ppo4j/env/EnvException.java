package dev.ppo4j.env;

/** Base of every environment error; its message says what went wrong and what to do. */
public class EnvException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a plain-sentence message. */
    public EnvException(String message) {
        super(message);
    }

    /** An error with a plain-sentence message and its cause. */
    public EnvException(String message, Throwable cause) {
        super(message, cause);
    }
}
