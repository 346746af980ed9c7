package dev.ppo4j.cli;

import ai.onnxruntime.OrtException;
import com.google.gson.GsonBuilder;
import dev.ppo4j.compare.Statistics;
import dev.ppo4j.config.ConfigException;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.train.PolicyEvaluator;
import dev.ppo4j.train.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates an exported policy with fixed evaluation seeds (episode k starts from
 * {@code reset(seed + k)}) and summarises the returns, for {@code ./ppo4j eval} and for
 * {@code ./ppo4j train --eval-episodes}.
 */
record Evaluation(String envId, long seed, double[] returns, int[] lengths) {
    /** Runs {@code episodes} episodes of the policy in {@code policyFile} on its own env (or {@code envOverride}). */
    static Evaluation run(Path policyFile, String envOverride, String kwargsOverride, int episodes, long seed) throws OrtException {
        if (!Files.isRegularFile(policyFile)) {
            throw new ConfigException("There is no policy file at " + policyFile + "; pass the policy.onnx of a finished run.");
        }
        if (episodes < 1) {
            throw new ConfigException("The number of evaluation episodes must be at least 1; got " + episodes + ".");
        }
        try (PolicyEvaluator evaluator = new PolicyEvaluator(policyFile)) {
            String envId = envOverride != null ? envOverride : evaluator.metadata().get("env_id");
            if (envId == null) {
                throw new ConfigException(policyFile + " does not name its env (no env_id in its metadata); pass --env.");
            }
            String kwargs = kwargsOverride != null ? kwargsOverride : evaluator.metadata().getOrDefault("env_kwargs", "{}");
            try (VectorEnv envs = Environments.make(envId, kwargs, 1, 1)) {
                evaluator.checkFits(envs, envId);
                PolicyEvaluator.Result result = evaluator.evaluate(envs, episodes, seed);
                return new Evaluation(envId, seed, result.returns(), result.lengths());
            }
        }
    }

    /** The returns, their statistics and the episode lengths, as an ordered map for JSON. */
    Map<String, Object> summary() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("env_id", envId);
        json.put("episodes", returns.length);
        json.put("seed", seed);
        json.put("returns", returns);
        json.put("lengths", lengths);
        json.put("mean", Statistics.mean(returns));
        json.put("std", Statistics.std(returns));
        json.put("min", Statistics.quantile(returns, 0));
        json.put("median", Statistics.median(returns));
        json.put("max", Statistics.quantile(returns, 1));
        json.put("iqr", Statistics.iqr(returns));
        json.put("cvar", Statistics.cvarLower(returns, Statistics.DEFAULT_CVAR_ALPHA));
        return json;
    }

    /** The summary as one line of JSON. */
    String json() {
        return new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(summary());
    }

    /** Writes the summary as JSON, atomically, so a reader never sees half a file. */
    void write(Path file) throws IOException {
        RunDirectory.writeAtomically(file, json() + "\n");
    }

    /**
     * A table of the episodes (numbered from 1) and a line of statistics, for people; Python's
     * {@code ppo4j.run_policy} prints the same text.
     */
    String table() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s %-6s %12s %8s%n", "episode", "seed", "return", "length"));
        for (int k = 0; k < returns.length; k++) {
            sb.append(String.format(Locale.ROOT, "%-8d %-6d %12.2f %8d%n", k + 1, seed + k, returns[k], lengths[k]));
        }
        sb.append(String.format(Locale.ROOT, "%s over %d episodes: mean %.2f, std %.2f, min %.2f, median %.2f, max %.2f,"
                + " IQR %.2f, CVaR(%.2f) %.2f%n", envId, returns.length, Statistics.mean(returns), Statistics.std(returns),
                Statistics.quantile(returns, 0), Statistics.median(returns), Statistics.quantile(returns, 1),
                Statistics.iqr(returns), Statistics.DEFAULT_CVAR_ALPHA, Statistics.cvarLower(returns, Statistics.DEFAULT_CVAR_ALPHA)));
        return sb.toString();
    }
}
