package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ppo4j.config.ConfigFiles;
import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.env.local.SyncVectorEnv;
import dev.ppo4j.metrics.VenvPython;
import dev.ppo4j.model.PolicyNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Policies trained and exported by the real trainer, run in Java ONNX Runtime and in Python
 * onnxruntime (same outputs to 1e-5 on 1000 observations), evaluated by Java's
 * {@link PolicyEvaluator} on the pure-Java envs and by {@code python -m ppo4j.run_policy} on
 * Gymnasium's originals (same returns for the same seeds), with their provenance in
 * {@code metadata_props}.
 */
class ExportParityTest {
    private static final int OBSERVATIONS = 1000;
    private static final int EPISODES = 5;
    private static final long EVAL_SEED = 1000;
    private static final List<String> REQUIRED_METADATA = List.of("env_id", "observation_space", "action_space",
            "obs_norm_mean", "obs_norm_var", "obs_norm_epsilon", "obs_norm_clip", "config", "steps_trained", "seed",
            "ppo4j_version", "source_revision");

    @TempDir
    Path temp;

    /** A tiny trained policy, exported; quality is irrelevant here. */
    private record Case(String name, String gymnasiumId, TrainedPolicy policy, Path file) {}

    private Case train(String name, String gymnasiumId, TrainConfig config) throws Exception {
        TrainedPolicy policy = TrainingRuns.train(config).policy();
        Path file = Files.createDirectories(temp.resolve(name)).resolve("policy.onnx");
        policy.export(file);
        return new Case(name, gymnasiumId, policy, file);
    }

    @Test
    void exportedPoliciesAgreeBetweenJavaAndPython() throws Exception {
        List<Case> cases = List.of(
                train("pendulum", "Pendulum-v1", TrainingRuns.config("mujoco", "env_id=java:Pendulum-v1", "total_steps=4096")),
                train("cartpole", "CartPole-v1", TrainingRuns.config("cartpole", "total_steps=4096", "normalize_observations=true")),
                train("a2c-pendulum", "Pendulum-v1", TrainingRuns.config("a2c-mujoco", "env_id=java:Pendulum-v1", "total_steps=4096")));
        for (Case c : cases) {
            checkMetadata(c);
            writeJavaOutputs(c);
            checkEvaluationReturns(c);
        }
        String report = VenvPython.runPytest("exported_policy_parity.py", Map.of("PPO4J_PARITY_DIR", temp.toString()));
        assertTrue(report.contains(cases.size() + " passed"), report);
    }

    private static void checkMetadata(Case c) throws Exception {
        try (PolicyEvaluator evaluator = new PolicyEvaluator(c.file())) {
            Map<String, String> metadata = evaluator.metadata();
            for (String key : REQUIRED_METADATA) {
                assertTrue(metadata.containsKey(key) && !metadata.get(key).isBlank(), c.name() + ": metadata lacks " + key);
            }
            TrainConfig config = c.policy().config();
            int obsDim = c.policy().observationSpace().flatDim();
            assertEquals(config.envId(), metadata.get("env_id"));
            assertEquals(Long.toString(config.seed()), metadata.get("seed"));
            assertEquals(Long.toString((long) config.numUpdates() * config.batchSize()), metadata.get("steps_trained"));
            assertEquals(TrainedPolicy.VERSION, metadata.get("ppo4j_version"));
            assertEquals(obsDim, JsonParser.parseString(metadata.get("obs_norm_mean")).getAsJsonArray().size());
            assertEquals(obsDim, JsonParser.parseString(metadata.get("obs_norm_var")).getAsJsonArray().size());
            assertTrue(JsonParser.parseString(metadata.get("observation_space")).isJsonObject());
            assertTrue(JsonParser.parseString(metadata.get("action_space")).isJsonObject());
            JsonObject savedConfig = JsonParser.parseString(metadata.get("config")).getAsJsonObject();
            assertEquals(ConfigFiles.keys(), new ArrayList<>(savedConfig.keySet()), "the config in the metadata is not complete");
            assertEquals(config, ConfigFiles.resolve(new Gson().<Map<String, String>>fromJson(savedConfig,
                    new com.google.gson.reflect.TypeToken<Map<String, String>>() { }.getType())));
        }
    }

