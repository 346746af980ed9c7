package dev.ppo4j.train;

import com.google.gson.Gson;
import dev.ppo4j.config.ConfigFiles;
import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.env.spaces.Box;
import dev.ppo4j.env.spaces.Space;
import dev.ppo4j.model.ObservationNormalization;
import dev.ppo4j.model.Parameters;
import dev.ppo4j.model.PolicyExport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What training produces: the trained parameters (which know their model), the observation
 * normalisation they were trained with, and their provenance. {@link #export} writes it as one
 * self-contained ONNX file whose {@code metadata_props} say what it is without the run directory.
 *
 * @param parameters the trained parameters
 * @param normalization the observation normalisation applied before the network
 * @param observationSpace the env's observation space
 * @param actionSpace the env's action space
 * @param config the resolved configuration it was trained with
 * @param stepsTrained environment steps trained
 */
public record TrainedPolicy(Parameters parameters, ObservationNormalization normalization, Space observationSpace,
        Space actionSpace, TrainConfig config, long stepsTrained) {

    /** ppo4j's version, written into exported files. */
    public static final String VERSION = "0.1.0";

    /** Captures the normaliser's current statistics. */
    static TrainedPolicy of(Parameters parameters, ObservationNormalizer normalizer, Space observationSpace,
            Space actionSpace, TrainConfig config, long stepsTrained) {
        ObservationNormalization normalization = normalizer.enabled()
                ? new ObservationNormalization(normalizer.stats().mean(), normalizer.stats().var(), ObservationNormalizer.EPSILON,
                        normalizer.clip())
                : ObservationNormalization.identity(normalizer.stats().dim(), Double.POSITIVE_INFINITY);
        return new TrainedPolicy(parameters, normalization, observationSpace, actionSpace, config, stepsTrained);
    }

    /** The provenance written into the exported file's {@code metadata_props}. */
    public Map<String, String> metadata() {
        Gson gson = new Gson();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("producer", "ppo4j " + VERSION);
        m.put("env_id", config.envId());
        m.put("env_kwargs", config.envKwargs());
        m.put("observation_space", observationSpace.toJson());
        m.put("action_space", actionSpace.toJson());
        m.put("obs_norm_mean", gson.toJson(normalization.mean()));
        m.put("obs_norm_var", gson.toJson(normalization.variance()));
        m.put("obs_norm_epsilon", Double.toString(normalization.epsilon()));
        m.put("obs_norm_clip", Double.toString(normalization.clip()));
        m.put("config", gson.toJson(ConfigFiles.asMap(config)));
        m.put("steps_trained", Long.toString(stepsTrained));
        m.put("seed", Long.toString(config.seed()));
        m.put("ppo4j_version", VERSION);
        m.put("source_revision", SourceRevision.get());
        return m;
    }

    /** Writes the policy as a self-contained ONNX file (atomically). */
    public void export(Path file) throws IOException {
        float[] low = null;
        float[] high = null;
        if (actionSpace instanceof Box box) {
            low = new float[box.flatDim()];
            high = new float[box.flatDim()];
            for (int j = 0; j < low.length; j++) {
                low[j] = (float) box.low(j);
                high[j] = (float) box.high(j);
            }
        }
        PolicyExport.export(parameters, normalization, low, high, metadata(), file);
    }
}
