package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.env.local.JavaEnvs;
import dev.ppo4j.env.local.SyncVectorEnv;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An A2C run restored from a checkpoint file continues bit for bit like the run that wrote it,
 * update after update on the same experience: RMSprop's square averages and step count travel in
 * the checkpoint. A run restored without the square averages does not (so the comparison can
 * fail). Whole resumed runs cannot be compared bit for bit, since the envs are reseeded on resume
 * (ResumeTest covers those for a2c as for the other algorithms).
 */
class A2cCheckpointTest {
    private static final int BEFORE = 40;
    private static final int AFTER = 25;

    @TempDir
    Path temp;

    /** One algorithm over its own engine, collector and training state. */
    private record Learner(Engine engine, Algorithm algorithm, TrainingState state, Collector collector) {
        static Learner open(TrainConfig config, ModelSpec spec, SyncVectorEnv envs, long initSeed) {
            Engine engine = Engine.open(Parameters.initialise(spec, initSeed));
            Collector collector = new Collector(config, envs, engine.policy(), spec, episode -> { });
            Algorithm algorithm = Algorithm.create(config, spec, engine);
            return new Learner(engine, algorithm, new TrainingState(config, engine.state(), collector, algorithm), collector);
        }
    }

    @Test
    void aRestoredRunContinuesBitForBitOnTheSameExperience() throws Exception {
        TrainConfig config = TrainingRuns.config("a2c-cartpole");
        try (SyncVectorEnv envs = cartPoles(config); SyncVectorEnv restoredEnvs = cartPoles(config);
                SyncVectorEnv strippedEnvs = cartPoles(config)) {
            ModelSpec spec = new Trainer(config).modelSpec(envs.singleObservationSpace(), envs.singleActionSpace());
            Learner original = Learner.open(config, spec, envs, 1);
            Learner restored = Learner.open(config, spec, restoredEnvs, 2);
            Learner stripped = Learner.open(config, spec, strippedEnvs, 3);
            try (Engine a = original.engine(); Engine b = restored.engine(); Engine c = stripped.engine()) {
                original.collector().reset(config.seed());
                for (int update = 1; update <= BEFORE; update++) {
                    original.algorithm().update(original.collector().collectRollout(), iteration(config, update, original));
                }
                Path file = temp.resolve("update.ckpt");
                original.state().save(BEFORE).write(file);
                assertEquals(BEFORE, restored.state().restore(Checkpoint.read(file)));
                stripped.state().restore(Checkpoint.read(file));
                stripped.engine().state().setSecondMoments(new float[spec.parameterCount()]);

                for (int update = BEFORE + 1; update <= BEFORE + AFTER; update++) {
                    RolloutBuffer rollout = original.collector().collectRollout();
                    Algorithm.Iteration iteration = iteration(config, update, original);
                    Map<String, Double> fromRestored = restored.algorithm().update(rollout, iteration);
                    stripped.algorithm().update(rollout, iteration);
                    assertEquals(original.algorithm().update(rollout, iteration), fromRestored, "update " + update);
                }
                float[] expected = a.state().parameterValues();
                assertTrue(TrainingRuns.bitIdentical(expected, b.state().parameterValues()),
                        "parameters differ at " + TrainingRuns.firstDifference(expected, b.state().parameterValues()));
                assertTrue(TrainingRuns.bitIdentical(a.state().secondMoments(), b.state().secondMoments()), "square averages differ");
                assertEquals(BEFORE + AFTER, b.state().stepCount());
                assertFalse(TrainingRuns.bitIdentical(expected, c.state().parameterValues()),
                        "a run restored without its square averages continued identically");
            }
        }
    }

    private static SyncVectorEnv cartPoles(TrainConfig config) {
        return new SyncVectorEnv(JavaEnvs.factory(JavaEnvs.gymnasiumId(config.envId())), config.numEnvs(),
                config.envSeeding(), config.pipelineGroups());
    }

    private static Algorithm.Iteration iteration(TrainConfig config, int update, Learner learner) {
        return new Algorithm.Iteration(update, learner.collector().globalStep(), (update - 1.0) / config.numUpdates());
    }
}
