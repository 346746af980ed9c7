package dev.ppo4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConfigFiles#PRESETS} is derived from the preset files, in a build's class directory and in a jar. */
class PresetListingTest {
    private static final Path SOURCES = Path.of("src/main/resources/presets");

    @TempDir
    Path dir;

    @Test
    void everyPresetFileIsListedPpoFirstThenByAlgorithm() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            assertEquals(files.map(f -> f.getFileName().toString().replace(".properties", "")).sorted().toList(),
                    ConfigFiles.PRESETS.stream().sorted().toList());
        }
        assertEquals(List.of("cartpole", "mujoco", "mujoco-paper"), ConfigFiles.PRESETS.subList(0, 3), "PPO's presets first");
        List<String> presets = ConfigFiles.PRESETS;
        assertTrue(presets.indexOf("trpo-mujoco") < presets.indexOf("a2c-cartpole")
                && presets.indexOf("a2c-mujoco") < presets.indexOf("a2c-trust-region-cartpole")
                && presets.indexOf("a2c-trust-region-mujoco") < presets.indexOf("cem-cartpole"),
                "then by algorithm, a2c-trust-region's after a2c's: " + presets);
    }

    /** As ./ppo4j runs it: ConfigFiles loaded from a jar that holds the presets. */
    @Test
    void presetsAreListedFromTheJarConfigFilesIsLoadedFrom() throws Exception {
        Path jar = dir.resolve("trainer.jar");
        Path classes = Path.of(ConfigFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            try (Stream<Path> config = Files.walk(classes.resolve("dev/ppo4j/config"))) {
                for (Path file : config.filter(Files::isRegularFile).toList()) {
                    add(out, classes.relativize(file).toString().replace(File.separatorChar, '/'), Files.readAllBytes(file));
                }
            }
            add(out, "presets/trpo-walker.properties", "algorithm = trpo\n".getBytes());
            add(out, "presets/walker.properties", "env_id = Walker2d-v5\n".getBytes());
            add(out, "presets/README.txt", "not a preset\n".getBytes());
        }
        List<URL> path = new ArrayList<>(List.of(jar.toUri().toURL()));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            path.add(Path.of(entry).toUri().toURL());
        }
        try (URLClassLoader loader = new URLClassLoader(path.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Object presets = Class.forName(ConfigFiles.class.getName(), true, loader).getField("PRESETS").get(null);
            assertEquals(List.of("walker", "trpo-walker"), presets);
        }
    }

    private static void add(JarOutputStream jar, String name, byte[] content) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(content);
        jar.closeEntry();
    }
}
