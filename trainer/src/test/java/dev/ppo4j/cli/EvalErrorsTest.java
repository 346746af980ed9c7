package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ppo4j.onnx.GraphBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ppo4j eval} on a file that is not a loadable policy, or on a policy for another env:
 * one paragraph naming the file, what is wrong and what to pass, and no stack trace.
 */
class EvalErrorsTest {
    @TempDir
    static Path temp;

    private static Path cartPolePolicy;

    @BeforeAll
    static void trainACartPolePolicy() {
        Path run = temp.resolve("cartpole");
        // the cartpole preset's batch is 256 steps: one update
        CommandLineRun trained = CommandLineRun.of("train", "--env", "java:CartPole-v1", "--steps", "256", "--out", run.toString());
        assertEquals(0, trained.exitCode(), trained.err());
        cartPolePolicy = run.resolve("policy.onnx");
    }

    private static void assertOneParagraph(CommandLineRun outcome, String... fragments) {
        assertEquals(1, outcome.exitCode(), outcome.err());
        for (String fragment : fragments) {
            assertTrue(outcome.err().contains(fragment), "stderr lacks '" + fragment + "': " + outcome.err());
        }
        assertFalse(outcome.err().contains("\tat ") || outcome.err().contains("Exception"),
                "stderr shows a stack trace: " + outcome.err());
        assertFalse(outcome.err().contains(".cc:"), "stderr shows ONNX Runtime's source location: " + outcome.err());
        assertEquals(1, outcome.err().strip().lines().count(), "more than one paragraph: " + outcome.err());
    }

    @Test
    void textFileIsNotAPolicy() throws IOException {
        Path text = Files.writeString(temp.resolve("notes.onnx"), "hello\n");
        assertOneParagraph(CommandLineRun.of("eval", "--policy", text.toString()), text.toString(), "not an ONNX model",
                "Pass the policy.onnx");
    }

    @Test
    void truncatedPolicyIsNotAPolicy() throws IOException {
        byte[] whole = Files.readAllBytes(cartPolePolicy);
        Path truncated = Files.write(temp.resolve("truncated.onnx"), Arrays.copyOf(whole, whole.length / 2));
        assertOneParagraph(CommandLineRun.of("eval", "--policy", truncated.toString()), truncated.toString(), "cut short", "Pass the policy.onnx");
    }

    @Test
    void newerIrVersionSaysSo() throws IOException {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(cartPolePolicy)).toBuilder().setIrVersion(99).build();
        Path newer = Files.write(temp.resolve("newer.onnx"), model.toByteArray());
        assertOneParagraph(CommandLineRun.of("eval", "--policy", newer.toString()), newer.toString(), "newer ONNX Runtime", "IR version 99");
    }

    @Test
    void onnxModelThatIsNotAPolicyNamesItsInputsAndOutputs() throws IOException {
        GraphBuilder g = new GraphBuilder("identity");
        g.output("y", g.input("x", GraphBuilder.BATCH, 2));
        Path other = Files.write(temp.resolve("other.onnx"), g.build().toByteArray());
        assertOneParagraph(CommandLineRun.of("eval", "--policy", other.toString()), other.toString(), "not a ppo4j policy", "[x]", "[y]");
    }

    @Test
    void policyForAnotherEnvNamesBothAndTheTrainingEnv() {
        assertOneParagraph(CommandLineRun.of("eval", "--policy", cartPolePolicy.toString(), "--env", "java:Pendulum-v1", "--episodes", "1"),
                "expects observations of 4 values but java:Pendulum-v1 gives 3", "env_id=java:CartPole-v1");
    }

    @Test
    void missingFileSaysSo() {
        Path missing = temp.resolve("missing.onnx");
        assertOneParagraph(CommandLineRun.of("eval", "--policy", missing.toString()), "There is no policy file at " + missing);
    }

    @Test
    void theTrainedPolicyStillEvaluates() {
        CommandLineRun outcome = CommandLineRun.of("eval", "--policy", cartPolePolicy.toString(), "--episodes", "1");
        assertEquals(0, outcome.exitCode(), outcome.err());
    }
}
