package dev.ppo4j.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ppo4j.onnx.ElementType;
import java.util.HashMap;
import java.util.Map;

/**
 * TRPO's two products over the actor's parameters at the engine's current parameters θ_old: the
 * gradient g of the surrogate E[r·Â] on one batch ({@link TrpoGraphs#surrogateGradient}) and
 * Fisher-vector products F·v on that batch or a subsample of it
 * ({@link TrpoGraphs#fisherVectorProduct}). Vectors cross as double arrays for the conjugate
 * gradient in Java; the graphs run in float32. Every tensor is allocated once; a product
 * allocates none.
 *
 * <p>Not thread-safe.
 */
public final class NaturalGradient implements AutoCloseable {
    private final ParameterState state;
    private final int dimension;
    private final OrtSession gradientSession;
    private final OrtSession fisherSession;
    private final MinibatchTensors samples;
    private final MinibatchTensors fisherSamples;
    private final NativeTensor surrogate;
    private final NativeTensor gradient;
    private final NativeTensor vector;
    private final NativeTensor product;
    private final float[] scratch;
    private final Map<String, OnnxTensor> gradientInputs = new HashMap<>();
    private final Map<String, OnnxTensor> gradientOutputs = new HashMap<>();
    private final Map<String, OnnxTensor> fisherInputs = new HashMap<>();
    private final Map<String, OnnxTensor> fisherOutputs = new HashMap<>();

    NaturalGradient(OrtEnvironment env, ParameterState state, int batchSize, int fisherBatchSize) {
        this.state = state;
        this.dimension = TrpoGraphs.actorParameterCount(state.spec());
        this.scratch = new float[dimension];
        this.gradientSession = Sessions.open(env, TrpoGraphs.surrogateGradient(state.spec(), ElementType.FLOAT).toByteArray(),
                "surrogate gradient");
        OrtSession fisher = null;
        MinibatchTensors[] batches = new MinibatchTensors[2];
        NativeTensor[] owned = new NativeTensor[4];
        try {
            fisher = Sessions.open(env, TrpoGraphs.fisherVectorProduct(state.spec(), ElementType.FLOAT).toByteArray(),
                    "Fisher-vector product");
            batches[0] = new MinibatchTensors(env, state.spec(), gradientSession.getInputNames(), batchSize, "surrogate gradient");
            batches[1] = new MinibatchTensors(env, state.spec(), fisher.getInputNames(), fisherBatchSize,
                    "Fisher-vector product");
            owned[0] = NativeTensor.floats(env);
            for (int i = 1; i < owned.length; i++) {
                owned[i] = NativeTensor.floats(env, dimension);
            }
        } catch (OrtException | RuntimeException e) {
            Sessions.closeAll(gradientSession, fisher, batches[0], batches[1], owned[0], owned[1], owned[2], owned[3]);
            throw EngineException.allocating("the natural gradient's tensors", e);
        }
        this.fisherSession = fisher;
        this.samples = batches[0];
        this.fisherSamples = batches[1];
        this.surrogate = owned[0];
        this.gradient = owned[1];
        this.vector = owned[2];
        this.product = owned[3];
        samples.putInto(gradientInputs);
        gradientOutputs.put(GraphNames.SURROGATE, surrogate.tensor());
        gradientOutputs.put(GraphNames.GRADIENT, gradient.tensor());
        fisherSamples.putInto(fisherInputs);
        fisherInputs.put(GraphNames.VECTOR, vector.tensor());
        fisherOutputs.put(GraphNames.FISHER_VECTOR_PRODUCT, product.tensor());
    }

    /**
     * Length of the vectors: the actor's parameter count.
     *
     * @return {@link TrpoGraphs#actorParameterCount}
     */
    public int dimension() {
        return dimension;
    }

    /**
     * Loads the batches the products use.
     *
     * @param batch the samples of the surrogate: observations, actions, old log-probs, advantages
     * @param fisherBatch the samples of the Fisher-vector products: observations and the collecting
     *     policy's distribution (the whole batch, or a subsample of it)
     * @throws IllegalArgumentException if a size differs from the opened ones or a field is missing
     */
    public void load(Minibatch batch, Minibatch fisherBatch) {
        if (batch.size() != samples.size() || fisherBatch.size() != fisherSamples.size()) {
            throw new IllegalArgumentException("This natural gradient holds batches of " + samples.size() + " and "
                    + fisherSamples.size() + " samples, got " + batch.size() + " and " + fisherBatch.size() + ".");
        }
        samples.fill(batch);
        fisherSamples.fill(fisherBatch);
    }

    /**
     * The surrogate and its gradient with respect to the actor's parameters, at the current parameters.
     *
     * @param gradientOut receives the gradient, {@link #dimension()} values
     * @return the surrogate E[r·Â]
     * @throws EngineException if ONNX Runtime fails
     */
    public double surrogateGradient(double[] gradientOut) {
        gradientInputs.put(GraphNames.PARAMS, state.currentParams());
        run(gradientSession, gradientInputs, gradientOutputs, "the surrogate gradient");
        gradient.read(scratch, dimension);
        for (int i = 0; i < dimension; i++) {
            gradientOut[i] = scratch[i];
        }
        return surrogate.scalar();
    }

    /**
     * The Fisher-vector product F·v at the current parameters (no damping).
     *
     * @param v the vector, {@link #dimension()} values
     * @param out receives F·v
     * @throws EngineException if ONNX Runtime fails
     */
    public void fisherVectorProduct(double[] v, double[] out) {
        for (int i = 0; i < dimension; i++) {
            scratch[i] = (float) v[i];
        }
        vector.write(scratch, dimension);
        fisherInputs.put(GraphNames.PARAMS, state.currentParams());
        run(fisherSession, fisherInputs, fisherOutputs, "the Fisher-vector product");
        product.read(scratch, dimension);
        for (int i = 0; i < dimension; i++) {
            out[i] = scratch[i];
        }
    }

    private static void run(OrtSession session, Map<String, OnnxTensor> inputs, Map<String, OnnxTensor> outputs, String what) {
        try {
            session.run(inputs, outputs).close();
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime failed to compute " + what + ": " + e.getMessage(), e);
        }
    }

    /** Closes the sessions and the tensors this object allocated. */
    @Override
    public void close() {
        Sessions.closeAll(gradientSession, fisherSession, samples, fisherSamples, surrogate, gradient, vector, product);
    }
}
