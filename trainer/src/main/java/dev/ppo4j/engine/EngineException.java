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
}
