package dev.ppo4j.env;

/** A Python worker raised an exception; the message carries the Python traceback. */
public class WorkerException extends EnvException {
    private static final long serialVersionUID = 1L;

    /** An error with a plain-sentence message that ends with the Python traceback. */
    public WorkerException(String message) {
        super(message);
    }

    /** An error with a plain-sentence message and its cause. */
    public WorkerException(String message, Throwable cause) {
        super(message, cause);
    }
}
