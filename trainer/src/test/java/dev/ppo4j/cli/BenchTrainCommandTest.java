package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code ./ppo4j bench train} on a pure-Java env prints consistent figures (their values are not checked: timings are noisy). */
class BenchTrainCommandTest {
    @Test
    void jsonLineHoldsTheSpeedSplitAndPeakMemory() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("bench", "train", "--env", "java:Pendulum-v1", "--envs", "2", "--groups", "2", "--steps", "4096",
                        "--direct-steps", "2000", "--json");

        assertEquals(0, exitCode, err.toString());
        String[] lines = out.toString().strip().split("\n");
        assertEquals(1, lines.length, "--json prints one line: " + out);
        JsonObject figures = JsonParser.parseString(lines[0]).getAsJsonObject();
        assertEquals(4096, figures.get("steps").getAsLong());
        double wall = figures.get("wall_seconds").getAsDouble();
        double collect = figures.get("collect_seconds").getAsDouble();
        double update = figures.get("update_seconds").getAsDouble();
        assertTrue(collect > 0 && update > 0 && collect + update <= wall, figures.toString());
        assertEquals(4096 / wall, figures.get("sps").getAsDouble(), 1e-6 * figures.get("sps").getAsDouble());
        assertTrue(figures.get("peak_rss_mib").getAsDouble() >= figures.get("jvm_peak_rss_mib").getAsDouble(), figures.toString());
        assertTrue(figures.get("jvm_peak_rss_mib").getAsDouble() > 0, "VmHWM was not read: " + figures);
        assertEquals(2, figures.get("groups").getAsInt());
        double direct = figures.get("direct_sps").getAsDouble();
        assertTrue(direct > 0, figures.toString());
        assertEquals(figures.get("sps").getAsDouble() / direct, figures.get("train_ratio").getAsDouble(), 1e-9, figures.toString());
        assertEquals(4096 / collect / direct, figures.get("collect_ratio").getAsDouble(), 1e-9, figures.toString());
        double bound = figures.get("train_ratio_bound").getAsDouble();
        assertEquals(4096 / direct / (4096 / direct + wall - collect), bound, 1e-9, figures.toString());
    }

    @Test
    void batchThatTheEnvCountCannotSplitIsRejectedWithAMessage() {
        StringWriter err = new StringWriter();
        int exitCode = Main.commandLine().setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true))
                .execute("bench", "train", "--env", "java:Pendulum-v1", "--envs", "3", "--steps", "4096");
        assertTrue(exitCode != 0);
        assertTrue(err.toString().contains("--envs must divide the batch of 2048"), err.toString());
    }
}
