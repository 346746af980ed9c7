package dev.ppo4j.bridge;

/** How the per-step data block travels between Java and a worker. */
public enum Transport {
    /** A shared-memory file mapped by both sides, with a one-byte doorbell over the worker's stdin/stdout (fast). */
    SHARED_MEMORY,
    /** Packed bytes in one Py4J call per worker per step (slower; kept for comparison and for checks of Py4J itself). */
    PY4J
}
