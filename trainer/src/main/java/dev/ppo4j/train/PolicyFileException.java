package dev.ppo4j.train;

/**
 * A file given as a policy that ONNX Runtime cannot load, that is not a ppo4j policy, or that
 * does not fit the env it is asked to run; the message names the file, says which, and what to
 * pass instead.
 */
public final class PolicyFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a plain-sentence message. */
    public PolicyFileException(String message) {
        super(message);
    }
}
