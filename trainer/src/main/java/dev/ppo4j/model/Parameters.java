package dev.ppo4j.model;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The model's parameters as one flat float vector laid out by {@link ModelSpec#parameterTensors()}.
 *
 * <p>Instances are value holders: {@link #values()} and {@link #tensor(String)} return copies,
 * so a {@code Parameters} object never changes after construction.
 */
public final class Parameters {
    private final ModelSpec spec;
    private final float[] flat;

    private Parameters(ModelSpec spec, float[] flat) {
        this.spec = spec;
        this.flat = flat;
    }

    /**
     * Orthogonal initialisation (docs/ppo.md, "Network and initialisation"): every weight matrix is a random
     * semi-orthogonal matrix times its gain (√2 hidden, 0.01 policy output, 1.0 value output);
     * biases and {@code log_std} are 0. The same seed gives the same parameters on any JVM.
     *
     * @param spec the model
     * @param seed seed of the initialisation's random stream
     * @return freshly initialised parameters
     */
    public static Parameters initialise(ModelSpec spec, long seed) {
        float[] flat = new float[spec.parameterCount()];
        SplittableRandom random = new SplittableRandom(seed);
        for (ParameterTensor t : spec.parameterTensors()) {
            if (t.isMatrix() && t.initGain() != 0.0) {
                float[] w = Orthogonal.matrix(t.shape().get(0), t.shape().get(1), t.initGain(), random.split());
                System.arraycopy(w, 0, flat, t.offset(), w.length);
            }
        }
        return new Parameters(spec, flat);
    }

    /**
     * The common default initialisation of fully connected layers (PyTorch's {@code nn.Linear}):
     * weights and biases uniform in ±1/√fan_in, {@code log_std} 0. The baseline against which
     * orthogonal initialisation is an ablation.
     *
     * @param spec the model
     * @param seed seed of the initialisation's random stream
     * @return freshly initialised parameters
     */
    public static Parameters initialiseUniform(ModelSpec spec, long seed) {
        float[] flat = new float[spec.parameterCount()];
        SplittableRandom random = new SplittableRandom(seed);
        int fanIn = 0;
        for (ParameterTensor t : spec.parameterTensors()) {
            if (t.isMatrix()) {
                fanIn = t.shape().get(0);
            } else if (t.name().equals(PolicyNames.LOG_STD)) {
                continue;
            }
            double bound = 1.0 / Math.sqrt(fanIn);
            for (int k = 0; k < t.size(); k++) {
                flat[t.offset() + k] = (float) random.nextDouble(-bound, bound);
            }
        }
        return new Parameters(spec, flat);
    }

    /**
     * Wraps a copy of a flat parameter vector, e.g. one read back from the engine or a checkpoint.
     *
     * @param spec the model the vector belongs to
     * @param flat the values, length {@link ModelSpec#parameterCount()}
     * @return the parameters
     * @throws IllegalArgumentException if the length does not match the model
     */
    public static Parameters fromFlat(ModelSpec spec, float[] flat) {
        if (flat.length != spec.parameterCount()) {
            throw new IllegalArgumentException("The model has " + spec.parameterCount()
                    + " parameters but the vector has " + flat.length + "; was it saved for a different model?");
        }
        return new Parameters(spec, flat.clone());
    }

    /**
     * The model these parameters belong to.
     *
     * @return the model description
     */
    public ModelSpec spec() {
        return spec;
    }

    /**
     * A copy of the flat vector.
     *
     * @return the values in {@link ModelSpec#parameterTensors()} order
     */
    public float[] values() {
        return flat.clone();
    }

    /**
     * A copy of one named tensor's values (row-major).
     *
     * @param name a name from {@link ModelSpec#parameterTensors()}
     * @return the tensor's values
     * @throws IllegalArgumentException if no tensor has that name
     */
    public float[] tensor(String name) {
        ParameterTensor t = find(name);
        return Arrays.copyOfRange(flat, t.offset(), t.offset() + t.size());
    }

    private ParameterTensor find(String name) {
        List<ParameterTensor> tensors = spec.parameterTensors();
        for (ParameterTensor t : tensors) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("The model has no parameter named '" + name + "'; its parameters are "
                + tensors.stream().map(ParameterTensor::name).toList() + ".");
    }
}
