package dev.ppo4j.engine;

/** ONNX Runtime failed to create or run one of the engine's sessions. */
public final class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Wraps a failure with a sentence saying what was being done.
     *
     * @param message what failed and what to do about it
     * @param cause the ONNX Runtime error
     */
    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * What to throw when allocating tensors or sessions failed: an ONNX Runtime error wrapped with
     * a sentence, any other error as it is.
     *
     * @param what what was being allocated, e.g. "the surrogate evaluation's tensors"
     * @param cause the failure
     * @return the exception to throw
     */
    static RuntimeException allocating(String what, Exception cause) {
        return cause instanceof RuntimeException runtime ? runtime
                : new EngineException("Could not allocate " + what + ": " + cause.getMessage(), cause);
    }
}
