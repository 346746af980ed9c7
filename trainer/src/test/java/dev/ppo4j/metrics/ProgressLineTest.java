package dev.ppo4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The progress bar's line as a terminal of a given width shows it (colour codes left out). */
class ProgressLineTest {
    private static final ProgressLine.Status RETURN = new ProgressLine.Status("mean return 1234.5 (last 100 episodes)",
            "return 1234.5");
    private static final ProgressLine.Status NO_RETURN_YET = new ProgressLine.Status("mean return - (no finished episode yet)",
            "return -");

    private static String rendered(String task, long step, long total, double stepsPerSecond, ProgressLine.Status status,
            int width) {
        String line = ProgressLine.render(new ProgressLine.State(task, step, total, stepsPerSecond, status), width)
                .replaceAll("\u001b\\[[0-9;]*m", "");
        assertEquals(width, line.codePointCount(0, line.length()), "not the terminal's width: '" + line + "'");
        return line.stripTrailing();
    }

    @Test
    void aWideTerminalShowsEveryFieldInFull() {
        assertEquals("Hopper-v5  20% │█████████▊                                      │ 204,800/1,000,000 steps | 2,150 steps/s"
                + " | ETA 0:06:10 | mean return 1234.5 (last 100 episodes)",
                rendered("Hopper-v5", 204_800, 1_000_000, 2150, RETURN, 160));
    }

    @Test
    void aSpeedOfMillionsIsCompactSoTheEightyColumnLineKeepsItsFields() {
        // A first redraw a millisecond after the start reports an absurd speed; the line must still hold everything.
        String line = rendered("Hopper-v5", 204_800, 1_000_000, 204_800_000.0, RETURN, 79);
        assertEquals("Hopper-v5 │██        │ 204.8k/1M | 204.8M steps/s | ETA 0:00:00 | return 1234.5", line);
    }

    @Test
    void eightyColumnsKeepTheBarTheSpeedTheEtaAndTheReturn() {
        // An 80-column terminal leaves 79 for the line.
        assertEquals("Hopper-v5 │██▎        │ 204.8k/1M | 2,150 steps/s | ETA 0:06:10 | return 1234.5",
                rendered("Hopper-v5", 204_800, 1_000_000, 2150, RETURN, 79));
        assertEquals(" 20% │███▎            │ 204.8k/1M | 2,150 steps/s | ETA 0:06:10 | return 1234.5",
                rendered("InvertedDoublePendulum-v5", 204_800, 1_000_000, 2150, RETURN, 79));
        assertEquals(" 25% │███         │ 1.02M/4.09M | 9,500 steps/s | ETA 0:05:23 | 3/16 runs ended",
                rendered("compare tricks", 1_024_000, 4_096_000, 9500,
                        new ProgressLine.Status("3 of 16 runs ended, 2 running", "3/16 runs ended"), 79));
    }

    @Test
    void anUnknownSpeedShowsAQuestionMarkAndATooNarrowTerminalLosesTheBarFirst() {
        assertEquals("java:CartPole-v1 │             │ 0/19,968 | ? steps/s | ETA ? | return -",
                rendered("java:CartPole-v1", 0, 19_968, Double.NaN, NO_RETURN_YET, 72));
        assertEquals("  0% 0/19,968 | ? steps/s | ETA ? | return -",
                rendered("java:CartPole-v1", 0, 19_968, 0, NO_RETURN_YET, 50));
        assertEquals("  0% 0/19,968 | ? steps/s | E", rendered("java:CartPole-v1", 0, 19_968, 0, RETURN, 29));
    }

    @Test
    void compactCountsRoundDown() {
        assertEquals("768", ProgressLine.count(768, true));
        assertEquals("64.5k", ProgressLine.count(64_512, true));
        assertEquals("999.9k", ProgressLine.count(999_999, true));
        assertEquals("1M", ProgressLine.count(1_000_000, true));
        assertEquals("1,000,000", ProgressLine.count(1_000_000, false));
    }
}
