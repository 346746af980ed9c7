package dev.ppo4j.bridge;

/**
 * How the JVM and its Python workers wait for each other's doorbell (the training config key
 * {@code worker_wait}). Spinning, polling for up to {@value WorkerProcess#SPIN_MICROS} µs (and
 * yielding the core between polls) before sleeping, saves a wake-up on each side at every step
 * when each process has a core of its own; when the run's processes, or several runs, share
 * cores, the polling takes CPU time that others need. Only the waiting changes: a run's results
 * are the same whatever the mode.
 */
public enum WorkerWait {
    /** Spin when the JVM and its workers fit in the machine's cores, else block (the default). */
    AUTO,
    /** Always poll briefly before sleeping (while waits stay that short). */
    SPIN,
    /** Always sleep at once in a blocking read. */
    BLOCK;

    /**
     * Whether waits spin.
     *
     * @param processes the processes that take turns: the JVM and the workers it starts
     * @param cores the machine's cores ({@link Runtime#availableProcessors()})
     */
    public boolean spins(int processes, int cores) {
        return this == SPIN || this == AUTO && processes <= cores;
    }

    /**
     * This mode for a run that shares the machine's cores with other runs (a grid running several
     * at a time): {@link #AUTO} becomes {@link #BLOCK}, since the cores that a lone run would
     * have to itself are not free; an explicit mode stays.
     */
    public WorkerWait amongOtherRuns() {
        return this == AUTO ? BLOCK : this;
    }
}