    /** Runs the file in Java ONNX Runtime on random observations and writes what exported_policy_parity.py expects. */
    private static void writeJavaOutputs(Case c) throws Exception {
        int obsDim = c.policy().observationSpace().flatDim();
        float[] obs = new float[OBSERVATIONS * obsDim];
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) (random.nextGaussian() * 3);
        }
        boolean discrete = !c.policy().parameters().spec().isGaussian();
        Map<String, float[]> expected = new LinkedHashMap<>();
        List<String> outputNames;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(c.file().toString(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(obs), new long[] {OBSERVATIONS, obsDim});
                OrtSession.Result result = session.run(Map.of(PolicyNames.OBSERVATIONS, input))) {
            outputNames = new ArrayList<>(session.getOutputNames());
            for (String name : outputNames) {
                OnnxTensor tensor = (OnnxTensor) result.get(name).orElseThrow();
                if (tensor.getInfo().type == OnnxJavaType.INT64) {
                    LongBuffer longs = tensor.getLongBuffer();
                    float[] values = new float[longs.remaining()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = longs.get(i);
                    }
                    expected.put(name, values);
                } else {
                    FloatBuffer floats = tensor.getFloatBuffer();
                    float[] values = new float[floats.remaining()];
                    floats.get(values);
                    expected.put(name, values);
                }
            }
        }
        assertEquals(discrete ? List.of(PolicyNames.ACTION, PolicyNames.LOGITS, PolicyNames.VALUE)
                : List.of(PolicyNames.ACTION, PolicyNames.MEAN, PolicyNames.LOG_STD, PolicyNames.VALUE), outputNames);
        float[] value = expected.get(PolicyNames.VALUE);
        assertFalse(allEqual(value), c.name() + ": the value output is constant over random observations");
        Map<String, Object> cases = new LinkedHashMap<>();
        cases.put("obs_dim", obsDim);
        cases.put("discrete", discrete);
        cases.put("obs", obs);
        cases.put("output_names", outputNames);
        cases.put("expected", expected);
        cases.put("metadata", c.policy().metadata());
        Files.writeString(c.file().resolveSibling("cases.json"), new Gson().toJson(cases), StandardCharsets.UTF_8);
    }

    /** Java's evaluator on the Java port against Python's run_policy on Gymnasium's env, seed for seed. */
    private static void checkEvaluationReturns(Case c) throws Exception {
        double[] javaReturns;
        int[] javaLengths;
        try (PolicyEvaluator evaluator = new PolicyEvaluator(c.file());
                SyncVectorEnv env = SyncVectorEnv.make(c.gymnasiumId(), 1)) {
            PolicyEvaluator.Result result = evaluator.evaluate(env, EPISODES, EVAL_SEED);
            javaReturns = result.returns();
            javaLengths = result.lengths();
        }
        JsonObject python = JsonParser.parseString(VenvPython.runModule("ppo4j.run_policy", "--policy", c.file().toString(),
                "--env", c.gymnasiumId(), "--episodes", Integer.toString(EPISODES), "--seed", Long.toString(EVAL_SEED), "--json"))
                .getAsJsonObject();
        JsonArray pythonReturns = python.getAsJsonArray("returns");
        JsonArray pythonLengths = python.getAsJsonArray("lengths");
        assertEquals(EPISODES, pythonReturns.size());
        for (int k = 0; k < EPISODES; k++) {
            double expected = pythonReturns.get(k).getAsDouble();
            assertEquals(pythonLengths.get(k).getAsInt(), javaLengths[k], c.name() + " episode " + k + " length");
            assertEquals(expected, javaReturns[k], 1e-4 * Math.max(1, Math.abs(expected)),
                    c.name() + " episode " + k + " (seed " + (EVAL_SEED + k) + "): Java " + javaReturns[k] + ", Python " + expected);
        }
    }

    private static boolean allEqual(float[] values) {
        for (float v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }
}
