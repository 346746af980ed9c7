package dev.ppo4j.compare;

import java.util.Map;

/**
 * One column of a grid: a name and the config overrides ({@code key = value}, the keys of
 * {@code ./ppo4j train --list-config}) it applies on top of the grid's preset.
 *
 * @param name the variant's name in run directories and reports, e.g. {@code clip-0.2}
 * @param description one line for the report, e.g. "clip ε = 0.2"
 * @param overrides config overrides, in file order
 */
public record Variant(String name, String description, Map<String, String> overrides) {
    /** Copies the overrides so the variant stays immutable. */
    public Variant {
        overrides = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(overrides));
    }
}
