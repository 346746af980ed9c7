package dev.ppo4j.bridge;

/** Told about every worker restart (restarts are also logged as warnings through {@link System.Logger}). */
@FunctionalInterface
public interface WorkerRestartListener {

    /** Called on the stepping thread after the worker was restarted and re-seeded. */
    void onRestart(WorkerRestart restart);
}
