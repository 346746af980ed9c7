package dev.ppo4j.train;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.env.VectorStep;
import dev.ppo4j.model.PolicyNames;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs an exported {@code policy.onnx} in ONNX Runtime for whole episodes with fixed
 * evaluation seeds: episode k starts with {@code reset(seed + k)}, and the action is the
 * file's deterministic {@code action} output. Python's {@code python -m ppo4j.run_policy}
 * follows the same protocol, so both give the same returns for the same file and seeds.
 */
public final class PolicyEvaluator implements AutoCloseable {
    /** The first evaluation seed unless told otherwise, so that evaluations of different runs meet the same episodes. */
    public static final long DEFAULT_SEED = 1000;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Map<String, String> metadata;

    /** Loads an exported policy. */
    public PolicyEvaluator(Path policyFile) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            session = env.createSession(policyFile.toString(), options);
        }
        metadata = session.getMetadata().getCustomMetadata();
    }

    /** The file's {@code metadata_props}. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Per-episode results. */
    public record Result(double[] returns, int[] lengths) {}

    /**
     * Runs {@code episodes} episodes on the single env of {@code envs}.
     *
     * @param seed episode k is reset with seed + k
     */
    public Result evaluate(VectorEnv envs, int episodes, long seed) throws OrtException {
        if (envs.numEnvs() != 1) {
            throw new IllegalArgumentException("Evaluation steps one env at a time; got " + envs.numEnvs() + ".");
        }
        int obsDim = envs.observationDim();
        int actDim = envs.actionDim();
        double[] returns = new double[episodes];
        int[] lengths = new int[episodes];
        float[] obs = new float[obsDim];
        float[] action = new float[actDim];
        VectorStep step = new VectorStep(1, obsDim);
        for (int k = 0; k < episodes; k++) {
            envs.reset(seed + k, obs);
            while (true) {
                act(obs, action);
                envs.step(action, step);
                returns[k] += step.rewards[0];
                lengths[k]++;
                if (step.episodeEnded(0)) {
                    break;
                }
                System.arraycopy(step.observations, 0, obs, 0, obsDim);
            }
        }
        return new Result(returns, lengths);
    }

    /** The policy's deterministic action for one raw observation. */
    public void act(float[] observation, float[] actionOut) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(observation), new long[] {1, observation.length});
                OrtSession.Result result = session.run(Map.of(PolicyNames.OBSERVATIONS, input), java.util.Set.of(PolicyNames.ACTION))) {
            OnnxValue value = result.get(PolicyNames.ACTION).orElseThrow();
            OnnxTensor tensor = (OnnxTensor) value;
            if (tensor.getInfo().type == ai.onnxruntime.OnnxJavaType.INT64) {
                LongBuffer b = tensor.getLongBuffer();
                for (int j = 0; j < actionOut.length; j++) {
                    actionOut[j] = b.get(j);
                }
            } else {
                FloatBuffer b = tensor.getFloatBuffer();
                b.get(actionOut, 0, actionOut.length);
            }
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
