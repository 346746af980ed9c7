package dev.ppo4j.bridge;

/**
 * A worker was killed and restarted; the running episodes of its envs were reported as truncated.
 *
 * @param worker index of the worker
 * @param envIndices the env indices it hosts (vector indices; {@code [0]} for a single env)
 * @param reason why it was restarted
 * @param detail a plain-sentence description, with the worker's last stderr lines if any
 */
public record WorkerRestart(int worker, int[] envIndices, Reason reason, String detail) {

    /** Why a worker was restarted. */
    public enum Reason {
        /** The worker process exited or its connection broke. */
        DIED,
        /** A call exceeded its deadline; the worker was killed. */
        HUNG
    }

    /** Copies the indices. */
    public WorkerRestart {
        envIndices = envIndices.clone();
    }

    @Override
    public int[] envIndices() {
        return envIndices.clone();
    }

    /** Logs this restart as a warning and tells the listener. */
    void report(WorkerRestartListener listener) {
        System.getLogger(WorkerRestart.class.getName()).log(System.Logger.Level.WARNING,
                "Restarted worker " + worker + " (" + reason + "); the running episodes of envs "
                        + java.util.Arrays.toString(envIndices) + " were reported as truncated. " + detail);
        listener.onRestart(this);
    }
}
