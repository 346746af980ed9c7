package dev.ppo4j.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** Opens the engine's sessions with the options every one of them uses, and closes them with their tensors. */
final class Sessions {
    private Sessions() {}

    /**
     * One intra-op thread and sequential execution: the graphs are small, so threading costs
     * more than it saves, and a single thread keeps every run bit-for-bit reproducible.
     */
    static OrtSession open(OrtEnvironment env, byte[] model, String what) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return env.createSession(model, options);
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime could not load the " + what + " graph; this is a bug in the graph"
                    + " builder, please report it with the message: " + e.getMessage(), e);
        }
    }

    /**
     * Closes every resource that is not null, all of them even if one fails.
     *
     * @throws EngineException the first failure, after the others were closed
     */
    static void closeAll(AutoCloseable... resources) {
        EngineException failure = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new EngineException("ONNX Runtime failed to release a session or tensor: " + e.getMessage(), e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
