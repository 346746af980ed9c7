package dev.ppo4j.env;

/** An action has the wrong length or lies outside the action space. */
public class InvalidActionException extends EnvException {
    private static final long serialVersionUID = 1L;

    /** An error with a plain-sentence message. */
    public InvalidActionException(String message) {
        super(message);
    }
}
