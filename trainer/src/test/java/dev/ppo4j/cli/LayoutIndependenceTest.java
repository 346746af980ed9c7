package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * For a fixed seed a run is the same whatever the envs' layout: the number of Python workers and
 * of pipelining groups change the speed of collection, never a number in {@code metrics.csv} or
 * {@code episodes.csv}.
 */
class LayoutIndependenceTest {
    @TempDir
    Path temp;

    private String[] run(String name, String env, String preset, int envs, int workers, int groups, String... more) throws Exception {
        Path out = temp.resolve(name);
        String[] args = Stream.concat(Stream.of("train", "--env", env, "--preset", preset, "--out", out.toString(), "--steps", "1024",
                "--set", "num_envs=" + envs, "--set", "num_workers=" + workers, "--set", "pipeline_groups=" + groups,
                "--set", "rollout_steps=" + 1024 / 4 / envs * 2), Stream.of(more)).toArray(String[]::new);
        RunFiles.run(args);
        return new String[] {RunFiles.metricsWithoutTimings(out), Files.readString(out.resolve("episodes.csv"))};
    }

    @ParameterizedTest(name = "{0}: {1} envs, 1 group against {2} groups")
    @CsvSource({"java:CartPole-v1, 8, 2", "java:CartPole-v1, 8, 4", "java:Pendulum-v1, 4, 2"})
    void javaEnvsGiveTheSameRunInEveryGroupLayout(String env, int envs, int groups) throws Exception {
        String preset = env.contains("CartPole") ? "cartpole" : "mujoco";
        String[] one = run("one", env, preset, envs, 1, 1, "--set", "normalize_observations=true");
        String[] many = run("many", env, preset, envs, 1, groups, "--set", "normalize_observations=true");
        assertEquals(one[0], many[0], "metrics.csv differs");
        assertEquals(one[1], many[1], "episodes.csv differs");
    }

    /** The case: 1 worker × 1 group against 2 workers × 2 groups, through real Python workers, with truncations. */
    @ParameterizedTest(name = "InvertedPendulum-v5, 4 envs")
    @CsvSource({"InvertedPendulum-v5"})
    void pythonWorkersGiveTheSameRunWhateverWorkersAndGroups(String env) throws Exception {
        String[] one = run("one", env, "mujoco", 4, 1, 1, "--env-kwargs", "{\"max_episode_steps\": 40}");
        String[] many = run("many", env, "mujoco", 4, 2, 2, "--env-kwargs", "{\"max_episode_steps\": 40}");
        assertEquals(one[0], many[0], "metrics.csv differs");
        assertEquals(one[1], many[1], "episodes.csv differs");
    }
}
