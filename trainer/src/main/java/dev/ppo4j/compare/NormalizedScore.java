package dev.ppo4j.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The normalised score of the PPO paper (Schulman et al. 2017, Table 1): "We scored each run by
 * the average total reward of the last 100 episodes. We shifted and scaled the scores for each
 * environment so that the random policy gave a score of 0 and the best result was set to 1, and
 * averaged over 21 runs (7 envs &times; 3 seeds) to produce a single scalar for each algorithm
 * setting."
 *
 * <p>Our precise reading: per env, {@code random} is the random policy's score on that env (given)
 * and {@code best} is the highest mean-over-seeds score among the variants on that env. Each run's
 * normalised score is (score &minus; random) / (best &minus; random), so the best variant averages
 * exactly 1 on its env while single runs may exceed 1. A variant's score is the mean of its
 * normalised run scores over all envs and seeds; when every env has the same seed count this
 * equals the mean over envs of the per-env means.
 *
 * <p>Variants and envs keep the insertion order of the input maps; variants are ordered by first
 * appearance across envs.
 *
 * @param byVariant variant &rarr; normalised score (mean over every run of the variant)
 * @param byEnvAndVariant env &rarr; variant &rarr; mean normalised score over that env's seeds
 */
public record NormalizedScore(Map<String, Double> byVariant, Map<String, Map<String, Double>> byEnvAndVariant) {

    /**
     * Copies both maps into unmodifiable, order-preserving maps, so that callers holding the
     * originals cannot change a computed score.
     *
     * @param byVariant variant &rarr; normalised score
     * @param byEnvAndVariant env &rarr; variant &rarr; mean normalised score on that env
     */
    public NormalizedScore {
        byVariant = Collections.unmodifiableMap(new LinkedHashMap<>(byVariant));
        Map<String, Map<String, Double>> envs = new LinkedHashMap<>();
        byEnvAndVariant.forEach((env, variants) ->
                envs.put(env, Collections.unmodifiableMap(new LinkedHashMap<>(variants))));
        byEnvAndVariant = Collections.unmodifiableMap(envs);
    }

    /**
     * Computes the normalised scores of a grid.
     *
     * @param scores env &rarr; variant &rarr; per-seed run scores; every env must hold every
     *     variant, each with at least one score
     * @param randomScores env &rarr; random-policy score; entries for envs not in {@code scores}
     *     are ignored
     * @return the per-variant and per-env normalised scores
     * @throws IllegalArgumentException if the grid is empty, an env lacks a random score, a variant
     *     is missing on some env or has no scores there, or on some env no variant beats the
     *     random policy
     */
    public static NormalizedScore compute(
            Map<String, Map<String, double[]>> scores, Map<String, Double> randomScores) {
        if (scores == null || scores.isEmpty()) {
            throw new IllegalArgumentException("The normalised score needs at least one env with scores; the grid was empty.");
        }
        Set<String> variants = new LinkedHashSet<>();
        scores.values().forEach(byVariant -> variants.addAll(byVariant.keySet()));

        Map<String, List<Double>> runsByVariant = new LinkedHashMap<>();
        variants.forEach(variant -> runsByVariant.put(variant, new ArrayList<>()));
        Map<String, Map<String, Double>> byEnvAndVariant = new LinkedHashMap<>();

        for (Map.Entry<String, Map<String, double[]>> envEntry : scores.entrySet()) {
            String env = envEntry.getKey();
            Map<String, double[]> envScores = envEntry.getValue();
            Double random = randomScores == null ? null : randomScores.get(env);
            if (random == null) {
                throw new IllegalArgumentException("Env " + env + " has no random-policy score; "
                        + "measure the random policy on " + env + " and pass its score.");
            }
            double best = Double.NEGATIVE_INFINITY;
            for (String variant : variants) {
                double[] runs = envScores.get(variant);
                if (runs == null) {
                    throw new IllegalArgumentException("Variant " + variant + " has no scores on env " + env
                            + "; run it there or leave it out of the comparison, since every variant must cover every env.");
                }
                if (runs.length == 0) {
                    throw new IllegalArgumentException("Variant " + variant + " on env " + env
                            + " has an empty list of seed scores; give at least one run score.");
                }
                best = Math.max(best, Statistics.mean(runs));
            }
            if (!(best > random)) {
                throw new IllegalArgumentException("Every variant on " + env
                        + " scored at or below the random policy; the normalised score is undefined there."
                        + " Leave " + env + " out or train longer.");
            }
            double range = best - random;
            Map<String, Double> envMeans = new LinkedHashMap<>();
            for (String variant : variants) {
                double[] runs = envScores.get(variant);
                double total = 0.0;
                for (double run : runs) {
                    double normalised = (run - random) / range;
                    runsByVariant.get(variant).add(normalised);
                    total += normalised;
                }
                envMeans.put(variant, total / runs.length);
            }
            byEnvAndVariant.put(env, envMeans);
        }

        Map<String, Double> byVariant = new LinkedHashMap<>();
        runsByVariant.forEach((variant, runs) ->
                byVariant.put(variant, Statistics.mean(runs.stream().mapToDouble(Double::doubleValue).toArray())));
        return new NormalizedScore(byVariant, byEnvAndVariant);
    }
}
