package dev.ppo4j.env;

/** The environment id is not registered (the message suggests close matches). */
public class UnknownEnvException extends EnvException {
    private static final long serialVersionUID = 1L;

    /** An error with a plain-sentence message. */
    public UnknownEnvException(String message) {
        super(message);
    }
}
