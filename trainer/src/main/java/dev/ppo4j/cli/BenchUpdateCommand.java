package dev.ppo4j.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.engine.GraphNames;
import dev.ppo4j.engine.HyperParameters;
import dev.ppo4j.engine.LossConfig;
import dev.ppo4j.engine.Minibatch;
import dev.ppo4j.engine.PpoGraphs;
import dev.ppo4j.engine.StepInput;
import dev.ppo4j.engine.TrainStep;
import dev.ppo4j.model.ActionHead;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import dev.ppo4j.model.PolicyNames;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./ppo4j bench update}: times the train step for the default MuJoCo model, side by side
 * with the same graph run the naive way (fresh input tensors and ONNX Runtime-allocated outputs
 * every step), in alternating rounds so that load from other processes hits both alike.
 */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Time the PPO train step (Hopper-v5 sizes: obs 11, 3 Gaussian actions, 64-64 tanh,"
                + " minibatch 64, clip objective with value clipping) on one thread, next to the same graph"
                + " run without pinned buffers.")
final class BenchUpdateCommand implements Callable<Integer> {
    private static final int OBSERVATION_DIM = 11;
    private static final int ACTION_DIM = 3;
    private static final int UPDATE_MINIBATCHES = 10 * 32;

    @Option(names = "--json", description = "Print one JSON line instead of text.")
    boolean json;

