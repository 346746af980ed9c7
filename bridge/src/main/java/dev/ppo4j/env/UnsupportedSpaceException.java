package dev.ppo4j.env;

/** A space the bridge cannot represent (the message names it). */
public class UnsupportedSpaceException extends EnvException {
    private static final long serialVersionUID = 1L;

    /** An error with a plain-sentence message. */
    public UnsupportedSpaceException(String message) {
        super(message);
    }
}
