package dev.ppo4j.config;

import dev.ppo4j.env.local.JavaEnvs;
import dev.ppo4j.util.CloseMatches;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads and writes {@link TrainConfig} as readable {@code key = value} files (the
 * {@link KeyValueLines} syntax, one commented line per field). A config is resolved in layers: each field's
 * {@link Default}, a bundled preset, then an optional user file, then {@code key=value}
 * overrides; later layers win. Enum fields are written and read by their constants' lower-case
 * names with {@code -} for {@code _} ({@code kl-adaptive}).
 */
public final class ConfigFiles {
    private static final String PRESET_DIRECTORY = "presets";
    private static final String PRESET_SUFFIX = ".properties";

    /**
     * Bundled presets: every {@code presets/NAME.properties} on the classpath (in the jar, or the
     * class directory of a build), so a new preset is one new file. They are one per kind of env for
     * PPO, {@code mujoco-paper} ({@code mujoco} with the PPO paper's layout, for the paper grids),
     * and {@code ALGORITHM-KIND} for the other update rules; listed PPO's first, then by
     * {@link AlgorithmKind}, by name within each.
     */
    public static final List<String> PRESETS = listPresets();

    private static final RecordComponent[] COMPONENTS = TrainConfig.class.getRecordComponents();

    static {
        for (RecordComponent component : COMPONENTS) {
            if (component.getAnnotation(Doc.class) == null || component.getAnnotation(Default.class) == null) {
                throw new IllegalStateException("TrainConfig." + component.getName() + " needs a @Doc and a @Default.");
            }
        }
    }

    private ConfigFiles() {}

