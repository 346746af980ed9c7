package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.metrics.VenvPython;
import dev.ppo4j.train.PolicyEvaluator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ppo4j eval} and Python's {@code ppo4j.run_policy} print the same table for the same
 * policy, env and seeds: episodes numbered from 1, their seeds, returns and lengths, and the
 * same statistics to the same digits.
 */
class EvalTableTest {
    private static final int EPISODES = 8;

    @TempDir
    Path temp;

    @Test
    void javaAndPythonPrintTheSameTable() throws Exception {
        Path run = temp.resolve("cartpole");
        // the cartpole preset's batch is 256 steps: one update
        assertEquals(0, Main.commandLine().execute("train", "--env", "java:CartPole-v1", "--steps", "256", "--out", run.toString()));
        Path policy = run.resolve("policy.onnx");

        // Gymnasium's CartPole in a worker for both, so that only the two evaluators differ.
        String java = Evaluation.run(policy, "CartPole-v1", null, EPISODES, PolicyEvaluator.DEFAULT_SEED).table();
        String python = VenvPython.runModule("ppo4j.run_policy", "--policy", policy.toString(), "--env", "CartPole-v1",
                "--episodes", Integer.toString(EPISODES), "--seed", Long.toString(PolicyEvaluator.DEFAULT_SEED));

        assertEquals(java, python);
        assertTrue(java.lines().skip(1).findFirst().orElseThrow().startsWith("1        1000 "), java);
        assertTrue(java.lines().toList().get(EPISODES + 1).contains(" IQR ") && java.contains(" CVaR(0.25) "), java);
    }
}
