package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ppo4j compare --executor ray}: a small grid whose runs are Ray tasks on a private
 * local Ray instance (the real {@code ray} package, started by {@code ppo4j.ray_runner}), each
 * running the same trainer command a local run would.
 */
class CompareRayTest {
    @TempDir
    Path temp;

    @Test
    void smallGridRunsAsRayTasksAndProducesTheReport() throws Exception {
        Path gridFile = temp.resolve("ray.grid");
        Files.writeString(gridFile, "name = ray-small\nenvs = java:CartPole-v1, CartPole-v1\nseeds = 2\nsteps = 8192\n"
                + "eval_episodes = 2\n\n[clip]\nobjective = clip\n");
        Path out = temp.resolve("grid");

        int exitCode = Main.commandLine().execute("compare", "--grid", gridFile.toString(), "--out", out.toString(),
                "--executor", "ray", "--address", "local");

        assertEquals(0, exitCode);
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(5, rows.size(), "one row per run: " + rows);
        for (String row : rows.subList(1, rows.size())) {
            assertEquals("8192", row.split(",")[4], "every Ray task trained its run in full: " + row);
        }
        for (String run : List.of("java_CartPole-v1/seed-1", "java_CartPole-v1/seed-2", "CartPole-v1/seed-1", "CartPole-v1/seed-2")) {
            assertTrue(Files.isRegularFile(out.resolve("runs/clip/" + run + "/evaluation.json")), run + " was not evaluated");
            assertTrue(Files.readString(out.resolve("runs/clip/" + run + ".log")).contains("Trained "), run + "'s task log is empty");
        }
        assertTrue(Files.readString(out.resolve("report.md")).contains("Ray tasks on a local Ray instance"));
    }
}
