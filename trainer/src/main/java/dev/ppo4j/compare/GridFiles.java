package dev.ppo4j.compare;

import dev.ppo4j.config.ConfigFiles;
import dev.ppo4j.config.KeyValueLines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes grid files: readable {@code key = value} lines with {@code #} comments (the
 * {@link KeyValueLines} syntax of config files); the
 * grid's own fields first, then one {@code [variant-name]} section per variant holding that
 * variant's config overrides (and an optional {@code description}). For example:
 * <pre>
 * name = my-grid
 * envs = Hopper-v5, Walker2d-v5
 * seeds = 3
 * steps = 1000000
 *
 * [clip-0.1]
 * description = clip ε = 0.1
 * clip_range = 0.1
 * </pre>
 * Built-in grids live in {@code grids/NAME.grid} on the classpath.
 */
public final class GridFiles {
    /** The built-in grids, by the name {@code --grid} takes. */
    public static final List<String> BUILT_IN = List.of("paper-table1", "paper-figure3", "tricks");

    private static final List<String> GRID_KEYS =
            List.of("name", "description", "envs", "seeds", "steps", "preset", "eval_episodes", "reference");
    private static final int DEFAULT_EVAL_EPISODES = 10;

    private GridFiles() {}

    /**
     * A built-in grid by name, or a grid file by path.
     *
     * @throws GridException if it is neither, naming the built-in grids
     */
    public static Grid load(String nameOrPath) {
        if (BUILT_IN.contains(nameOrPath)) {
            return parse(builtInText(nameOrPath), "built-in grid " + nameOrPath);
        }
        Path path = Path.of(nameOrPath);
        if (!Files.isRegularFile(path)) {
            throw new GridException("There is no grid file " + nameOrPath + " and no built-in grid of that name"
                    + Grid.didYouMean(nameOrPath, BUILT_IN) + "; use one of " + BUILT_IN + " or the path of a grid file.");
        }
        try {
            return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        } catch (IOException e) {
            throw new GridException("Could not read the grid file " + path + " (" + e.getMessage() + ").");
        }
    }

    /** The text of a built-in grid file. */
    static String builtInText(String name) {
        try (InputStream in = GridFiles.class.getResourceAsStream("/grids/" + name + ".grid")) {
            if (in == null) {
                throw new IllegalStateException("The built-in grid " + name + " is missing from the jar.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the built-in grid " + name, e);
        }
    }

    /**
     * Parses grid-file text.
     *
     * @param source the file or grid name, for error messages
     * @throws GridException naming the line and the fix
     */
    public static Grid parse(String text, String source) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> variantNames = new ArrayList<>();
        List<Map<String, String>> variantFields = new ArrayList<>();
        Map<String, String> current = fields;
        for (KeyValueLines.Line numbered : KeyValueLines.lines(text)) {
            String line = numbered.text();
            String where = source + " line " + numbered.number();
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw new GridException(where + ": a section header is written [variant-name]; got '" + line + "'.");
                }
                String name = line.substring(1, line.length() - 1).strip();
                if (!name.matches("[A-Za-z0-9._+-]+")) {
                    throw new GridException(where + ": the variant name '" + name
                            + "' may use only letters, digits and . _ + - (it names directories).");
                }
                if (variantNames.contains(name)) {
                    throw new GridException(where + ": the variant [" + name + "] is defined twice.");
                }
                variantNames.add(name);
                current = new LinkedHashMap<>();
                variantFields.add(current);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new GridException(where + ": expected 'key = value' or '[variant-name]'; got '" + line + "'.");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (current == fields) {
                if (!GRID_KEYS.contains(key)) {
                    throw new GridException(where + ": '" + key + "' is not a grid field" + Grid.didYouMean(key, GRID_KEYS)
                            + "; grid fields are " + GRID_KEYS + ", and config overrides go in a [variant-name] section.");
                }
            } else if (!key.equals("description")) {
                ConfigFiles.checkKnown(key, where + " (section [" + variantNames.get(variantNames.size() - 1) + "])");
            }
            if (current.put(key, value) != null) {
                throw new GridException(where + ": '" + key + "' is set twice.");
            }
        }
        List<Variant> variants = new ArrayList<>();
        for (int v = 0; v < variantNames.size(); v++) {
            Map<String, String> overrides = new LinkedHashMap<>(variantFields.get(v));
            String description = overrides.remove("description");
            variants.add(new Variant(variantNames.get(v), description == null ? variantNames.get(v) : description, overrides));
        }
        String name = require(fields, "name", source);
        return new Grid(name, fields.getOrDefault("description", ""),
                Arrays.stream(require(fields, "envs", source).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
                (int) number(fields, "seeds", "1", source), number(fields, "steps", null, source),
                fields.get("preset"), (int) number(fields, "eval_episodes", String.valueOf(DEFAULT_EVAL_EPISODES), source),
                reference(fields.get("reference"), source), variants);
    }

    /** The grid as a grid file that {@link #parse} reads back to an equal grid. */
    public static String write(Grid grid) {
        StringBuilder sb = new StringBuilder("# ppo4j grid, as run (after the command line's --steps/--seeds/--envs/--variants).\n");
        sb.append("name = ").append(grid.name()).append('\n');
        if (!grid.description().isEmpty()) {
            sb.append("description = ").append(grid.description()).append('\n');
        }
        sb.append("envs = ").append(String.join(", ", grid.envs())).append('\n');
        sb.append("seeds = ").append(grid.seeds()).append('\n');
        sb.append("steps = ").append(grid.steps()).append('\n');
        if (grid.preset() != null) {
            sb.append("preset = ").append(grid.preset()).append('\n');
        }
        sb.append("eval_episodes = ").append(grid.evalEpisodes()).append('\n');
        if (grid.reference() != null) {
            sb.append("reference = ").append(grid.reference().fileName()).append('\n');
        }
        for (Variant variant : grid.variants()) {
            sb.append("\n[").append(variant.name()).append("]\n");
            sb.append("description = ").append(variant.description()).append('\n');
            variant.overrides().forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        }
        return sb.toString();
    }

    private static String require(Map<String, String> fields, String key, String source) {
        String value = fields.get(key);
        if (value == null || value.isEmpty()) {
            throw new GridException(source + " does not set '" + key + "'; add a line '" + key + " = ...' before the first section.");
        }
        return value;
    }

    private static long number(Map<String, String> fields, String key, String fallback, String source) {
        String text = fields.getOrDefault(key, fallback);
        if (text == null) {
            require(fields, key, source);
        }
        try {
            return Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new GridException(source + ": '" + key + " = " + text + "' is not a whole number.");
        }
    }

    private static Grid.Reference reference(String text, String source) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        for (Grid.Reference reference : Grid.Reference.values()) {
            if (reference.fileName().equals(text.toLowerCase(Locale.ROOT))) {
                return reference;
            }
        }
        throw new GridException(source + ": reference = " + text + " is unknown; use paper-table1 or paper-figure3, or drop the line.");
    }
}
