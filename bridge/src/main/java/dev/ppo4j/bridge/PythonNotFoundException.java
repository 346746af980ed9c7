package dev.ppo4j.bridge;

import dev.ppo4j.env.EnvException;

/** No usable Python interpreter or ppo4j home was found (the message says how to provide one). */
public class PythonNotFoundException extends EnvException {
    private static final long serialVersionUID = 1L;

    /** An error with a plain-sentence message. */
    public PythonNotFoundException(String message) {
        super(message);
    }
}
