package dev.ppo4j.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.env.Env;
import dev.ppo4j.env.InvalidActionException;
import dev.ppo4j.env.ResetResult;
import dev.ppo4j.env.StepResult;
import dev.ppo4j.env.VectorStep;
import dev.ppo4j.env.classic.CartPoleEnv;
import dev.ppo4j.env.local.SyncVectorEnv;
import dev.ppo4j.env.spaces.Box;
import dev.ppo4j.env.spaces.Space;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hosted envs over their data block, as Python drives them: SAME_STEP and NEXT_STEP autoresets, checks, infos. */
class HostedEnvsTest {
    private static final int N = 3;

    /** The block as Python sees it: writes actions, seeds and options, reads results. */
    private static final class Block {
        final BlockLayout layout;
        ByteBuffer buffer;

        Block(int numEnvs, int observationDim, int actionDim, boolean sameStep) {
            layout = BlockLayout.of(numEnvs, observationDim, actionDim, sameStep);
        }

        ByteBuffer allocate(int size) {
            assertEquals(layout.size(), size);
            buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
            return buffer;
        }

        void actions(float... values) {
            for (int i = 0; i < values.length; i++) {
                buffer.putFloat(layout.at("actions") + 4 * i, values[i]);
            }
        }

        void seeds(Long... seeds) {
            for (int i = 0; i < seeds.length; i++) {
                buffer.put(layout.at("has_seed") + i, (byte) (seeds[i] == null ? 0 : 1));
                buffer.putLong(layout.at("seeds") + 8 * i, seeds[i] == null ? 0 : seeds[i]);
            }
        }

        void message(String json) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            buffer.put(layout.at("message"), bytes).putInt(layout.at("message_length"), bytes.length);
        }

