package dev.ppo4j.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.env.VectorStep;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** worker_wait: when waits spin, that the workers hear of it, and that only the waiting changes. */
class WorkerWaitTest {
    private static final int ENVS = 2;
    private static final int DIM = 4;
    private static final int STEPS = 300;

    @Test
    void autoSpinsOnlyWhenTheJvmAndItsWorkersHaveACoreEach() {
        assertTrue(WorkerWait.AUTO.spins(2, 2), "a JVM and one worker on two cores");
        assertFalse(WorkerWait.AUTO.spins(3, 2), "a JVM and two workers on two cores");
        assertTrue(WorkerWait.SPIN.spins(3, 2));
        assertFalse(WorkerWait.BLOCK.spins(2, 8));
    }

    @Test
    void amongOtherRunsAutoBlocksAndExplicitModesStay() {
        assertEquals(WorkerWait.BLOCK, WorkerWait.AUTO.amongOtherRuns());
        assertEquals(WorkerWait.SPIN, WorkerWait.SPIN.amongOtherRuns());
        assertEquals(WorkerWait.BLOCK, WorkerWait.BLOCK.amongOtherRuns());
    }

    @Test
    void theWorkersSpinAsToldAndStepTheSameEitherWay() {
        float[] spun = play(WorkerWait.SPIN, Transport.SHARED_MEMORY, true);
        float[] blocked = play(WorkerWait.BLOCK, Transport.SHARED_MEMORY, false);
        assertArrayEquals(blocked, spun, "the observations of every step");
        boolean autoSpins = WorkerWait.AUTO.spins(2, Runtime.getRuntime().availableProcessors());
        assertArrayEquals(blocked, play(WorkerWait.AUTO, Transport.SHARED_MEMORY, autoSpins));
    }

    @Test
    void py4jStepsHaveNoDoorbellToSpinOn() {
        play(WorkerWait.SPIN, Transport.PY4J, false);
    }

    /** Every observation of {@value #STEPS} random CartPole steps (with autoresets), after checking how the workers wait. */
    private static float[] play(WorkerWait wait, Transport transport, boolean expectSpin) {
        try (PythonVectorEnv env = PythonVectorEnv.builder("CartPole-v1").numEnvs(ENVS).workerWait(wait).transport(transport).build()) {
            assertEquals(expectSpin, env.workersSpin(), wait + " over " + transport);
            float[] all = new float[(STEPS + 1) * ENVS * DIM];
            float[] first = new float[ENVS * DIM];
            env.reset(7L, first);
            System.arraycopy(first, 0, all, 0, first.length);
            VectorStep out = new VectorStep(ENVS, DIM);
            SplittableRandom rng = new SplittableRandom(5);
            float[] actions = new float[ENVS];
            for (int t = 1; t <= STEPS; t++) {
                for (int i = 0; i < ENVS; i++) {
                    actions[i] = rng.nextInt(2);
                }
                env.step(actions, out);
                System.arraycopy(out.observations, 0, all, t * ENVS * DIM, ENVS * DIM);
            }
            return all;
        }
    }
}
