package dev.ppo4j.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.compare.Grid;
import dev.ppo4j.compare.GridFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ini} block of the README (grid files) and every {@code properties} block (config
 * files) goes through the parser a user's copy of it would meet, and resolves to a valid grid or
 * config: the README's examples are files that work.
 */
class ReadmeExamplesTest {
    private static final Pattern FENCED_BLOCK = Pattern.compile("(?ms)^```(ini|properties)\\n(.*?)^```");

    /** One fenced block: its language tag, the README line it starts on, its text. */
    private record Block(String language, int line, String text) {}

    private static String readme() throws IOException {
        // Surefire runs in the trainer module's directory; the README is the project's.
        return Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    }

    private static List<Block> readmeBlocks() throws IOException {
        String readme = readme();
        List<Block> blocks = new ArrayList<>();
        Matcher m = FENCED_BLOCK.matcher(readme);
        while (m.find()) {
            int line = (int) readme.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
            blocks.add(new Block(m.group(1), line, m.group(2)));
        }
        return blocks;
    }

    @Test
    void everyGridAndConfigExampleOfTheReadmeParses(@TempDir Path dir) throws IOException {
        List<Block> blocks = readmeBlocks();
        assertFalse(blocks.stream().noneMatch(b -> b.language().equals("ini")), "the README has no grid example");
        assertFalse(blocks.stream().noneMatch(b -> b.language().equals("properties")), "the README has no config example");
        for (Block block : blocks) {
            String where = "README.md line " + block.line();
            if (block.language().equals("ini")) {
                Grid grid = assertDoesNotThrow(() -> GridFiles.parse(block.text(), where), where);
                grid.variants().forEach(v -> assertDoesNotThrow(
                        () -> ConfigFiles.layered(grid.preset(), v.overrides(), Map.of(), Map.of("env_id", grid.envs().get(0))),
                        where + " [" + v.name() + "]"));
            } else {
                Path file = Files.writeString(dir.resolve("readme-" + block.line() + ".properties"), block.text());
                assertDoesNotThrow(() -> ConfigFiles.layered(null, ConfigFiles.file(file), Map.of(), Map.of()), where);
            }
        }
    }

    @Test
    void inlineCommentsEndTheValueInGridAndConfigFiles(@TempDir Path dir) throws IOException {
        Grid grid = GridFiles.parse("name = g   # the name\nenvs = Hopper-v5\nsteps = 2048\npreset = mujoco  # optional\neval_episodes = 10\t# optional\n"
                + "\n[a]  # a variant\nclip_range = 0.1 # smaller\n", "grid");
        assertEquals("mujoco", grid.preset());
        assertEquals(10, grid.evalEpisodes());
        assertEquals(Map.of("clip_range", "0.1"), grid.variants().get(0).overrides());

        Path file = Files.writeString(dir.resolve("my.properties"), "clip_range = 0.1   # smaller\n  # indented comment\n"
                + "env_kwargs = {\"tag\": \"a#b\"}\n");
        Map<String, String> values = ConfigFiles.file(file);
        assertEquals("0.1", values.get("clip_range"));
        assertEquals("{\"tag\": \"a#b\"}", values.get("env_kwargs"), "a # with no blank before it is part of the value");
    }

    @Test
    void theNameTableListsExactlyTheAcceptedAliasesOnTheirKeysRows() throws IOException {
        List<String> lines = readme().lines().toList();
        int header = lines.indexOf("| ppo4j | Stable-Baselines3 | CleanRL | note |");
        assertTrue(header >= 0, "the README has no table of Stable-Baselines3 and CleanRL names");
        Pattern name = Pattern.compile("`([a-z_]+)`");
        Map<String, String> listed = new java.util.HashMap<>();
        for (String row : lines.subList(header + 2, lines.size()).stream().takeWhile(l -> l.startsWith("|")).toList()) {
            String[] cells = row.split("\\|");
            List<String> keys = name.matcher(cells[1]).results().map(r -> r.group(1)).toList();
            keys.forEach(key -> assertTrue(ConfigFiles.keys().contains(key), key + " in the table is no config key"));
            for (String cell : List.of(cells[2], cells[3])) {
                for (String other : name.matcher(cell).results().map(r -> r.group(1)).toList()) {
                    String meant = ConfigFiles.ALIASES.getOrDefault(other, other);
                    assertTrue(keys.contains(meant), "'" + other + "' on the row of " + keys + " is not accepted for it: " + row);
                    if (!other.equals(meant)) {
                        listed.put(other, meant);
                    }
                }
            }
        }
        assertEquals(ConfigFiles.ALIASES, listed, "the table and the accepted aliases differ");
    }
}
