package dev.ppo4j.reverse;

import dev.ppo4j.env.EnvException;

/** A classpath entry given for a Java env is missing, or a class the env needs is not on it. */
public class ClasspathException extends EnvException {
    private static final long serialVersionUID = 1L;

    /** An error with a plain-sentence message. */
    public ClasspathException(String message) {
        super(message);
    }
}
