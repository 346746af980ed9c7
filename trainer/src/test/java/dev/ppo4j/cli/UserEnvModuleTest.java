package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.bridge.PythonRuntime;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's advice for a custom env, end to end: register a Gymnasium env in a module of your
 * own, put its directory on {@code PYTHONPATH}, and pass {@code module:EnvId} to
 * {@code ./ppo4j train}; then evaluate the policy with {@code ./ppo4j eval} and with Python's
 * {@code ppo4j.run_policy}. Each runs as its own process, as from a shell, so the user's
 * {@code PYTHONPATH} comes from the environment as it does for a user.
 */
class UserEnvModuleTest {
    private static final String ENV_ID = "user_envs:user_envs/ShortCartPole-v0";

    @TempDir
    Path temp;

    @Test
    void aUserModuleOnPythonPathTrainsAndEvaluates() throws IOException, InterruptedException {
        Path userPath = Files.createDirectories(temp.resolve("my-envs"));
        Files.writeString(userPath.resolve("user_envs.py"), "import gymnasium\n"
                + "gymnasium.register('user_envs/ShortCartPole-v0',"
                + " entry_point='gymnasium.envs.classic_control.cartpole:CartPoleEnv', max_episode_steps=3)\n");
        Path run = temp.resolve("run");

        // the cartpole preset's batch is 256 steps: one update
        String trained = runPpo4j(userPath, "train", "--env", ENV_ID, "--preset", "cartpole", "--steps", "256",
                "--out", run.toString());
        assertTrue(trained.contains("Trained " + ENV_ID + " for 256 steps"), trained);

        String evaluated = runPpo4j(userPath, "eval", "--policy", run.resolve("policy.onnx").toString(), "--episodes", "2", "--json");
        assertTrue(evaluated.contains("\"lengths\":[3,3]"), "the user's 3-step registration is the env eval made: " + evaluated);

        PythonRuntime runtime = PythonRuntime.locate();
        String python = run(List.of(runtime.python().toString(), "-m", "ppo4j.run_policy", "--policy",
                run.resolve("policy.onnx").toString(), "--episodes", "2", "--json"),
                runtime.pythonPath() + File.pathSeparator + userPath);
        assertTrue(python.contains("\"lengths\": [3, 3]"), python);
    }

    /** {@code ./ppo4j args...} in a new JVM whose environment has {@code PYTHONPATH=userPath}; its output and errors. */
    private String runPpo4j(Path userPath, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return run(command, userPath.toString());
    }

    private String run(List<String> command, String pythonPath) throws IOException, InterruptedException {
        Path log = Files.createTempFile(temp, "process-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PYTHONPATH", pythonPath);
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), command + " did not finish within 180 s");
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), command + " failed:\n" + output);
        return output;
    }
}
