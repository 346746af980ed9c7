package dev.ppo4j.env;

/** A step was requested after the episode ended, without a reset. */
public class EpisodeEndedException extends EnvException {
    private static final long serialVersionUID = 1L;

    /** An error with a plain-sentence message. */
    public EpisodeEndedException(String message) {
        super(message);
    }
}
