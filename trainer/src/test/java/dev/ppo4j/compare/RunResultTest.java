package dev.ppo4j.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's score, curve and compute, read back from the files {@code ./ppo4j train} writes, against hand-computed values. */
class RunResultTest {
    @TempDir
    Path run;

    @Test
    void scoreAndCurveAreTrailingMeansOfTheLast100Episodes() throws IOException {
        // 150 episodes; episode i returns i and ends at step 10 (i + 1).
        StringBuilder episodes = new StringBuilder("global_step,return,length\n");
        for (int i = 0; i < 150; i++) {
            episodes.append(10 * (i + 1)).append(',').append(i).append(".0,10.0\n");
        }
        Files.writeString(run.resolve("episodes.csv"), episodes);
        Files.writeString(run.resolve("metrics.csv"), "global_step,time/collect_seconds,time/update_seconds\n"
                + "750,1.5,0.25\n1500,2.0,0.25\n");

        RunResult result = RunResult.read(run, "v", "Env-v0", 1);

        // Score: the mean of episodes 50..149 = (50 + 149) / 2 = 99.5.
        assertEquals(99.5, result.score(), 1e-12);
        // At step 5 no episode has ended; at 10 only episode 0 (return 0); at 1000 episodes 0..99 (mean 49.5);
        // at 1005 still 0..99; at 1500 episodes 50..149 (mean 99.5).
        double[] curve = result.curve(new double[] {5, 10, 1000, 1005, 1500});
        assertTrue(Double.isNaN(curve[0]));
        assertArrayEquals(new double[] {0, 49.5, 49.5, 99.5}, java.util.Arrays.copyOfRange(curve, 1, 5), 1e-12);
        // Compute: (1.5 + 0.25) + (2.0 + 0.25) seconds; steps done: the last row's step.
        assertEquals(4.0, result.trainingSeconds(), 1e-12);
        assertEquals(1500, result.stepsDone());
        assertNull(result.evaluationReturns(), "no evaluation.json, no evaluation");
    }

    @Test
    void theCurveEndsAtTheStepsTrained() throws IOException {
        Files.writeString(run.resolve("episodes.csv"), "global_step,return,length\n100,1.0,100.0\n200,3.0,100.0\n");
        Files.writeString(run.resolve("metrics.csv"), "global_step,time/collect_seconds,time/update_seconds\n256,1.0,0.5\n");

        RunResult result = RunResult.read(run, "v", "Env-v0", 1);

        // Trained 256 steps: nothing is known of the steps after, which a grid of 1000 nominal steps asks about.
        double[] curve = result.curve(new double[] {128, 256, 512, 1000});
        assertArrayEquals(new double[] {1, 2}, java.util.Arrays.copyOfRange(curve, 0, 2), 1e-12);
        assertTrue(Double.isNaN(curve[2]) && Double.isNaN(curve[3]), "the curve runs on past the steps trained: "
                + java.util.Arrays.toString(curve));
    }

    @Test
    void evaluationReturnsComeFromEvaluationJson() throws IOException {
        Files.writeString(run.resolve("episodes.csv"), "global_step,return,length\n5,1.0,5.0\n");
        Files.writeString(run.resolve("evaluation.json"), "{\"env_id\":\"E\",\"returns\":[3.0,1.0,2.0],\"mean\":2.0}\n");
        RunResult result = RunResult.read(run, "v", "E", 1);
        assertArrayEquals(new double[] {3, 1, 2}, result.evaluationReturns());
        assertEquals(1.0, result.score());
        assertEquals(0, result.stepsDone(), "no metrics.csv yet: nothing counted");
    }
}
