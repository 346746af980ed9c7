package dev.ppo4j.compare;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.train.RunDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The random policy's scores of a grid, kept in {@code random/ENV.json} (see {@link GridDirectory})
 * so that each env and seed is measured once however often the grid is run: the file holds
 * {@code env_id}, {@code episodes} and, per seed, the {@code score} and the episodes'
 * {@code returns}.
 */
public final class RandomBaselineCache {
    private RandomBaselineCache() {}

    /**
     * The random policy's score per env and seed, measuring (and recording at once) every seed the
     * cache lacks.
     *
     * @param singleEnv makes one env of an env id, to run the random policy on
     * @param status where a line per measured seed goes
     * @return env → score per seed, seed 1 first
     */
    public static Map<String, double[]> measureMissing(GridDirectory directory, Function<String, VectorEnv> singleEnv,
            PrintStream status) throws IOException {
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (String env : directory.grid().envs()) {
            Path file = directory.randomBaselineFile(env);
            JsonObject json = Files.isRegularFile(file) ? readJson(file) : new JsonObject();
            JsonObject seeds = json.has("seeds") ? json.getAsJsonObject("seeds") : new JsonObject();
            double[] perSeed = new double[directory.grid().seeds()];
            for (long seed : directory.grid().seedList()) {
                String key = String.valueOf(seed);
                if (!seeds.has(key)) {
                    seeds.add(key, measure(env, seed, singleEnv, status));
                    json.addProperty("env_id", env);
                    json.addProperty("episodes", RandomBaseline.EPISODES);
                    json.add("seeds", seeds);
                    writeJson(file, json);
                }
                perSeed[(int) seed - 1] = seeds.getAsJsonObject(key).get("score").getAsDouble();
            }
            scores.put(env, perSeed);
        }
        return scores;
    }

    /**
     * The random policy's scores measured so far, measuring nothing: envs without a measured seed
     * are left out, and an env's array holds only its measured seeds.
     *
     * @return env → score per measured seed, in seed order
     */
    public static Map<String, double[]> readMeasured(GridDirectory directory) throws IOException {
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (String env : directory.grid().envs()) {
            Path file = directory.randomBaselineFile(env);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            JsonObject seeds = readJson(file).getAsJsonObject("seeds");
            double[] perSeed = directory.grid().seedList().stream().filter(s -> seeds.has(String.valueOf(s)))
                    .mapToDouble(s -> seeds.getAsJsonObject(String.valueOf(s)).get("score").getAsDouble()).toArray();
            if (perSeed.length > 0) {
                scores.put(env, perSeed);
            }
        }
        return scores;
    }

    /** One seed's entry: its score and returns. */
    private static JsonObject measure(String env, long seed, Function<String, VectorEnv> singleEnv, PrintStream status) {
        status.printf("[ppo4j] measuring the random policy on %s, seed %d (%d episodes)...%n", env, seed, RandomBaseline.EPISODES);
        try (VectorEnv envs = singleEnv.apply(env)) {
            double[] returns = RandomBaseline.returns(envs, seed, RandomBaseline.EPISODES);
            JsonObject entry = new JsonObject();
            entry.addProperty("score", Statistics.mean(returns));
            entry.add("returns", new Gson().toJsonTree(returns));
            return entry;
        }
    }

    private static JsonObject readJson(Path file) throws IOException {
        try {
            return new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
        } catch (RuntimeException e) {
            throw new GridException(file + " is not valid JSON (" + e.getMessage() + "); delete it and run the grid again.");
        }
    }

    private static void writeJson(Path file, JsonObject json) throws IOException {
        RunDirectory.writeAtomically(file, new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n");
    }
}
