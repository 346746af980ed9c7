package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.cli.Main;
import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.env.random.SplitMix64;
import dev.ppo4j.metrics.MetricKeys;
import dev.ppo4j.model.Categorical;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.PolicyNames;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cross-entropy method end to end on pure-Java envs: Gaussian actions whatever the pipelining,
 * the mean as the trained parameters, resuming mid-generation, and the exported policy acting as
 * the mean did.
 */
class CemTest {
    // 80 updates of 8 envs × 32 steps; generations of 20 candidates.
    private static final String[] SHORT_RUN = {"total_steps=20480", "cem_population=20", "checkpoint_interval=5"};

    @TempDir
    Path temp;

    @Test
    void aGaussianPolicyRunsBitIdenticallyWhateverThePipelineGroupsWithItsMeanAsTheActor() throws Exception {
        String[] run = {"env_id=java:Pendulum-v1", "total_steps=8192", "num_envs=2", "cem_population=10",
            "normalize_observations=true"};
        TrainConfig config = TrainingRuns.config("cem-cartpole", run);
        TrainConfig pipelined = TrainingRuns.config("cem-cartpole",
                Stream.concat(Arrays.stream(run), Stream.of("pipeline_groups=2")).toArray(String[]::new));

        TrainingRuns.Recorded first = TrainingRuns.train(config);
        TrainingRuns.Recorded second = TrainingRuns.train(pipelined);

        assertTrue(TrainingRuns.bitIdentical(first.parameters(), second.parameters()),
                "final parameters differ at " + TrainingRuns.firstDifference(first.parameters(), second.parameters()));
        assertEquals(first.updatesWithoutTimings(), second.updatesWithoutTimings(), "per-update metrics differ");
        assertEquals(first.episodes(), second.episodes(), "episode returns differ");
        Map<String, Double> last = first.updates().get(first.updates().size() - 1);
        assertTrue(last.get(MetricKeys.CEM_GENERATION) >= 3, "too few generations: " + last);
        assertEquals(0.0, last.get(MetricKeys.POLICY_STD), "candidates act with the mean action");
        assertActorIsTheFinalMean(first);
        float[] logStd = first.policy().parameters().tensor(PolicyNames.LOG_STD);
        assertArrayEquals(new float[logStd.length], logStd, "log_std is not searched and keeps its initial 0");
    }

    @Test
    void aRunResumedMidGenerationTwiceIsBitIdentical() throws Exception {
        TrainConfig config = TrainingRuns.config("cem-cartpole", SHORT_RUN);
        // The first checkpoint after a finished generation with part of the next one scored.
        Checkpoint midway = TrainingRuns.train(config).checkpoints().stream()
                .filter(c -> c.longValue("cem_generation") > 0 && scoredTasks(c) > 0
                        && scoredTasks(c) < c.doubles("cem_task_returns").length)
                .findFirst().orElseThrow(() -> new AssertionError("no checkpoint was taken mid-generation"));

        TrainingRuns.Recorded first = TrainingRuns.train(config, midway);
        TrainingRuns.Recorded second = TrainingRuns.train(config, midway);

        assertEquals(config.numUpdates() - midway.longValue("update"), first.updates().size());
        assertTrue(TrainingRuns.bitIdentical(first.parameters(), second.parameters()),
                "final parameters differ at " + TrainingRuns.firstDifference(first.parameters(), second.parameters()));
        assertEquals(first.updatesWithoutTimings(), second.updatesWithoutTimings(), "per-update metrics differ");
        assertEquals(first.episodes(), second.episodes(), "episode returns differ");
        assertTrue(first.updates().get(first.updates().size() - 1).get(MetricKeys.CEM_GENERATION)
                > midway.longValue("cem_generation"), "the resumed run finished no generation");
        assertActorIsTheFinalMean(first);
    }

    @Test
    void theExportedPolicyActsAsTheMeanParametersAndEvaluates() throws Exception {
        TrainedPolicy policy = TrainingRuns.train(TrainingRuns.config("cem-cartpole", SHORT_RUN)).policy();
        Path file = temp.resolve("policy.onnx");
        policy.export(file);

        SplitMix64 random = new SplitMix64(3);
        Categorical distribution = new Categorical(2, 0, 1.0);
        float[] logits = new float[2];
        float[] value = new float[1];
        float[] javaAction = new float[1];
        float[] exportedAction = new float[1];
        try (Engine engine = Engine.open(policy.parameters()); PolicyEvaluator exported = new PolicyEvaluator(file)) {
            for (int k = 0; k < 200; k++) {
                float[] obs = new float[4];
                for (int j = 0; j < obs.length; j++) {
                    obs[j] = (float) random.nextDouble(-0.5, 0.5);
                }
                engine.policy().forward(obs, 1, logits, value);
                distribution.mode(logits, 0, javaAction);
                exported.act(obs, exportedAction);
                assertEquals(javaAction[0], exportedAction[0], "observation " + Arrays.toString(obs));
            }
        }
        assertEquals(0, Main.commandLine().execute("eval", "--policy", file.toString(), "--episodes", "2"));
    }

    private static long scoredTasks(Checkpoint checkpoint) {
        return Arrays.stream(checkpoint.doubles("cem_task_returns")).filter(r -> !Double.isNaN(r)).count();
    }

    /** The trained actor is the last checkpoint's mean of the search distribution, rounded to float. */
    private static void assertActorIsTheFinalMean(TrainingRuns.Recorded run) {
        Checkpoint last = run.checkpoints().get(run.checkpoints().size() - 1);
        double[] mean = last.doubles("cem_mean");
        ModelSpec spec = run.policy().parameters().spec();
        assertEquals(CemAlgorithm.searchedParameterCount(spec), mean.length);
        float[] parameters = run.parameters();
        for (int j = 0; j < mean.length; j++) {
            assertEquals((float) mean[j], parameters[j], "actor parameter " + j);
        }
    }
}
