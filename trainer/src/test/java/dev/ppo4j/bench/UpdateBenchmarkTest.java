package dev.ppo4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.model.ActionHead;
import dev.ppo4j.model.ModelSpec;
import org.junit.jupiter.api.Test;

/** {@link UpdateBenchmark} and {@link AlgorithmUpdateBenchmark} on a few steps: consistent figures (their values are not checked: timings are noisy). */
class UpdateBenchmarkTest {
    @Test
    void timesBothVariantsOfTheTrainStep() throws Exception {
        UpdateBenchmark.Result result = UpdateBenchmark.run(new UpdateBenchmark.Settings(20, 2, 8));

        assertTrue(result.usPerStep() > 0 && result.usPerStepUnpinned() > 0, result.toString());
        assertTrue(result.usPerStepBest() <= result.usPerStep(), result.toString());
        assertTrue(result.nodes() > 0, result.toString());
        int parameters = ModelSpec.standard(UpdateBenchmark.OBSERVATION_DIM, new ActionHead.Gaussian(UpdateBenchmark.ACTION_DIM))
                .parameterCount();
        assertEquals(parameters, result.parameters());
        assertEquals(result.usPerStep() * UpdateBenchmark.UPDATE_MINIBATCHES / 1e3, result.updateMillis(), 1e-9);
    }

    @Test
    void fewerStepsThanRoundsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new UpdateBenchmark.Settings(1, 2, 64));
        assertThrows(IllegalArgumentException.class, () -> new UpdateBenchmark.Settings(10, 2, 0));
    }

    @Test
    void timesWholePpoAndTrpoUpdates() {
        AlgorithmUpdateBenchmark.Result result = AlgorithmUpdateBenchmark.run(1);

        assertEquals(2048, result.batch());
        assertTrue(result.ppoMillis() > 0 && result.trpoMillis() > 0 && result.fisherProductMicros() > 0, result.toString());
        assertEquals(result.trpoMillis() / result.ppoMillis(), result.ratio(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> AlgorithmUpdateBenchmark.run(0));
    }
}
