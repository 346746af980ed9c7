package dev.ppo4j.compare;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/** Runs a grid's commands somewhere: on this machine ({@link LocalExecutor}) or on a Ray cluster ({@link RayExecutor}). */
public interface RunExecutor {
    /**
     * Gets ready to run tasks, before the grid's progress display starts: what it prints then
     * stands on lines of its own. Called only when there are tasks to run.
     *
     * @throws GridException if the executor cannot run tasks, saying what to do
     */
    default void prepare() throws IOException, InterruptedException {}

    /**
     * Runs every task and returns when all have ended. A failing task does not stop the others.
     *
     * @param onStart called when a task starts (from any thread)
     * @param onEnd called once per task with how it ended (from any thread)
     * @throws InterruptedException if interrupted; tasks still running are stopped first
     */
    void runAll(List<RunTask> tasks, Consumer<RunTask> onStart, Consumer<RunTask.Outcome> onEnd)
            throws IOException, InterruptedException;

    /**
     * Whether runs may share a machine's cores with each other: several at a time on this machine,
     * or tasks that a cluster packs onto a node by the CPUs each reserves.
     */
    boolean runsShareCores();

    /** A one-line description for logs and the report, e.g. "2 parallel runs on this machine". */
    String describe();
}
