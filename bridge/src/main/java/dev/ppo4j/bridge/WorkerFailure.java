package dev.ppo4j.bridge;

/** A worker died or hung; the caller restarts it (never escapes the bridge). */
final class WorkerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final WorkerRestart.Reason reason;

    WorkerFailure(WorkerRestart.Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }
}
