package dev.ppo4j.env;

/** The environment was used after close(). */
public class EnvClosedException extends EnvException {
    private static final long serialVersionUID = 1L;

    /** An error with a plain-sentence message. */
    public EnvClosedException(String message) {
        super(message);
    }
}
