package dev.ppo4j.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.PolicyNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The input tensors a graph reads from a {@link Minibatch}, for one batch size: one tensor per
 * field the graph declares as an input (observations, or observations with a trailing column of
 * ones, actions, old log-probs, advantages, returns, old values, old distribution), allocated once
 * and refilled in place.
 */
final class MinibatchTensors implements AutoCloseable {
    private final ModelSpec spec;
    private final int size;
    private final String graphDescription;
    private final List<NativeTensor> owned = new ArrayList<>();
    private final NativeTensor observations;
    private final NativeTensor observationsWithOnes;
    private final NativeTensor actions;
    private final NativeTensor oldLogProbs;
    private final NativeTensor advantages;
    private final NativeTensor returns;
    private final NativeTensor oldValues;
    private final NativeTensor oldDist;
    private final NativeTensor oldLogStd;

    /**
     * Allocates the tensors the graph reads.
     *
     * @param inputNames the graph's input names
     * @param size rows of the batch
     * @param graphDescription names the graph in messages about a minibatch that lacks a field it reads
     */
    MinibatchTensors(OrtEnvironment env, ModelSpec spec, Set<String> inputNames, int size, String graphDescription)
            throws OrtException {
        this.spec = spec;
        this.size = size;
        this.graphDescription = graphDescription;
        int width = spec.actionWidth();
        try {
            observations = floatsIfRead(env, inputNames, PolicyNames.OBSERVATIONS, size, spec.observationDim());
            observationsWithOnes = floatsIfRead(env, inputNames, GraphNames.OBSERVATIONS_WITH_ONES, size,
                    spec.observationDim() + 1);
            if (observationsWithOnes != null) {
                observationsWithOnes.fillLastColumn(size, spec.observationDim(), 1f);
            }
            actions = !inputNames.contains(GraphNames.ACTIONS) ? null
                    : own(spec.isGaussian() ? NativeTensor.floats(env, size, width) : NativeTensor.longs(env, size));
            oldLogProbs = floatsIfRead(env, inputNames, GraphNames.OLD_LOG_PROB, size);
            advantages = floatsIfRead(env, inputNames, GraphNames.ADVANTAGES, size);
            returns = floatsIfRead(env, inputNames, GraphNames.RETURNS, size);
            oldValues = floatsIfRead(env, inputNames, GraphNames.OLD_VALUES, size);
            oldDist = floatsIfRead(env, inputNames, GraphNames.OLD_DIST, size, width);
            oldLogStd = floatsIfRead(env, inputNames, GraphNames.OLD_LOG_STD, size, width);
        } catch (OrtException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private NativeTensor floatsIfRead(OrtEnvironment env, Set<String> inputNames, String name, long... shape)
            throws OrtException {
        return inputNames.contains(name) ? own(NativeTensor.floats(env, shape)) : null;
    }

    private NativeTensor own(NativeTensor t) {
        owned.add(t);
        return t;
    }

    /** Rows of the batch. */
    int size() {
        return size;
    }

    /** Adds every tensor to a graph's input map under its input name. */
    void putInto(Map<String, OnnxTensor> inputs) {
        putIfRead(inputs, PolicyNames.OBSERVATIONS, observations);
        putIfRead(inputs, GraphNames.OBSERVATIONS_WITH_ONES, observationsWithOnes);
        putIfRead(inputs, GraphNames.ACTIONS, actions);
        putIfRead(inputs, GraphNames.OLD_LOG_PROB, oldLogProbs);
        putIfRead(inputs, GraphNames.ADVANTAGES, advantages);
        putIfRead(inputs, GraphNames.RETURNS, returns);
        putIfRead(inputs, GraphNames.OLD_VALUES, oldValues);
        putIfRead(inputs, GraphNames.OLD_DIST, oldDist);
        putIfRead(inputs, GraphNames.OLD_LOG_STD, oldLogStd);
    }

    private static void putIfRead(Map<String, OnnxTensor> inputs, String name, NativeTensor tensor) {
        if (tensor != null) {
            inputs.put(name, tensor.tensor());
        }
    }

    /**
     * Copies the fields the graph reads from a minibatch of this size.
     *
     * @throws IllegalArgumentException if a field the graph reads is missing or too short
     */
    void fill(Minibatch mb) {
        int width = spec.actionWidth();
        write(observations, mb.observations(), size * spec.observationDim(), "observations");
        if (observationsWithOnes != null) {
            observationsWithOnes.writeRowsBeforeLastColumn(require(mb.observations(), size * spec.observationDim(),
                    "observations"), size, spec.observationDim());
        }
        if (actions != null && !spec.isGaussian()) {
            actions.writeIndices(require(mb.actions(), size, "actions"), size);
        } else {
            write(actions, mb.actions(), size * width, "actions");
        }
        write(oldLogProbs, mb.oldLogProbs(), size, "oldLogProbs");
        write(advantages, mb.advantages(), size, "advantages");
        write(returns, mb.returns(), size, "returns");
        write(oldValues, mb.oldValues(), size, "oldValues");
        write(oldDist, mb.oldMeansOrLogits(), size * width, "oldMeansOrLogits");
        write(oldLogStd, mb.oldLogStd(), size * width, "oldLogStd");
    }

    private void write(NativeTensor tensor, float[] array, int length, String name) {
        if (tensor != null) {
            tensor.write(require(array, length, name), length);
        }
    }

    private float[] require(float[] array, int length, String name) {
        if (array == null || array.length < length) {
            throw new IllegalArgumentException("Minibatch." + name + " must hold at least " + length
                    + " values for a minibatch of " + size + " with this model and " + graphDescription + ", got "
                    + (array == null ? "null" : array.length) + ".");
        }
        return array;
    }

    /** Frees the tensors. */
    @Override
    public void close() {
        owned.forEach(NativeTensor::close);
    }
}
