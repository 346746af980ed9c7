package dev.ppo4j.env;

/** An observation or reward contained NaN or infinity (the message names env index and step). */
public class NonFiniteValueException extends EnvException {
    private static final long serialVersionUID = 1L;

    /** An error with a plain-sentence message. */
    public NonFiniteValueException(String message) {
        super(message);
    }
}
