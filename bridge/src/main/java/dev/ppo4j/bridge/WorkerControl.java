package dev.ppo4j.bridge;

/**
 * The worker's control object, implemented in Python ({@code ppo4j.worker.Worker}) and called
 * through Py4J. JSON replies are {@code {"ok": ...}} or {@code {"error": {kind, type, message, traceback}}}.
 */
interface WorkerControl {

    /** Makes the envs and the data block; replies with spaces and block layout. */
    String openEnvs(String configJson);

    /** Resets every env with the given per-env seeds (null entries continue the stream) and options. */
    String reset(String seedsJson, String optionsJson);

    /** The whole data block (Py4J transport only). */
    byte[] readBlock();

    /** Steps one group with packed float32 actions; returns the group's packed section (Py4J transport only). */
    byte[] stepPacked(int group, byte[] actions);

    /** The last exception a step raised, with its traceback. */
    String lastError();

    /** Whether the worker's callback sockets have TCP_NODELAY set. */
    String socketOptions();
}
