package dev.ppo4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.gson.Gson;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.metrics.VenvPython;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported policy against the engine's policy graph with Java-side normalisation, in Java
 * ONNX Runtime and in Python onnxruntime, for a Gaussian and a categorical head.
 */
class PolicyExportTest {
    private static final int CASES = 1000;

    @TempDir
    Path dir;

    record Exported(String name, ModelSpec spec, Parameters params, ObservationNormalization norm,
                    float[] low, float[] high, Map<String, String> metadata) {
    }

    static Exported gaussian() {
        ModelSpec spec = ModelSpec.standard(11, new ActionHead.Gaussian(3));
        return new Exported("gaussian", spec, randomParameters(spec, 1), randomNormalization(11, 2),
                new float[] {-1f, -0.5f, -1f}, new float[] {1f, 0.5f, 0.25f}, metadata("Hopper-v5"));
    }

    static Exported categorical() {
        ModelSpec spec = new ModelSpec(4, new ActionHead.Categorical(3), List.of(32, 16), Activation.RELU);
        return new Exported("categorical", spec, randomParameters(spec, 3), randomNormalization(4, 4), null, null,
                metadata("CartPole-v1"));
    }

    private static Map<String, String> metadata(String env) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ppo4j.env_id", env);
        m.put("ppo4j.seed", "7");
        m.put("ppo4j.config", "{\"objective\": \"clip\", \"note\": \"ünïcode ok\"}");
        return m;
    }

    /** Orthogonal init with noise, so that actions hit the bounds and logits differ clearly. */
    private static Parameters randomParameters(ModelSpec spec, long seed) {
        float[] p = Parameters.initialise(spec, seed).values();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < p.length; i++) {
            p[i] += (float) (0.2 * r.nextGaussian());
        }
        return Parameters.fromFlat(spec, p);
    }

    private static ObservationNormalization randomNormalization(int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] mean = new double[dim];
        double[] var = new double[dim];
        for (int i = 0; i < dim; i++) {
            mean[i] = 3 * r.nextGaussian();
            var[i] = Math.exp(2 * r.nextGaussian());
        }
        return new ObservationNormalization(mean, var, 1e-8, 10.0);
    }

    /** Raw observations around the statistics, with some far enough out to hit the ±10 clip. */
    private static float[] rawObservations(ObservationNormalization norm, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] mean = norm.mean();
        double[] var = norm.variance();
        float[] obs = new float[n * mean.length];
        for (int i = 0; i < obs.length; i++) {
            int d = i % mean.length;
            double spread = i % 97 == 0 ? 15 : 1.5;
            obs[i] = (float) (mean[d] + spread * Math.sqrt(var[d]) * r.nextGaussian());
        }
        return obs;
    }

    /** Runs the exported file in Java ONNX Runtime, checks it against the engine, returns its outputs. */
    private static Map<String, float[]> checkAgainstEngine(Exported e, Path file, float[] raw) throws Exception {
        ModelSpec spec = e.spec();
        int width = spec.actionWidth();
        float[] normalised = new float[raw.length];
        e.norm().apply(raw, CASES, normalised);
        float[] dist = new float[CASES * width];
        float[] values = new float[CASES];
        try (Engine engine = Engine.open(e.params())) {
            engine.policy().forward(normalised, CASES, dist, values);
        }
        Map<String, float[]> outputs = new LinkedHashMap<>();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(raw), new long[] {CASES, spec.observationDim()});
             OrtSession.Result result = session.run(Map.of(PolicyNames.OBSERVATIONS, input))) {
            assertEquals(e.metadata(), Map.copyOf(session.getMetadata().getCustomMetadata()));
            List<String> names = new ArrayList<>();
            result.forEach(entry -> names.add(entry.getKey()));
            assertEquals(spec.isGaussian() ? List.of(PolicyNames.ACTION, PolicyNames.MEAN, PolicyNames.LOG_STD, PolicyNames.VALUE)
                    : List.of(PolicyNames.ACTION, PolicyNames.LOGITS, PolicyNames.VALUE), names);
            String distName = spec.isGaussian() ? PolicyNames.MEAN : PolicyNames.LOGITS;
            float[] exportedDist = floats(result, distName);
            float[] exportedValues = floats(result, PolicyNames.VALUE);
            assertArrayEquals(dist, exportedDist, 1e-5f, distName);
            assertArrayEquals(values, exportedValues, 1e-5f, PolicyNames.VALUE);
            outputs.put(distName, exportedDist);
            if (spec.isGaussian()) {
                float[] action = floats(result, PolicyNames.ACTION);
                int clippedCount = 0;
                for (int i = 0; i < action.length; i++) {
                    int j = i % width;
                    float expected = Math.max(e.low()[j], Math.min(e.high()[j], dist[i]));
                    clippedCount += expected != dist[i] ? 1 : 0;
                    assertEquals(expected, action[i], 1e-5f, "action " + i);
                }
                assertTrue(clippedCount > 0 && clippedCount < action.length, "some actions must hit the bounds");
                assertArrayEquals(e.params().tensor(PolicyNames.LOG_STD), floats(result, PolicyNames.LOG_STD));
                outputs.put(PolicyNames.ACTION, action);
                outputs.put(PolicyNames.LOG_STD, floats(result, PolicyNames.LOG_STD));
            } else {
                long[] action = ((OnnxTensor) result.get(PolicyNames.ACTION).orElseThrow()).getLongBuffer().array();
                float[] asFloat = new float[action.length];
                for (int b = 0; b < CASES; b++) {
                    int best = 0;
                    for (int j = 1; j < width; j++) {
                        best = dist[b * width + j] > dist[b * width + best] ? j : best;
                    }
                    assertEquals(best, action[b], "argmax of row " + b);
                    asFloat[b] = action[b];
                }
                outputs.put(PolicyNames.ACTION, asFloat);
            }
            outputs.put(PolicyNames.VALUE, exportedValues);
        }
        return outputs;
    }

    private static float[] floats(OrtSession.Result result, String name) {
        FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    @Test
    void exportedPolicyMatchesTheEngineInJavaAndInPythonOnnxRuntime() throws Exception {
        for (Exported e : List.of(gaussian(), categorical())) {
            Path policyDir = Files.createDirectories(dir.resolve(e.name()));
            Path file = policyDir.resolve("policy.onnx");
            Files.writeString(file, "an older policy that the export must replace");
            PolicyExport.export(e.params(), e.norm(), e.low(), e.high(), e.metadata(), file);
            try (Stream<Path> files = Files.list(policyDir)) {
                assertEquals(List.of(file), files.toList(), "no temporary file may be left behind");
            }
            float[] raw = rawObservations(e.norm(), CASES, 11);
            Map<String, float[]> outputs = checkAgainstEngine(e, file, raw);
            Map<String, Object> cases = new LinkedHashMap<>();
            cases.put("obs_dim", e.spec().observationDim());
            cases.put("discrete", !e.spec().isGaussian());
            cases.put("obs", raw);
            cases.put("output_names", new ArrayList<>(e.spec().isGaussian()
                    ? List.of(PolicyNames.ACTION, PolicyNames.MEAN, PolicyNames.LOG_STD, PolicyNames.VALUE) : List.of(PolicyNames.ACTION, PolicyNames.LOGITS, PolicyNames.VALUE)));
            cases.put("expected", outputs);
            cases.put("metadata", e.metadata());
            Files.writeString(policyDir.resolve("cases.json"), new Gson().toJson(cases), StandardCharsets.UTF_8);
        }
        runPythonParity(dir);
    }

    private static void runPythonParity(Path parityDir) throws IOException, InterruptedException {
        String report = VenvPython.runPytest("exported_policy_parity.py", Map.of("PPO4J_PARITY_DIR", parityDir.toString()));
        assertTrue(report.contains("2 passed"), report);
    }

    @Test
    void unboundedBoxActionsPassTheMeanThrough() throws Exception {
        Exported e = gaussian();
        float[] inf = {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY};
        float[] negInf = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        byte[] model = PolicyExport.build(e.params(), e.norm(), negInf, inf, Map.of()).toByteArray();
        float[] raw = rawObservations(e.norm(), 4, 5);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(raw), new long[] {4, 11});
             OrtSession.Result result = session.run(Map.of(PolicyNames.OBSERVATIONS, input))) {
            assertArrayEquals(floats(result, PolicyNames.MEAN), floats(result, PolicyNames.ACTION));
        }
    }

    @Test
    void mismatchedStatisticsOrBoundsAreRejectedWithAMessage() {
        Exported e = gaussian();
        IllegalArgumentException wrongDim = assertThrows(IllegalArgumentException.class, () -> PolicyExport.build(
                e.params(), ObservationNormalization.identity(5, 10), e.low(), e.high(), Map.of()));
        assertTrue(wrongDim.getMessage().contains("observes 11"), wrongDim.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PolicyExport.build(e.params(), e.norm(), null, null, Map.of()));
        IOException unwritable = assertThrows(IOException.class, () -> PolicyExport.export(e.params(), e.norm(),
                e.low(), e.high(), Map.of(), dir.resolve("missing/dir/policy.onnx")));
        assertTrue(unwritable.getMessage().contains("writable"), unwritable.getMessage());
    }
}
