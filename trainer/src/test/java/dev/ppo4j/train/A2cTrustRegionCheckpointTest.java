package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.engine.Engine;
import dev.ppo4j.engine.ParameterState;
import dev.ppo4j.model.ActionHead;
import dev.ppo4j.model.Activation;
import dev.ppo4j.model.ModelSpec;
import dev.ppo4j.model.Parameters;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * a2c-trust-region's average policy survives a checkpoint bit for bit: an algorithm restored from
 * a checkpoint (parameters, optimiser state and its own state) takes the same next step as the one
 * that wrote it, to the last bit; one that starts from the checkpoint's parameters without its
 * average takes another (so the test sees the average, δ = 0 making the projection bind).
 */
class A2cTrustRegionCheckpointTest {
    private static final ModelSpec SPEC = new ModelSpec(4, new ActionHead.Categorical(2), List.of(16, 16), Activation.TANH);

    private static TrainConfig config() {
        return TrainingRuns.config("a2c-trust-region-cartpole", "trust_region_delta=0");
    }

    /** A rollout of random CartPole-shaped data, the same for the same seed. */
    private static RolloutBuffer rollout(TrainConfig config, long seed) {
        int envs = config.numEnvs();
        int steps = config.rolloutSteps();
        SplittableRandom rng = new SplittableRandom(seed);
        RolloutBuffer buffer = new RolloutBuffer(steps, envs, 4, 1, 2, 0);
        for (int t = 0; t < steps; t++) {
            float[] obs = new float[envs * 4];
            float[] actions = new float[envs];
            float[] logits = new float[envs * 2];
            for (int i = 0; i < obs.length; i++) {
                obs[i] = (float) rng.nextGaussian();
            }
            for (int e = 0; e < envs; e++) {
                actions[e] = rng.nextInt(2);
            }
            buffer.addPolicyStep(t, 0, envs, obs, actions, new float[envs], new float[envs], logits);
            for (int e = 0; e < envs; e++) {
                buffer.addTransition(t * envs + e, (float) rng.nextDouble(), rng.nextInt(20) == 0, false);
            }
        }
        buffer.finish(new float[envs * 4], new float[envs], new float[0]);
        buffer.computeAdvantages(config.gamma(), config.gaeLambda());
        return buffer;
    }

    private static Algorithm.Iteration iteration(int update) {
        return new Algorithm.Iteration(update, update * 40L, 0.0);
    }

    @Test
    void aRestoredAlgorithmTakesTheSameNextStep() {
        TrainConfig config = config();
        try (Engine original = Engine.open(Parameters.initialise(SPEC, 1))) {
            Algorithm writer = Algorithm.create(config, SPEC, original);
            for (int update = 1; update <= 4; update++) {
                writer.update(rollout(config, update), iteration(update));
            }
            Checkpoint checkpoint = new Checkpoint();
            writer.save(checkpoint);
            ParameterState saved = original.state();
            try (Engine restored = engineFrom(saved); Engine withoutAverage = engineFrom(saved)) {
                Algorithm reader = Algorithm.create(config, SPEC, restored);
                reader.restore(checkpoint);
                Algorithm fresh = Algorithm.create(config, SPEC, withoutAverage);

                writer.update(rollout(config, 5), iteration(5));
                reader.update(rollout(config, 5), iteration(5));
                fresh.update(rollout(config, 5), iteration(5));

                float[] expected = original.state().parameterValues();
                assertTrue(TrainingRuns.bitIdentical(expected, restored.state().parameterValues()), "the restored step differs at "
                        + TrainingRuns.firstDifference(expected, restored.state().parameterValues()));
                assertFalse(TrainingRuns.bitIdentical(expected, withoutAverage.state().parameterValues()),
                        "the step did not depend on the average policy; the test cannot see whether it is saved");
            }
        }
    }

    /** A second engine over the same parameters and optimiser state. */
    private static Engine engineFrom(ParameterState state) {
        Engine engine = Engine.open(Parameters.fromFlat(SPEC, state.parameterValues()));
        engine.state().setFirstMoments(state.firstMoments());
        engine.state().setSecondMoments(state.secondMoments());
        engine.state().setStepCount(state.stepCount());
        return engine;
    }
}
