package dev.ppo4j.train;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.env.VectorStep;
import dev.ppo4j.env.spaces.Box;
import dev.ppo4j.env.spaces.Discrete;
import dev.ppo4j.env.spaces.Space;
import dev.ppo4j.model.PolicyNames;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs an exported {@code policy.onnx} in ONNX Runtime for whole episodes with fixed
 * evaluation seeds: episode k starts with {@code reset(seed + k)}, and the action is the
 * file's deterministic {@code action} output. Python's {@code python -m ppo4j.run_policy}
 * follows the same protocol, so both give the same returns for the same file and seeds.
 */
public final class PolicyEvaluator implements AutoCloseable {
    /** The first evaluation seed unless told otherwise, so that evaluations of different runs meet the same episodes. */
    public static final long DEFAULT_SEED = 1000;

    private static final Pattern IR_VERSION = Pattern.compile("IR version: (\\d+), max supported IR version: (\\d+)");
    /** ONNX Runtime prefixes its messages with the C++ file, line and function that raised them. */
    private static final Pattern SOURCE_LOCATION = Pattern.compile("\\S+\\.(cc|h):\\d+ [^)]*\\)\\s*");
    private static final String PASS_A_POLICY = "Pass the policy.onnx that ./ppo4j train wrote into its run directory.";

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final Path policyFile;
    private final OrtSession session;
    private final Map<String, String> metadata;

    /**
     * Loads an exported policy.
     *
     * @throws PolicyFileException if the file is not an ONNX model this ONNX Runtime loads, or
     *     not a ppo4j policy (no {@code obs} input or {@code action} output)
     */
    public PolicyEvaluator(Path policyFile) throws OrtException {
        this.policyFile = policyFile;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            session = env.createSession(policyFile.toString(), options);
        } catch (OrtException e) {
            throw new PolicyFileException(policyFile + " is not a policy ONNX Runtime can load: " + loadFailure(e) + ". "
                    + PASS_A_POLICY);
        }
        metadata = session.getMetadata().getCustomMetadata();
        if (!session.getInputNames().contains(PolicyNames.OBSERVATIONS) || !session.getOutputNames().contains(PolicyNames.ACTION)) {
            String found = "inputs " + session.getInputNames() + " and outputs " + session.getOutputNames();
            session.close();
            throw new PolicyFileException(policyFile + " is an ONNX model but not a ppo4j policy: it has " + found
                    + ", where a ppo4j policy takes '" + PolicyNames.OBSERVATIONS + "' and returns '" + PolicyNames.ACTION
                    + "'. " + PASS_A_POLICY);
        }
    }

    /** Why ONNX Runtime refused a file, in words, without its source locations. */
    private static String loadFailure(OrtException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Protobuf parsing failed")) {
            return "it is not an ONNX model, or it is cut short (the file could not be parsed)";
        }
        Matcher irVersion = IR_VERSION.matcher(message);
        if (irVersion.find()) {
            return "it was written for a newer ONNX Runtime (ONNX IR version " + irVersion.group(1) + "; this one reads up to "
                    + irVersion.group(2) + ")";
        }
        String detail = message.substring(message.indexOf("failed:") < 0 ? 0 : message.indexOf("failed:") + "failed:".length());
        return SOURCE_LOCATION.matcher(detail).replaceAll("").strip();
    }

    /**
     * Checks that the policy reads the env's observations and acts in its action space.
     *
     * @param envs the envs it is to run on
     * @param envId the env's id, for the message
     * @throws PolicyFileException naming both sizes and the env the policy was trained on
     */
    public void checkFits(VectorEnv envs, String envId) throws OrtException {
        long observations = lastDimension(session.getInputInfo().get(PolicyNames.OBSERVATIONS));
        if (observations != envs.observationDim()) {
            throw mismatch("expects observations of " + observations + " values but " + envId + " gives " + envs.observationDim());
        }
        Space actions = envs.singleActionSpace();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        if (outputs.containsKey(PolicyNames.LOGITS)) {
            long choices = lastDimension(outputs.get(PolicyNames.LOGITS));
            if (!(actions instanceof Discrete discrete) || discrete.n() != choices) {
                throw mismatch("chooses among " + choices + " discrete actions but " + envId + " has the action space " + actions);
            }
        } else {
            long values = lastDimension(outputs.get(PolicyNames.ACTION));
            if (!(actions instanceof Box) || values != envs.actionDim()) {
                throw mismatch("outputs " + values + " continuous action values but " + envId + " has the action space " + actions);
            }
        }
    }

    private PolicyFileException mismatch(String what) {
        return new PolicyFileException(policyFile + " " + what + ". Pass the env the policy was trained on (its metadata says env_id="
                + metadata.getOrDefault("env_id", "nothing") + ") with --env, or a policy trained on this env.");
    }

    private static long lastDimension(NodeInfo node) {
        long[] shape = ((TensorInfo) node.getInfo()).getShape();
        return shape[shape.length - 1];
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