    /** The key of a record component: {@code fooBar} → {@code foo_bar}. */
    static String key(RecordComponent component) {
        return component.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    /**
     * Other libraries' names for config keys, accepted in config files, {@code --set} and grid
     * variants: Stable-Baselines3's (PPO's arguments, {@code VecNormalize}'s, {@code policy_kwargs}'
     * {@code ortho_init}, the zoo's {@code n_envs}) and CleanRL's ({@code ppo_continuous_action.py}'s
     * arguments). Only names whose values mean the same here are aliases: CleanRL's
     * {@code num_minibatches} (a count, not a size) and {@code anneal_lr} are not.
     */
    public static final Map<String, String> ALIASES = aliases(
            "total_timesteps", "total_steps",
            "n_envs", "num_envs",
            "n_steps", "rollout_steps",
            "num_steps", "rollout_steps",
            "n_epochs", "epochs",
            "update_epochs", "epochs",
            "batch_size", "minibatch_size",
            "clip_coef", "clip_range",
            "clip_vloss", "value_clip",
            "clip_range_vf", "value_clip_range",
            "normalize_advantage", "normalize_advantages",
            "norm_adv", "normalize_advantages",
            "norm_obs", "normalize_observations",
            "clip_obs", "observation_clip",
            "norm_reward", "normalize_rewards",
            "clip_reward", "reward_clip",
            "ortho_init", "orthogonal_init");

    private static Map<String, String> aliases(String... aliasThenKey) {
        Map<String, String> aliases = new LinkedHashMap<>();
        for (int i = 0; i < aliasThenKey.length; i += 2) {
            aliases.put(aliasThenKey[i], aliasThenKey[i + 1]);
        }
        return Collections.unmodifiableMap(aliases);
    }

    /** Every config key, in record order. */
    public static List<String> keys() {
        return Arrays.stream(COMPONENTS).map(ConfigFiles::key).toList();
    }

    /**
     * The names of the {@code presets/*.properties} files beside this class: in its jar, or in its
     * class directory (a build's {@code target/classes}), in the order {@link #PRESETS} documents.
     */
    private static List<String> listPresets() {
        Path origin;
        try {
            origin = Path.of(ConfigFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("Could not locate the jar or directory ppo4j's classes were loaded from: " + e, e);
        }
        String prefix = PRESET_DIRECTORY + "/";
        List<String> files;
        try {
            if (Files.isDirectory(origin)) {
                try (Stream<Path> listing = Files.list(origin.resolve(PRESET_DIRECTORY))) {
                    files = listing.map(file -> file.getFileName().toString()).toList();
                }
            } else {
                try (JarFile jar = new JarFile(origin.toFile())) {
                    files = jar.stream().map(JarEntry::getName).filter(name -> name.startsWith(prefix))
                            .map(name -> name.substring(prefix.length())).toList();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not list the bundled presets in " + origin + ": " + e.getMessage(), e);
        }
        return files.stream().filter(name -> name.endsWith(PRESET_SUFFIX) && !name.contains("/"))
                .map(name -> name.substring(0, name.length() - PRESET_SUFFIX.length()))
                .sorted(Comparator.comparingInt(ConfigFiles::algorithmRank).thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    /** The position in {@link AlgorithmKind} of the algorithm a preset's name starts with; PPO's presets name none. */
    private static int algorithmRank(String preset) {
        AlgorithmKind kind = AlgorithmKind.PPO;
        int longestPrefix = 0;
        for (AlgorithmKind candidate : AlgorithmKind.values()) {
            String prefix = candidate.configName() + "-";
            // The longest match: a2c-trust-region-mujoco is a2c-trust-region's, not a2c's.
            if (preset.startsWith(prefix) && prefix.length() > longestPrefix) {
                kind = candidate;
                longestPrefix = prefix.length();
            }
        }
        return kind.ordinal();
    }

    /** The raw key → value text of a bundled preset. */
    public static Map<String, String> preset(String name) {
        String resource = "/" + PRESET_DIRECTORY + "/" + name + PRESET_SUFFIX;
        try (InputStream in = ConfigFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigException("There is no preset named '" + name + "'; use one of " + PRESETS + ".");
            }
            return parse(KeyValueLines.decode(in.readAllBytes(), "preset " + name), "preset " + name);
        } catch (IOException e) {
            throw new ConfigException("Could not read the bundled preset " + name + ": " + e.getMessage());
        }
    }

    /** The raw key → value text of a user config file. */
    public static Map<String, String> file(Path path) {
        try {
            return parse(KeyValueLines.decode(Files.readAllBytes(path), path.toString()), path.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException("There is no config file " + path + "; check the path given to --config.");
        } catch (IOException e) {
            throw new ConfigException("Could not read the config file " + path + " (" + e.getMessage()
                    + "); check the path given to --config.");
        }
    }

    /** Parses {@code key=value} overrides such as {@code clip_range=0.1}. */
    public static Map<String, String> overrides(List<String> assignments) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("The override '" + assignment + "' is not of the form key=value, e.g. --set clip_range=0.1.");
            }
            String key = assignment.substring(0, eq).trim();
            values.put(checkKnown(key, "--set"), assignment.substring(eq + 1).trim());
        }
        return values;
    }

    /**
     * The preset that suits an env id and an update rule: {@code cartpole} for classic discrete
     * control, else {@code mujoco}, prefixed with the algorithm's name when such a preset exists
     * ({@code trpo-mujoco}).
     *
     * @param envId the env
     * @param algorithm the {@code algorithm} key's value, e.g. {@code ppo} or {@code trpo}
     * @return the preset's name
     */
    public static String defaultPresetFor(String envId, String algorithm) {
        String id = JavaEnvs.gymnasiumId(envId);
        String kind = id.startsWith("CartPole") || id.startsWith("Acrobot") || id.startsWith("MountainCar-") ? "cartpole" : "mujoco";
        String own = algorithm.trim() + "-" + kind;
        return PRESETS.contains(own) ? own : kind;
    }

    /**
     * Resolves a run's config the way {@code ./ppo4j train} does: the preset (by name, or the one
     * {@link #defaultPresetFor} picks for the env and the algorithm the other layers name), then a
     * config file, then {@code --set} overrides, then the command line's own flags.
     *
     * @param preset a bundled preset name, or null to choose one by env and algorithm
     */
    public static TrainConfig layered(String preset, Map<String, String> file, Map<String, String> set, Map<String, String> flags) {
        // A named preset keeps its own env unless a layer names another (--preset cartpole trains CartPole).
        String chosen = preset != null ? preset
                : defaultPresetFor(requested("env_id", file, set, flags), requested("algorithm", file, set, flags));
        return resolve(preset(chosen), file, set, flags);
    }

    /**
     * The raw value of {@code key} in the layers of {@link #layered} (the last layer that sets it
     * wins), or its field's {@link Default} (not a preset's: the preset may depend on it).
     */
    public static String requested(String key, Map<String, String> file, Map<String, String> set, Map<String, String> flags) {
        String fallback = Arrays.stream(COMPONENTS).filter(c -> key(c).equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No config key " + key)).getAnnotation(Default.class).value();
        return flags.getOrDefault(key, set.getOrDefault(key, file.getOrDefault(key, fallback)));
    }

    /** Builds a config from layered raw values over the fields' {@link Default}s. */
    @SafeVarargs
    public static TrainConfig resolve(Map<String, String>... layers) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (Map<String, String> layer : layers) {
            layer.forEach((key, value) -> merged.put(ALIASES.getOrDefault(key, key), value));
        }
        Object[] args = new Object[COMPONENTS.length];
        for (int i = 0; i < COMPONENTS.length; i++) {
            String key = key(COMPONENTS[i]);
            String text = merged.getOrDefault(key, COMPONENTS[i].getAnnotation(Default.class).value());
            args[i] = convert(COMPONENTS[i], key, text);
        }
        try {
            Constructor<TrainConfig> constructor = TrainConfig.class.getDeclaredConstructor(
                    Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("TrainConfig's canonical constructor is not accessible.", e);
        }
    }

    /** The config as a commented, readable file that {@link #file} reads back to an equal config. */
    public static String write(TrainConfig config) {
        StringBuilder sb = new StringBuilder("# ppo4j resolved configuration: every field, one documented line each.\n");
        for (RecordComponent component : COMPONENTS) {
            sb.append("\n# ").append(doc(component)).append('\n');
            sb.append(key(component)).append(" = ").append(format(component, config)).append('\n');
        }
        return sb.toString();
    }

    /** The config as an ordered key → text map (for metadata and reports). */
    public static Map<String, String> asMap(TrainConfig config) {
        Map<String, String> map = new LinkedHashMap<>();
        for (RecordComponent component : COMPONENTS) {
            map.put(key(component), format(component, config));
        }
        return map;
    }

    /** Every field with its documentation and its aliases, for {@code --list-config}. */
    public static String describe(TrainConfig defaults) {
        StringBuilder sb = new StringBuilder();
        for (RecordComponent component : COMPONENTS) {
            List<String> aliases = ALIASES.entrySet().stream().filter(a -> a.getValue().equals(key(component)))
                    .map(Map.Entry::getKey).toList();
            sb.append(String.format(Locale.ROOT, "%-26s %-14s %s%s%n", key(component), format(component, defaults), doc(component),
                    aliases.isEmpty() ? "" : " (also: " + String.join(", ", aliases) + ")"));
        }
        return sb.toString();
    }

    private static String doc(RecordComponent component) {
        String doc = component.getAnnotation(Doc.class).value();
        Class<?> type = component.getType();
        return type.isEnum() ? doc.replace(Doc.VALUES, allowedNames(type)) : doc;
    }

    private static Object valueOf(RecordComponent component, TrainConfig config) {
        try {
            return component.getAccessor().invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String format(RecordComponent component, TrainConfig config) {
        Object value = valueOf(component, config);
        if (value == null) {
            return absentWord(key(component));
        } else if (value instanceof Enum<?> constant) {
            return configName(constant);
        } else if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        } else if (value instanceof Double d) {
            return formatNumber(d);
        }
        return String.valueOf(value);
    }

    /**
     * A double as the presets write it: Java's shortest round-trip digits, with an exponent
     * written {@code 3e-4} rather than {@code 3.0E-4}, and {@code inf} for infinity.
     */
    static String formatNumber(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String text = Double.toString(d);
        int exponent = text.indexOf('E');
        if (exponent < 0) {
            return text;
        }
        String mantissa = text.substring(0, exponent);
        return (mantissa.endsWith(".0") ? mantissa.substring(0, mantissa.length() - 2) : mantissa) + "e" + text.substring(exponent + 1);
    }

    /** The word for a field left unset: 'auto' where the trainer then derives it (value_clip_range), else 'off'. */
    private static String absentWord(String key) {
        return "value_clip_range".equals(key) ? "auto" : "off";
    }

    private static String configName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The enum's config names, e.g. {@code clip, dual-clip or none}. */
    private static String allowedNames(Class<?> enumType) {
        List<String> names = Arrays.stream(enumType.getEnumConstants()).map(c -> configName((Enum<?>) c)).toList();
        int last = names.size() - 1;
        return last == 0 ? names.get(0) : String.join(", ", names.subList(0, last)) + " or " + names.get(last);
    }

    private static Object parseEnum(Class<?> enumType, String text) {
        String name = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Object constant : enumType.getEnumConstants()) {
            if (configName((Enum<?>) constant).equals(name)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(text);
    }

    private static Map<String, String> parse(String text, String source) {
        Map<String, String> values = new LinkedHashMap<>();
        for (KeyValueLines.Line line : KeyValueLines.lines(text)) {
            String where = source + " line " + line.number();
            String printable = KeyValueLines.printable(line.text());
            if (!printable.equals(line.text())) {
                throw new ConfigException(where + " holds characters that are not text: '" + printable
                        + "'; remove them (an editor that shows control characters helps).");
            }
            if (!line.isAssignment()) {
                throw new ConfigException(where + ": expected 'key = value'; got '" + KeyValueLines.printable(line.text()) + "'.");
            }
            String key = checkKnown(line.key(), where);
            if (values.put(key, line.value()) != null) {
                throw new ConfigException(where + ": '" + key + "' is set a second time" + (key.equals(line.key()) ? "" : " (as "
                        + line.key() + ")") + "; keep one of the two lines.");
            }
        }
        return values;
    }

    /**
     * Checks that {@code key} is a config key or one of its {@link #ALIASES}.
     *
     * @param source where the key came from, for the message (a file, {@code --set}, a grid section)
     * @return the config key it names
     * @throws ConfigException naming the closest known key
     */
    public static String checkKnown(String key, String source) {
        String canonical = ALIASES.getOrDefault(key, key);
        if (!keys().contains(canonical)) {
            String closest = keys().stream().min(Comparator.comparingInt(k -> CloseMatches.editDistance(k, key))).orElseThrow();
            throw new ConfigException("Unknown config key '" + KeyValueLines.printable(key) + "' in " + source + "; did you mean '"
                    + closest + "'? (./ppo4j train --list-config lists every key)");
        }
        return canonical;
    }

    private static Object convert(RecordComponent component, String key, String text) {
        Class<?> type = component.getType();
        String fix = null;
        try {
            if (type == String.class) {
                return text;
            } else if (type == long.class) {
                fix = "a whole number, e.g. 1000000";
                return Long.parseLong(text.replace("_", ""));
            } else if (type == int.class) {
                fix = "a whole number";
                return Integer.parseInt(text.replace("_", ""));
            } else if (type == double.class) {
                fix = "a number" + ("max_grad_norm".equals(key) ? " or 'inf'" : "");
                return "inf".equalsIgnoreCase(text) ? Double.POSITIVE_INFINITY : Double.parseDouble(text);
            } else if (type == Double.class) {
                fix = "a number or '" + absentWord(key) + "'";
                // Either word reads as absent: run directories written before value_clip_range was
                // written as 'auto' say 'off' for it, and mean the same.
                return "off".equalsIgnoreCase(text) || "auto".equalsIgnoreCase(text) ? null : Double.valueOf(text);
            } else if (type == boolean.class) {
                fix = "true or false";
                if (!"true".equalsIgnoreCase(text) && !"false".equalsIgnoreCase(text)) {
                    throw new IllegalArgumentException(text);
                }
                return Boolean.parseBoolean(text);
            } else if (type.isEnum()) {
                fix = allowedNames(type);
                return parseEnum(type, text);
            } else if (type == List.class) {
                fix = "comma-separated whole numbers, e.g. 64,64";
                List<Integer> sizes = new ArrayList<>();
                for (String part : text.split(",")) {
                    sizes.add(Integer.parseInt(part.trim()));
                }
                return sizes;
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Config field " + key + " has the value '" + KeyValueLines.printable(text) + "', which is not "
                    + (fix != null ? fix : "valid") + (fix == null ? ": " + e.getMessage() : "") + ".");
        }
        throw new IllegalStateException("No conversion for config field " + key + " of type " + type);
    }
}
