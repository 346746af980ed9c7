package dev.ppo4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Immutable description of the actor-critic network: separate actor and critic MLPs with the
 * same hidden sizes and activation, a Gaussian or categorical action head.
 *
 * @param observationDim length of the (flat) observation vector
 * @param head the action distribution
 * @param hiddenSizes widths of the hidden layers, used by both actor and critic
 * @param activation hidden-layer nonlinearity
 */
public record ModelSpec(int observationDim, ActionHead head, List<Integer> hiddenSizes, Activation activation) {

    /** The default hidden sizes (64, 64). */
    public static final List<Integer> DEFAULT_HIDDEN = List.of(64, 64);

    /** Validates the sizes and freezes the hidden-size list. */
    public ModelSpec {
        if (observationDim < 1) {
            throw new IllegalArgumentException("The observation dimension must be at least 1, got " + observationDim + ".");
        }
        if (head == null || activation == null) {
            throw new IllegalArgumentException("A model needs an action head and an activation.");
        }
        hiddenSizes = List.copyOf(hiddenSizes);
        for (int h : hiddenSizes) {
            if (h < 1) {
                throw new IllegalArgumentException("Hidden layer sizes must be positive, got " + hiddenSizes + ".");
            }
        }
    }

    /**
     * A model with the default 64-64 tanh MLPs.
     *
     * @param observationDim observation length
     * @param head action head
     * @return the model description
     */
    public static ModelSpec standard(int observationDim, ActionHead head) {
        return new ModelSpec(observationDim, head, DEFAULT_HIDDEN, Activation.TANH);
    }

    /**
     * Whether the head is a diagonal Gaussian (continuous actions).
     *
     * @return true for a Gaussian head
     */
    public boolean isGaussian() {
        return head instanceof ActionHead.Gaussian;
    }

    /**
     * Width of the actor output: action dimension (Gaussian) or number of choices (categorical).
     *
     * @return the actor's output width
     */
    public int actionWidth() {
        return head.outputWidth();
    }

    /**
     * The parameter tensors in flat-vector order: actor layers, then {@code log_std} (Gaussian
     * only), then critic layers.
     *
     * @return the layout, fixed for this spec
     */
    public List<ParameterTensor> parameterTensors() {
        List<ParameterTensor> out = new ArrayList<>();
        int offset = addMlp(out, "actor", actionWidth(), 0.01, 0);
        if (isGaussian()) {
            out.add(new ParameterTensor(PolicyNames.LOG_STD, List.of(actionWidth()), offset, 0.0));
            offset += actionWidth();
        }
        addMlp(out, "critic", 1, 1.0, offset);
        return Collections.unmodifiableList(out);
    }

    /**
     * Total number of scalar parameters.
     *
     * @return the length of the flat parameter vector
     */
    public int parameterCount() {
        List<ParameterTensor> tensors = parameterTensors();
        ParameterTensor last = tensors.get(tensors.size() - 1);
        return last.offset() + last.size();
    }

    private int addMlp(List<ParameterTensor> out, String prefix, int outputWidth, double outputGain, int offset) {
        int in = observationDim;
        for (int i = 0; i < hiddenSizes.size(); i++) {
            int h = hiddenSizes.get(i);
            offset = addLayer(out, prefix + "." + i, in, h, Math.sqrt(2.0), offset);
            in = h;
        }
        return addLayer(out, prefix + ".out", in, outputWidth, outputGain, offset);
    }

    private static int addLayer(List<ParameterTensor> out, String name, int in, int width, double gain, int offset) {
        ParameterTensor weight = new ParameterTensor(name + ".weight", List.of(in, width), offset, gain);
        out.add(weight);
        offset += weight.size();
        ParameterTensor bias = new ParameterTensor(name + ".bias", List.of(width), offset, 0.0);
        out.add(bias);
        return offset + bias.size();
    }
}
