package dev.ppo4j.model;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.OnnxModels;
import dev.ppo4j.onnx.Value;
import dev.ppo4j.util.DurableFiles;
import dev.ppo4j.util.TempFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deployable policy: one self-contained ONNX file that takes raw observations
 * {@code obs} float32 {@code [batch, obs_dim]}, normalises and clips them inside the graph, and
 * outputs {@code action} (the mean clipped to the Box bounds, or the argmax as int64 for
 * Discrete), {@code mean} and {@code log_std} (Gaussian) or {@code logits} (categorical), and
 * {@code value}. Parameters are named initializers ({@code actor.0.weight}, ...); provenance
 * goes into {@code metadata_props}.
 */
public final class PolicyExport {
    private PolicyExport() {}

    /**
     * Builds the exported model in memory.
     *
     * @param parameters the trained parameters (their spec describes the network)
     * @param normalization the frozen observation statistics, one entry per observation dimension
     * @param actionLow lower Box bounds per action dimension (Gaussian head), null for categorical
     * @param actionHigh upper Box bounds per action dimension (Gaussian head), null for categorical
     * @param metadata {@code metadata_props} entries (env id, spaces, config, seed, version, ...)
     * @return the model
     * @throws IllegalArgumentException if the statistics or bounds do not fit the model
     */
    public static ModelProto build(Parameters parameters, ObservationNormalization normalization,
                                   float[] actionLow, float[] actionHigh, Map<String, String> metadata) {
        ModelSpec spec = parameters.spec();
        int obsDim = spec.observationDim();
        if (normalization.mean().length != obsDim) {
            throw new IllegalArgumentException("The normalisation statistics have " + normalization.mean().length
                    + " dimensions but the model observes " + obsDim + ".");
        }
        GraphBuilder g = new GraphBuilder("ppo4j_policy_export");
        metadata.forEach(g::metadata);
        Value obs = g.input(PolicyNames.OBSERVATIONS, GraphBuilder.BATCH, obsDim);
        Value centred = g.sub(obs, g.constant(normalization.mean(), obsDim));
        Value scaled = g.mul(centred, g.constant(toDoubles(normalization.inverseStd()), obsDim));
        Value normalised = g.clip(scaled, -normalization.clip(), normalization.clip());

        ActorCriticGraph net = ActorCriticGraph.overNamedInputs(g, spec);
        Value actorOut = net.actor(normalised);
        if (spec.isGaussian()) {
            int width = spec.actionWidth();
            if (actionLow == null || actionHigh == null || actionLow.length != width || actionHigh.length != width) {
                throw new IllegalArgumentException("A Gaussian policy needs lower and upper action bounds with "
                        + width + " values each.");
            }
            Value action = g.min(g.max(actorOut, g.constant(toDoubles(actionLow), width)),
                    g.constant(toDoubles(actionHigh), width));
            g.output(PolicyNames.ACTION, action);
            g.output(PolicyNames.MEAN, actorOut);
            g.output(PolicyNames.LOG_STD, net.logStd());
        } else {
            // ArgMax returns the first maximal index, as numpy's argmax does
            g.output(PolicyNames.ACTION, g.argMax(actorOut, 1, false));
            g.output(PolicyNames.LOGITS, actorOut);
        }
        g.output(PolicyNames.VALUE, net.critic(normalised));

        Map<String, float[]> initializers = new LinkedHashMap<>();
        for (ParameterTensor t : spec.parameterTensors()) {
            initializers.put(t.name(), parameters.tensor(t.name()));
        }
        return OnnxModels.inputsToInitializers(g.build(), initializers);
    }

    /**
     * Builds the model and writes it atomically: to a temporary file in the target directory,
     * fsynced and renamed over {@code file} ({@link DurableFiles}), so a reader never sees a
     * half-written policy, nor does a crash leave one.
     *
     * @param parameters the trained parameters
     * @param normalization the frozen observation statistics
     * @param actionLow lower Box bounds (Gaussian head), null for categorical
     * @param actionHigh upper Box bounds (Gaussian head), null for categorical
     * @param metadata {@code metadata_props} entries
     * @param file where to write, e.g. {@code runs/<run>/policy.onnx}
     * @throws IOException if the file cannot be written; the message names the path
     */
    public static void export(Parameters parameters, ObservationNormalization normalization, float[] actionLow,
                              float[] actionHigh, Map<String, String> metadata, Path file) throws IOException {
        byte[] bytes = build(parameters, normalization, actionLow, actionHigh, metadata).toByteArray();
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            tmp = TempFiles.createBeside(target);
            Files.write(tmp, bytes);
            DurableFiles.moveIntoPlace(tmp, target);
        } catch (IOException e) {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
            throw new IOException("Could not write the policy to " + target + " (" + e.getMessage()
                    + "); check that the directory exists and is writable.", e);
        }
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
