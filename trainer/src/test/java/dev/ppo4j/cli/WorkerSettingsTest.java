package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.bridge.PythonVectorEnv;
import dev.ppo4j.config.ConfigFiles;
import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.env.NonFiniteValueException;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.env.VectorStep;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config keys of the Python workers, {@code worker_timeout}, {@code non_finite} and
 * {@code worker_wait}, reach them; the NaN error names its key.
 */
class WorkerSettingsTest {
    /** python/tests/fixtures/ppo4j_testing/envs.py: step 3 of every episode observes a NaN. */
    private static final String NAN_AT_STEP_3 = "ppo4j_testing.envs:ppo4j_testing/NanAtStep-v0";
    /** python/tests/fixtures/ppo4j_testing/envs.py: action 4 hangs the env for an hour. */
    private static final String FAULTY = "ppo4j_testing.envs:ppo4j_testing/Faulty-v0";
    private static final float HANG = 4;

    @TempDir
    Path temp;

    private static TrainConfig config(String... overrides) {
        return ConfigFiles.resolve(ConfigFiles.preset("cartpole"), ConfigFiles.overrides(List.of(overrides)));
    }

    @Test
    void trainingStopsAtTheNanAndTheMessageNamesTheConfigKey() {
        CommandLineRun run = CommandLineRun.of("train", "--env", NAN_AT_STEP_3, "--preset", "cartpole", "--steps", "256",
                "--out", temp.resolve("run").toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("env 0 at step 3 of its episode: the observation has NaN at element 2"), run.err());
        assertTrue(run.err().contains("non_finite = warn (--set non_finite=warn"), run.err());
        assertFalse(run.err().contains("\tat "), "a stack trace: " + run.err());
    }

    @Test
    void warnPassesTheNanOnAndErrorStopsAtIt() {
        try (VectorEnv envs = Environments.make(config("env_id=" + NAN_AT_STEP_3, "num_envs=2", "minibatch_size=64", "num_workers=2", "non_finite=warn"))) {
            float[] observations = new float[2 * 4];
            envs.reset(0L, observations);
            VectorStep out = new VectorStep(2, 4);
            for (int t = 0; t < 3; t++) {
                envs.step(new float[2], out);
            }
            assertTrue(Float.isNaN(out.observations[2]) && Float.isNaN(out.observations[4 + 2]), "warn passes the NaN on");
        }
        try (VectorEnv envs = Environments.make(config("env_id=" + NAN_AT_STEP_3, "num_envs=2", "minibatch_size=64", "num_workers=2"))) {
            envs.reset(0L, new float[2 * 4]);
            VectorStep out = new VectorStep(2, 4);
            envs.step(new float[2], out);
            envs.step(new float[2], out);
            assertThrows(NonFiniteValueException.class, () -> envs.step(new float[2], out), "error is the default");
        }
    }

    @Test
    void workerWaitReachesTheWorkers() {
        for (String wait : List.of("spin", "block")) {
            try (PythonVectorEnv envs = (PythonVectorEnv) Environments.make(config("env_id=CartPole-v1", "worker_wait=" + wait))) {
                assertEquals(wait.equals("spin"), envs.workersSpin(), "worker_wait = " + wait);
            }
        }
    }

    /** With the default of 30 s the hung step would take half a minute; worker_timeout = 1 restarts the worker after one. */
    @Test
    void aHungWorkerIsRestartedAfterWorkerTimeoutSeconds() {
        try (VectorEnv envs = Environments.make(config("env_id=" + FAULTY, "num_envs=2", "minibatch_size=64", "num_workers=2",
                "worker_timeout=1"))) {
            envs.reset(0L, new float[2 * 4]);
            VectorStep out = new VectorStep(2, 4);
            long start = System.nanoTime();
            envs.step(new float[] {0, HANG}, out);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds >= 0.9 && seconds < 25, "the hung step took " + seconds + " s");
            assertTrue(out.truncated[1] && !out.truncated[0], "the hung worker's env ends truncated, the other steps on");
        }
    }
}