    @Option(names = "--steps", defaultValue = "3000", description = "Timed minibatch steps per variant (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--rounds", defaultValue = "6", description = "Alternating rounds the steps are split into (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--minibatch", defaultValue = "64", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int minibatchSize;

    @Override
    public Integer call() throws OrtException {
        if (steps < rounds || rounds < 1 || minibatchSize < 1) {
            System.err.println("ppo4j: --rounds and --minibatch must be at least 1 and --steps at least --rounds.");
            return 2;
        }
        ModelSpec spec = ModelSpec.standard(OBSERVATION_DIM, new ActionHead.Gaussian(ACTION_DIM));
        LossConfig loss = LossConfig.defaults();
        byte[] graph = PpoGraphs.trainStep(spec, loss).toByteArray();
        int nodes = PpoGraphs.trainStep(spec, loss).getGraph().getNodeCount();
        Minibatch minibatch = randomMinibatch(minibatchSize, new SplittableRandom(1));
        HyperParameters hp = HyperParameters.defaults();
        int perRound = steps / rounds;
        double[] pinned = new double[rounds];
        double[] naive = new double[rounds];
        Parameters initial = Parameters.initialise(spec, 1);
        try (Engine engine = Engine.open(initial, loss); NaiveTrainStep baseline = new NaiveTrainStep(graph, initial, minibatch, hp)) {
            TrainStep trainStep = engine.trainStep();
            for (int i = 0; i < perRound; i++) {
                trainStep.step(minibatch, hp);
                baseline.step();
            }
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                for (int i = 0; i < perRound; i++) {
                    trainStep.step(minibatch, hp);
                }
                pinned[r] = (System.nanoTime() - start) / 1e3 / perRound;
                start = System.nanoTime();
                for (int i = 0; i < perRound; i++) {
                    baseline.step();
                }
                naive[r] = (System.nanoTime() - start) / 1e3 / perRound;
            }
        }
        double usPerStep = median(pinned);
        double best = Arrays.stream(pinned).min().orElseThrow();
        double naiveUs = median(naive);
        if (json) {
            System.out.printf(Locale.ROOT, "{\"us_per_step\": %.2f, \"us_per_step_best\": %.2f, \"steps_per_second\": %.1f,"
                    + " \"update_ms\": %.2f, \"nodes\": %d, \"us_per_step_unpinned\": %.2f, \"minibatch\": %d,"
                    + " \"parameters\": %d}%n", usPerStep, best, 1e6 / usPerStep, usPerStep * UPDATE_MINIBATCHES / 1e3,
                    nodes, naiveUs, minibatchSize, spec.parameterCount());
        } else {
            System.out.printf(Locale.ROOT, "train step (Hopper-v5 sizes, %d parameters, minibatch %d, %d graph nodes),"
                    + " median of %d rounds:%n"
                    + "  %.1f µs per minibatch step (best round %.1f), %.0f steps/s;"
                    + " a 10 × 32-minibatch update takes %.1f ms%n"
                    + "  same graph without pinned buffers: %.1f µs per step (%.2f× slower)%n",
                    spec.parameterCount(), minibatchSize, nodes, rounds, usPerStep, best, 1e6 / usPerStep,
                    usPerStep * UPDATE_MINIBATCHES / 1e3, naiveUs, naiveUs / usPerStep);
        }
        return 0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /** Plausible inputs: unit-scale observations, actions near the initial mean, ratios near 1. */
    private static Minibatch randomMinibatch(int size, SplittableRandom random) {
        float[] obs = gaussian(size * OBSERVATION_DIM, 1.0, 0.0, random);
        float[] actions = gaussian(size * ACTION_DIM, 1.0, 0.0, random);
        float[] oldLogProbs = gaussian(size, 0.5, -0.5 * ACTION_DIM * (1 + Math.log(2 * Math.PI)), random);
        float[] advantages = gaussian(size, 1.0, 0.0, random);
        float[] returns = gaussian(size, 1.0, 0.0, random);
        float[] oldValues = gaussian(size, 0.1, 0.0, random);
        return new Minibatch(size, obs, actions, oldLogProbs, advantages, returns, oldValues, null, null);
    }

    private static float[] gaussian(int n, double scale, double mean, SplittableRandom random) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (mean + scale * random.nextGaussian());
        }
        return out;
    }

    /**
     * The baseline: the same graph, but every step wraps fresh tensors around Java arrays and
     * lets ONNX Runtime allocate the outputs, which are then copied back into the arrays.
     */
    private static final class NaiveTrainStep implements AutoCloseable {
        private final OrtEnvironment env = OrtEnvironment.getEnvironment();
        private final OrtSession session;
        private final Minibatch mb;
        private final float[] params;
        private final float[] m;
        private final float[] v;
        private final HyperParameters hp;
        private long t;

        NaiveTrainStep(byte[] graph, Parameters initial, Minibatch mb, HyperParameters hp) throws OrtException {
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                session = env.createSession(graph, options);
            }
            this.mb = mb;
            this.params = initial.values();
            this.m = new float[params.length];
            this.v = new float[params.length];
            this.hp = hp;
        }

        void step() throws OrtException {
            t++;
            int n = mb.size();
            List<OnnxTensor> created = new ArrayList<>();
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try {
                put(inputs, created, GraphNames.PARAMS, params, params.length);
                put(inputs, created, GraphNames.ADAM_M, m, m.length);
                put(inputs, created, GraphNames.ADAM_V, v, v.length);
                put(inputs, created, PolicyNames.OBSERVATIONS, mb.observations(), n, OBSERVATION_DIM);
                put(inputs, created, GraphNames.ACTIONS, mb.actions(), n, ACTION_DIM);
                put(inputs, created, GraphNames.OLD_LOG_PROB, mb.oldLogProbs(), n);
                put(inputs, created, GraphNames.ADVANTAGES, mb.advantages(), n);
                put(inputs, created, GraphNames.RETURNS, mb.returns(), n);
                put(inputs, created, GraphNames.OLD_VALUES, mb.oldValues(), n);
                for (StepInput key : StepInput.values()) {
                    if (session.getInputNames().contains(key.graphName())) {
                        put(inputs, created, key.graphName(), new float[] {(float) key.valueAt(hp, t)});
                    }
                }
                try (OrtSession.Result result = session.run(inputs)) {
                    copy(result, GraphNames.PARAMS_OUT, params);
                    copy(result, GraphNames.ADAM_M_OUT, m);
                    copy(result, GraphNames.ADAM_V_OUT, v);
                }
            } finally {
                created.forEach(OnnxTensor::close);
            }
        }

        private void put(Map<String, OnnxTensor> inputs, List<OnnxTensor> created, String name, float[] data,
                         long... shape) throws OrtException {
            OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
            created.add(tensor);
            inputs.put(name, tensor);
        }

        private static void copy(OrtSession.Result result, String name, float[] into) {
            ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer().get(into);
        }

        @Override
        public void close() throws OrtException {
            session.close();
        }
    }
}
