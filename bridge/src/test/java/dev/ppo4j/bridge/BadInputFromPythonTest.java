package dev.ppo4j.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.env.NonFiniteValueException;
import dev.ppo4j.env.UnknownEnvException;
import dev.ppo4j.env.VectorStep;
import dev.ppo4j.env.WorkerException;
import org.junit.jupiter.api.Test;

/** NaN/Inf reporting, Python tracebacks and unknown env ids reach Java as typed exceptions. */
class BadInputFromPythonTest {

    @Test
    void nanObservationIsReportedWithEnvIndexAndStep() {
        try (PythonVectorEnv env = PythonVectorEnv.builder(TestEnvs.FAULTY).numEnvs(4).workers(2).build()) {
            env.reset(0L, new float[16]);
            VectorStep out = new VectorStep(4, 4);
            env.step(new float[4], out);
            env.step(new float[4], out);
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
                    () -> env.step(new float[] {0, 0, TestEnvs.NAN_OBSERVATION, 0}, out));
            assertTrue(e.getMessage().contains("env 2 at step 3 of its episode"), e.getMessage());
            assertTrue(e.getMessage().contains("NaN at element 2"), e.getMessage());
        }
    }

    @Test
    void infiniteRewardIsReportedAndWarnPolicyPassesValuesOn() {
        try (PythonVectorEnv env = PythonVectorEnv.builder(TestEnvs.FAULTY).numEnvs(2).workers(1).build()) {
            env.reset(0L, new float[8]);
            VectorStep out = new VectorStep(2, 4);
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
                    () -> env.step(new float[] {TestEnvs.INF_REWARD, 0}, out));
            assertTrue(e.getMessage().contains("env 0 at step 1") && e.getMessage().contains("reward is Infinity"), e.getMessage());
        }
        try (PythonVectorEnv env = PythonVectorEnv.builder(TestEnvs.FAULTY).numEnvs(2).workers(1)
                .nonFinitePolicy(NonFinitePolicy.WARN).build()) {
            env.reset(0L, new float[8]);
            VectorStep out = new VectorStep(2, 4);
            env.step(new float[] {TestEnvs.INF_REWARD, TestEnvs.NAN_OBSERVATION}, out);
            assertEquals(Double.POSITIVE_INFINITY, out.rewards[0]);
            assertTrue(Float.isNaN(out.observations[4 + 2]), "WARN passes the NaN on");
        }
    }

    @Test
    void pythonExceptionArrivesWithItsTraceback() {
        try (PythonVectorEnv env = PythonVectorEnv.builder(TestEnvs.FAULTY).numEnvs(2).workers(2).build()) {
            env.reset(0L, new float[8]);
            VectorStep out = new VectorStep(2, 4);
            WorkerException e = assertThrows(WorkerException.class, () -> env.step(new float[] {TestEnvs.RAISE, 0}, out));
            String message = e.getMessage();
            assertTrue(message.contains("ValueError: FaultyEnv was asked to raise at step 1"), message);
            assertTrue(message.contains("Traceback (most recent call last)"), message);
            assertTrue(message.contains("envs.py"), "the traceback names the env's source file: " + message);
            env.step(new float[2], out);
            assertEquals(2f, out.observations[4], "the other worker's reply was collected, not left in its pipe");
            assertEquals(2f, out.observations[0], "the worker survives a Python exception (its env counted the raising step)");
        }
    }

    @Test
    void unknownEnvIdSuggestsCloseMatches() {
        UnknownEnvException e = assertThrows(UnknownEnvException.class,
                () -> PythonVectorEnv.builder("Hoper-v5").numEnvs(2).workers(2).build());
        assertTrue(e.getMessage().contains("Unknown environment id 'Hoper-v5'") && e.getMessage().contains("Hopper-v5"), e.getMessage());
        UnknownEnvException single = assertThrows(UnknownEnvException.class, () -> PythonEnv.builder("CartPol-v1").build());
        assertTrue(single.getMessage().contains("CartPole-v1"), single.getMessage());
    }
}
