package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Short fixed-seed runs of {@code ./ppo4j train}, compared bit for bit with outputs recorded
 * before the on-policy core was refactored: every row of {@code metrics.csv} (without the
 * wall-clock columns) and of {@code episodes.csv}, and the exported {@code policy.onnx}'s outputs
 * on fixed observations. A refactor changes no number; a change that must move one re-records
 * the files with {@code -Dppo4j.golden.record=true} in its own commit, saying why.
 */
class GoldenRunsTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final int OBSERVATION_ROWS = 16;

    @TempDir
    Path temp;

    /** One golden run: its name, the train arguments, and whether it is interrupted and resumed. */
    record Case(String name, boolean resumed, String... args) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("cartpole-clip", false, "--env", "java:CartPole-v1", "--steps", "1024",
                        "--set", "objective=clip", "--set", "ent_coef=0.01"),
                new Case("cartpole-kl-adaptive-recompute", true, "--env", "java:CartPole-v1", "--steps", "1024",
                        "--set", "objective=kl-adaptive", "--set", "recompute_advantages=true",
                        "--set", "normalize_observations=true", "--set", "normalize_rewards=true",
                        "--set", "activation=relu", "--set", "checkpoint_interval=2"),
                new Case("pendulum-clip", false, "--env", "java:Pendulum-v1", "--preset", "mujoco", "--steps", "1024",
                        "--set", "num_envs=2", "--set", "rollout_steps=128", "--set", "minibatch_size=64",
                        "--set", "recompute_advantages=true"),
                new Case("invertedpendulum-clip", false, "--env", "InvertedPendulum-v5", "--steps", "512",
                        "--env-kwargs", "{\"max_episode_steps\": 30}",
                        "--set", "num_envs=2", "--set", "rollout_steps=64", "--set", "minibatch_size=32"),
                new Case("invertedpendulum-kl-adaptive-recompute", false, "--env", "InvertedPendulum-v5", "--steps", "512",
                        "--env-kwargs", "{\"max_episode_steps\": 30}",
                        "--set", "num_envs=2", "--set", "rollout_steps=64", "--set", "minibatch_size=32",
                        "--set", "objective=kl-adaptive", "--set", "recompute_advantages=true", "--set", "target_kl=0.02"),
                new Case("cartpole-a2c", true, "--env", "java:CartPole-v1", "--preset", "a2c-cartpole", "--steps", "2000",
                        "--set", "ent_coef=0.01", "--set", "log_interval=5", "--set", "checkpoint_interval=20"),
                new Case("pendulum-a2c", true, "--env", "java:Pendulum-v1", "--preset", "a2c-mujoco", "--steps", "1000",
                        "--set", "num_envs=2", "--set", "log_interval=10", "--set", "checkpoint_interval=40"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void runMatchesTheRecordedOutputsBitForBit(Case c) throws Exception {
        Path run = temp.resolve(c.name());
        RunFiles.run(Stream.concat(Stream.of("train", "--out", run.toString()), Arrays.stream(c.args())).toArray(String[]::new));
        if (c.resumed()) {
            // Drop the last checkpoint, then resume from the one before: exercises restoring every piece of state.
            try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
                Path last = files.max(Path::compareTo).orElseThrow();
                Files.delete(last);
            }
            RunFiles.run("train", "--resume", run.toString());
        }
        Map<String, String> actual = Map.of(
                "metrics.csv", RunFiles.metricsWithoutTimings(run),
                "episodes.csv", Files.readString(run.resolve("episodes.csv")),
                "policy_outputs.txt", policyOutputs(run.resolve("policy.onnx")));
        Path expectedDir = GOLDEN.resolve(c.name());
        if (Boolean.getBoolean("ppo4j.golden.record")) {
            Files.createDirectories(expectedDir);
            for (Map.Entry<String, String> e : actual.entrySet()) {
                Files.writeString(expectedDir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
        }
        for (Map.Entry<String, String> e : actual.entrySet()) {
            String expected = Files.readString(expectedDir.resolve(e.getKey()), StandardCharsets.UTF_8);
            assertEquals(expected, e.getValue(), c.name() + ": " + e.getKey() + " differs from the recorded run");
        }
    }

    /** Every output of the exported policy on fixed observations, one line per output, values in round-trip form. */
    private static String policyOutputs(Path policy) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(policy.toString(), new OrtSession.SessionOptions())) {
            Map.Entry<String, NodeInfo> input = session.getInputInfo().entrySet().iterator().next();
            int obsDim = (int) ((TensorInfo) input.getValue().getInfo()).getShape()[1];
            float[] observations = new float[OBSERVATION_ROWS * obsDim];
            for (int i = 0; i < observations.length; i++) {
                observations[i] = (float) (3 * Math.sin(0.37 * i + 0.1));
            }
            StringBuilder out = new StringBuilder();
            try (OnnxTensor obs = OnnxTensor.createTensor(env, FloatBuffer.wrap(observations), new long[] {OBSERVATION_ROWS, obsDim});
                    OrtSession.Result result = session.run(Map.of(input.getKey(), obs))) {
                for (Map.Entry<String, OnnxValue> output : result) {
                    out.append(output.getKey()).append(':').append(values((OnnxTensor) output.getValue())).append('\n');
                }
            }
            return out.toString();
        }
    }

    private static String values(OnnxTensor tensor) throws IOException {
        StringBuilder s = new StringBuilder();
        switch (tensor.getInfo().type) {
            case FLOAT -> {
                FloatBuffer b = tensor.getFloatBuffer();
                while (b.hasRemaining()) {
                    s.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(b.get())));
                }
            }
            case INT64 -> {
                LongBuffer b = tensor.getLongBuffer();
                while (b.hasRemaining()) {
                    s.append(' ').append(b.get());
                }
            }
            default -> throw new IOException("unexpected output type " + tensor.getInfo().type);
        }
        return s.toString();
    }
}
