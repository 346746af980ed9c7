package dev.ppo4j.train;

/** The loss or gradient became NaN or infinite; training stopped and the last good checkpoint was kept. */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a plain-sentence message naming the update and what to change. */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
