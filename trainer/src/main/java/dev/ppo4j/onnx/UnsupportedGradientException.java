package dev.ppo4j.onnx;

/**
 * Thrown when a gradient is asked for through a node the differentiator cannot pass gradients
 * through (an operator without a gradient rule, or an unsupported configuration of one).
 */
public final class UnsupportedGradientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message a plain sentence naming the node and what to do instead
     */
    public UnsupportedGradientException(String message) {
        super(message);
    }
}
