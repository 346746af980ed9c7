package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ppo4j.onnx.GraphBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./ppo4j eval} on a file that is not a loadable policy, or on a policy for another env:
 * one paragraph naming the file, what is wrong and what to pass, and no stack trace.
 */
class EvalErrorsTest {
    @TempDir
    static Path temp;

    private static Path cartPolePolicy;

    /** Exit status and standard error of one in-process command line. */
    private record Outcome(int exitCode, String stderr) {}

    @BeforeAll
    static void trainACartPolePolicy() {
        Path run = temp.resolve("cartpole");
        // the cartpole preset's batch is 256 steps: one update
        Outcome trained = run("train", "--env", "java:CartPole-v1", "--steps", "256", "--out", run.toString());
        assertEquals(0, trained.exitCode(), trained.stderr());
        cartPolePolicy = run.resolve("policy.onnx");
    }

    private static Outcome run(String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        return new Outcome(commandLine.execute(args), err.toString());
    }

    private static void assertOneParagraph(Outcome outcome, String... fragments) {
        assertEquals(1, outcome.exitCode(), outcome.stderr());
        for (String fragment : fragments) {
            assertTrue(outcome.stderr().contains(fragment), "stderr lacks '" + fragment + "': " + outcome.stderr());
        }
        assertFalse(outcome.stderr().contains("\tat ") || outcome.stderr().contains("Exception"),
                "stderr shows a stack trace: " + outcome.stderr());
        assertFalse(outcome.stderr().contains(".cc:"), "stderr shows ONNX Runtime's source location: " + outcome.stderr());
        assertEquals(1, outcome.stderr().strip().lines().count(), "more than one paragraph: " + outcome.stderr());
    }

    @Test
    void textFileIsNotAPolicy() throws IOException {
        Path text = Files.writeString(temp.resolve("notes.onnx"), "hello\n");
        assertOneParagraph(run("eval", "--policy", text.toString()), text.toString(), "not an ONNX model",
                "Pass the policy.onnx");
    }

    @Test
    void truncatedPolicyIsNotAPolicy() throws IOException {
        byte[] whole = Files.readAllBytes(cartPolePolicy);
        Path truncated = Files.write(temp.resolve("truncated.onnx"), Arrays.copyOf(whole, whole.length / 2));
        assertOneParagraph(run("eval", "--policy", truncated.toString()), truncated.toString(), "cut short", "Pass the policy.onnx");
    }

    @Test
    void newerIrVersionSaysSo() throws IOException {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(cartPolePolicy)).toBuilder().setIrVersion(99).build();
        Path newer = Files.write(temp.resolve("newer.onnx"), model.toByteArray());
        assertOneParagraph(run("eval", "--policy", newer.toString()), newer.toString(), "newer ONNX Runtime", "IR version 99");
    }

    @Test
    void onnxModelThatIsNotAPolicyNamesItsInputsAndOutputs() throws IOException {
        GraphBuilder g = new GraphBuilder("identity");
        g.output("y", g.input("x", GraphBuilder.BATCH, 2));
        Path other = Files.write(temp.resolve("other.onnx"), g.build().toByteArray());
        assertOneParagraph(run("eval", "--policy", other.toString()), other.toString(), "not a ppo4j policy", "[x]", "[y]");
    }

    @Test
    void policyForAnotherEnvNamesBothAndTheTrainingEnv() {
        assertOneParagraph(run("eval", "--policy", cartPolePolicy.toString(), "--env", "java:Pendulum-v1", "--episodes", "1"),
                "expects observations of 4 values but java:Pendulum-v1 gives 3", "env_id=java:CartPole-v1");
    }

    @Test
    void missingFileSaysSo() {
        Path missing = temp.resolve("missing.onnx");
        assertOneParagraph(run("eval", "--policy", missing.toString()), "There is no policy file at " + missing);
    }

    @Test
    void theTrainedPolicyStillEvaluates() {
        Outcome outcome = run("eval", "--policy", cartPolePolicy.toString(), "--episodes", "1");
        assertEquals(0, outcome.exitCode(), outcome.stderr());
    }
}
