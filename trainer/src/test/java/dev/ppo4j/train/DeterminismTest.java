package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.config.TrainConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Same master seed + same config + Java envs → the same run, bit for bit; another seed → another run. */
class DeterminismTest {
    private static final String BUDGET = "total_steps=8192";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"objective=clip", "objective=kl-adaptive;recompute_advantages=true",
        "algorithm=trpo;sub_sampling_factor=4", "algorithm=vpg-adaptive", "algorithm=a2c;rollout_steps=5",
        "algorithm=a2c-trust-region;rollout_steps=5;trust_region_delta=0.1",
        "algorithm=cem;cem_population=20;cem_extra_std=0.01"})
    void sameSeedAndConfigGiveBitIdenticalRuns(String variant) throws Exception {
        String[] overrides = (BUDGET + ";" + variant).split(";");
        TrainConfig config = TrainingRuns.config("cartpole", overrides);

        TrainingRuns.Recorded first = TrainingRuns.train(config);
        TrainingRuns.Recorded second = TrainingRuns.train(config);

        assertEquals(config.numUpdates(), first.updates().size());
        assertTrue(TrainingRuns.bitIdentical(first.parameters(), second.parameters()),
                "final parameters differ at " + TrainingRuns.firstDifference(first.parameters(), second.parameters()));
        assertEquals(first.updatesWithoutTimings(), second.updatesWithoutTimings(), "per-update metrics differ");
        assertEquals(first.episodes(), second.episodes(), "episode returns differ");

        TrainConfig otherSeed = TrainingRuns.config("cartpole", append(overrides, "seed=" + (config.seed() + 1)));
        TrainingRuns.Recorded third = TrainingRuns.train(otherSeed);
        assertFalse(TrainingRuns.bitIdentical(first.parameters(), third.parameters()), "another seed gave the same parameters");
    }

    private static String[] append(String[] values, String extra) {
        String[] all = java.util.Arrays.copyOf(values, values.length + 1);
        all[values.length] = extra;
        return all;
    }
}
