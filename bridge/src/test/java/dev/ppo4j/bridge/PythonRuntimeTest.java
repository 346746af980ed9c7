package dev.ppo4j.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.env.StepResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the bridge finds the project's Python: PPO4J_PYTHON, else home/.venv; home from PPO4J_HOME or
 * the working directory; and the PYTHONPATH its processes get: the project's python/, then the user's.
 */
class PythonRuntimeTest {

    @TempDir
    Path tmp;

    private Path fakeHome() throws IOException {
        Path home = tmp.resolve("project");
        Files.createDirectories(home.resolve("python/ppo4j"));
        Files.writeString(home.resolve("python/ppo4j/__init__.py"), "");
        Path python = home.resolve(".venv/bin/python");
        Files.createDirectories(python.getParent());
        Files.writeString(python, "#!/bin/sh\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    @Test
    void homeIsTheFirstAncestorHoldingThePackage() throws IOException {
        Path home = fakeHome();
        Path nested = Files.createDirectories(home.resolve("trainer/target/run"));
        PythonRuntime runtime = PythonRuntime.locate(Map.of(), nested);
        assertEquals(home, runtime.home());
        assertEquals(home.resolve(".venv/bin/python"), runtime.python());
        assertEquals(home.resolve("python").toString(), runtime.module("ppo4j.worker").environment().get("PYTHONPATH"));
    }

    @Test
    void theUsersPythonPathFollowsTheProjectsOwn() throws IOException {
        Path home = fakeHome();
        String user = "/opt/envs" + File.pathSeparator + "/srv/more-envs";
        PythonRuntime runtime = PythonRuntime.locate(Map.of("PYTHONPATH", user), home);
        assertEquals(home.resolve("python") + File.pathSeparator + user,
                runtime.module("ppo4j.worker").environment().get("PYTHONPATH"));
    }

    @Test
    void aWorkerImportsAUserModuleFromPythonPathButNotAShadowOfPpo4j() throws IOException {
        Path userPath = Files.createDirectories(tmp.resolve("user"));
        Files.writeString(userPath.resolve("user_envs.py"), "import gymnasium\n"
                + "gymnasium.register('user_envs/ShortCartPole-v0',"
                + " entry_point='gymnasium.envs.classic_control.cartpole:CartPoleEnv', max_episode_steps=3)\n");
        Files.createDirectories(userPath.resolve("ppo4j"));
        Files.writeString(userPath.resolve("ppo4j/__init__.py"), "raise ImportError('the user path shadowed ppo4j')\n");
        PythonRuntime project = PythonRuntime.locate();
        PythonRuntime runtime = PythonRuntime.locate(Map.of("PPO4J_HOME", project.home().toString(),
                "PPO4J_PYTHON", project.python().toString(), "PYTHONPATH", userPath.toString()), tmp);
        try (PythonEnv env = PythonEnv.builder("user_envs:user_envs/ShortCartPole-v0").runtime(runtime).build()) {
            env.reset(0L, Map.of());
            StepResult step = null;
            for (int t = 0; t < 3; t++) {
                step = env.step(new float[] {t % 2});
            }
            assertTrue(step.truncated(), "the user's registration, with its 3-step limit, is the env the worker made");
        }
    }

    @Test
    void environmentVariablesWin() throws IOException {
        Path home = fakeHome();
        Path otherPython = home.resolve(".venv/bin/python");
        PythonRuntime runtime = PythonRuntime.locate(Map.of("PPO4J_HOME", home.toString(), "PPO4J_PYTHON", otherPython.toString()), tmp);
        assertEquals(home, runtime.home());
        assertEquals(otherPython, runtime.python());
    }

    @Test
    void missingHomeOrInterpreterSaysWhatToDo() throws IOException {
        PythonNotFoundException noHome = assertThrows(PythonNotFoundException.class, () -> PythonRuntime.locate(Map.of(), tmp));
        assertTrue(noHome.getMessage().contains("set PPO4J_HOME"), noHome.getMessage());
        Path home = fakeHome();
        Files.delete(home.resolve(".venv/bin/python"));
        PythonNotFoundException noPython = assertThrows(PythonNotFoundException.class, () -> PythonRuntime.locate(Map.of(), home));
        assertTrue(noPython.getMessage().contains("./ppo4j --help") && noPython.getMessage().contains("PPO4J_PYTHON"), noPython.getMessage());
    }
}