        String message() {
            byte[] bytes = new byte[buffer.getInt(layout.at("message_length"))];
            buffer.get(layout.at("message"), bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        float[] floats(String field, int count) {
            float[] out = new float[count];
            for (int i = 0; i < count; i++) {
                out[i] = buffer.getFloat(layout.at(field) + 4 * i);
            }
            return out;
        }

        double reward(int i) {
            return buffer.getDouble(layout.at("rewards") + 8 * i);
        }

        boolean flag(String field, int i) {
            return buffer.get(layout.at(field) + i) != 0;
        }

        String info(String field, String lengths, int i) {
            byte[] bytes = new byte[buffer.getInt(layout.at(lengths) + 4 * i)];
            buffer.get(layout.at(field) + i * BlockLayout.INFO_BYTES, bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static Env[] cartPoles(int n) {
        Env[] envs = new Env[n];
        for (int i = 0; i < n; i++) {
            envs[i] = new CartPoleEnv();
        }
        return envs;
    }

    @Test
    void sameStepMatchesTheInProcessSyncVectorEnvIncludingFinalObservations() {
        Block block = new Block(N, 4, 1, true);
        HostedEnvs hosted = new HostedEnvs("CartPole-v1", cartPoles(N), Autoreset.SAME_STEP, null, block::allocate);
        SyncVectorEnv reference = new SyncVectorEnv(CartPoleEnv::new, N);
        float[] expected = new float[N * 4];
        reference.reset(4L, expected);
        block.seeds(4L, 5L, 6L);
        hosted.reset();
        assertArrayEquals(expected, block.floats("observations", N * 4));
        VectorStep want = new VectorStep(N, 4);
        SplittableRandom random = new SplittableRandom(1);
        int ends = 0;
        for (int t = 0; t < 300; t++) {
            float[] actions = {random.nextInt(2), random.nextInt(2), random.nextInt(2)};
            block.actions(actions);
            hosted.step();
            reference.step(actions, want);
            assertArrayEquals(want.observations, block.floats("observations", N * 4), "step " + t);
            for (int i = 0; i < N; i++) {
                assertEquals(want.rewards[i], block.reward(i));
                assertEquals(want.terminated[i], block.flag("terminated", i));
                assertEquals(want.truncated[i], block.flag("truncated", i));
                if (want.episodeEnded(i)) {
                    ends++;
                    float[] finals = block.floats("final_observations", N * 4);
                    assertArrayEquals(want.finalObservation(i), Arrays.copyOfRange(finals, 4 * i, 4 * i + 4));
                }
            }
        }
        assertTrue(ends > N, "the run covers autoresets");
    }

    @Test
    void nextStepResetsOnTheFollowingStepIgnoringItsAction() {
        Block same = new Block(1, 4, 1, true);
        Block next = new Block(1, 4, 1, false);
        HostedEnvs sameStep = new HostedEnvs("CartPole-v1", cartPoles(1), Autoreset.SAME_STEP, null, same::allocate);
        HostedEnvs nextStep = new HostedEnvs("CartPole-v1", cartPoles(1), Autoreset.NEXT_STEP, null, next::allocate);
        same.seeds(9L);
        next.seeds(9L);
        sameStep.reset();
        nextStep.reset();
        boolean sawAutoreset = false;
        for (int t = 0; t < 60; t++) {
            same.actions(1);
            next.actions(1);
            sameStep.step();
            nextStep.step();
            assertEquals(same.flag("terminated", 0), next.flag("terminated", 0));
            if (!same.flag("terminated", 0)) {
                assertArrayEquals(same.floats("observations", 4), next.floats("observations", 4));
                continue;
            }
            assertArrayEquals(same.floats("final_observations", 4), next.floats("observations", 4), "the last observation");
            next.actions(7); // out of the action space, and ignored: this step only resets
            nextStep.step();
            assertArrayEquals(same.floats("observations", 4), next.floats("observations", 4), "the next episode's first");
            assertEquals(0.0, next.reward(0));
            assertFalse(next.flag("terminated", 0) || next.flag("truncated", 0));
            sawAutoreset = true;
        }
        assertTrue(sawAutoreset);
    }

    @Test
    void anInvalidActionStepsNoEnvAndResetsTakeTheirOptionsFromTheBlock() {
        Block block = new Block(2, 4, 1, false);
        HostedEnvs hosted = new HostedEnvs("CartPole-v1", cartPoles(2), Autoreset.NEXT_STEP, null, block::allocate);
        block.seeds(1L, 2L);
        block.message("{\"low\": -0.001, \"high\": 0.001}");
        hosted.reset();
        float[] before = block.floats("observations", 8);
        for (float value : before) {
            assertTrue(Math.abs(value) <= 0.001f, "options reached the envs: " + value);
        }
        block.actions(1, 2);
        InvalidActionException invalid = assertThrows(InvalidActionException.class, hosted::step);
        assertEquals("The action of env 1 of CartPole-v1, [2.0], lies outside the action space "
                + "{\"type\":\"Discrete\",\"n\":2,\"start\":0}; nothing was stepped.", invalid.getMessage());
        block.actions(1, 1);
        hosted.step();
        assertFalse(Arrays.equals(before, block.floats("observations", 8)));
    }

    /** An env that is not an InPlaceEnv and reports infos. */
    private static final class InfoEnv implements Env {
        private final Space space = Box.of(1, -1, 1);
        private int steps;

        @Override
        public Space observationSpace() {
            return space;
        }

        @Override
        public Space actionSpace() {
            return space;
        }

        @Override
        public ResetResult reset(Long seed, Map<String, Object> options) {
            steps = 0;
            return new ResetResult(new float[] {0}, Map.of("seed", String.valueOf(seed)));
        }

        @Override
        public StepResult step(float[] action) {
            steps++;
            Map<String, Object> info = steps == 1 ? Map.of("big", "x".repeat(BlockLayout.INFO_BYTES)) : Map.of("steps", steps);
            return new StepResult(action.clone(), steps, false, steps == 2, info);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void infosTravelAsJsonAndTooBigOnesAreReplacedByANote() {
        Block block = new Block(1, 1, 1, true);
        HostedEnvs hosted = new HostedEnvs("InfoEnv", new Env[] {new InfoEnv()}, Autoreset.SAME_STEP, null, block::allocate);
        block.seeds(3L);
        hosted.reset();
        assertEquals("{\"seed\":\"3\"}", block.info("infos", "info_lengths", 0));
        block.actions(0.5f);
        hosted.step();
        assertTrue(block.info("infos", "info_lengths", 0).startsWith("{\"ppo4j.info_omitted\":\"the info dict takes 16394 bytes of JSON, "
                + "more than the 16384"));
        hosted.step();
        assertEquals("{\"steps\":2}", block.info("final_infos", "final_info_lengths", 0), "the ended step's info");
        assertEquals("{\"seed\":\"null\"}", block.info("infos", "info_lengths", 0), "the autoreset's info");
        hosted.writeError(new IllegalArgumentException("bad"));
        assertEquals("{\"kind\":\"invalid_argument\",\"message\":\"bad\"}", block.message());
    }
}
