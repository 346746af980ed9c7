package dev.ppo4j.compare;

import dev.ppo4j.env.local.JavaEnvs;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The published numbers reports show as reference, from the project's own copy in
 * {@code reference/published.properties}: the PPO paper's Table 1 and Figure 3, and CleanRL's
 * benchmark. Env ids are looked up without their version suffix ({@code Hopper-v5} → Hopper),
 * since the published runs used older versions of the same tasks.
 */
final class PublishedResults {
    /** The {@code paper-figure3} variant whose readings stand for "the PPO paper, Figure 3" elsewhere in reports. */
    static final String FIGURE3_PPO_CLIP = "ppo-clip";

    private static final Properties VALUES = load();

    private PublishedResults() {}

    /** The paper's Table 1 score of a {@code paper-table1} variant. */
    static Optional<Double> table1(String variant) {
        return Optional.ofNullable(VALUES.getProperty("table1." + variant)).map(Double::valueOf);
    }

    /** The tasks the paper's Table 1 averages over, without version ({@code Hopper}). */
    static List<String> table1Tasks() {
        return Arrays.stream(VALUES.getProperty("table1.tasks").split(",")).map(String::strip).toList();
    }

    /** The settings (the {@code paper-table1} grid's variants) the paper's Table 1 scores. */
    static List<String> table1Settings() {
        return VALUES.stringPropertyNames().stream().filter(key -> key.startsWith("table1."))
                .map(key -> key.substring("table1.".length())).filter(name -> !name.equals("source") && !name.equals("tasks"))
                .sorted().toList();
    }

    /** Whether an env is one of the tasks of the paper's Table 1, in any version. */
    static boolean isTable1Task(String env) {
        return table1Tasks().contains(task(env));
    }

    /** The paper's Figure 3 return at 1M steps of PPO-Clip (read off the plot, as text such as "≈ 2330"). */
    static Optional<String> figure3(String env) {
        return figure3(FIGURE3_PPO_CLIP, env).map(PublishedResults::approximately);
    }

    /**
     * The paper's Figure 3 return at 1M steps of one algorithm, read off the plot; empty where the
     * paper gives no reading (CEM, vanilla PG, InvertedPendulum) or the variant is not one of its
     * algorithms.
     *
     * @param variant the {@code paper-figure3} grid's variant name, e.g. {@code trpo}
     * @param env the env id, in any version
     */
    static Optional<Double> figure3(String variant, String env) {
        return Optional.ofNullable(VALUES.getProperty("figure3." + variant + "." + task(env))).map(Double::valueOf);
    }

    /** A plot reading as text: "≈ 2330", "≈ −7" (a typographic minus, as in the paper). */
    static String approximately(double reading) {
        return "≈ " + String.format(Locale.ROOT, "%.0f", reading).replace('-', '\u2212');
    }

    /** CleanRL's benchmark return at 1M steps (as text, mean ± std). */
    static Optional<String> cleanRl(String env) {
        return Optional.ofNullable(VALUES.getProperty("cleanrl." + task(env)));
    }

    /** Where a group of numbers comes from: {@code table1}, {@code figure3} or {@code cleanrl}. */
    static String source(String group) {
        return VALUES.getProperty(group + ".source");
    }

    private static String task(String env) {
        return JavaEnvs.gymnasiumId(env).replaceFirst("-v\\d+$", "");
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = PublishedResults.class.getResourceAsStream("/reference/published.properties")) {
            if (in == null) {
                throw new IllegalStateException("reference/published.properties is missing from the jar.");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not read reference/published.properties", e);
        }
        return properties;
    }
}
