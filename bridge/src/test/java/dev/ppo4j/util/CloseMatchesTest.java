package dev.ppo4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean" suggestions: edit distance, case and Gymnasium version suffixes. */
class CloseMatchesTest {

    @Test
    void closeMatchesRankByEditDistance() {
        assertEquals(3, CloseMatches.editDistance("kitten", "sitting"));
        assertEquals(0, CloseMatches.editDistance("", ""));
        assertEquals(4, CloseMatches.editDistance("", "abcd"));
        assertEquals(List.of("Hopper-v5", "Hopper-v4"),
                CloseMatches.among("hoper-v5", List.of("Hopper-v4", "Ant-v5", "Hopper-v5"), 3));
        assertEquals(List.of("Walker2d-v5"), CloseMatches.among("Walker2d-v4", List.of("Walker2d-v5", "Humanoid-v5"), 3));
        assertEquals(List.of(), CloseMatches.among("Acrobot-v1", List.of("CartPole-v1", "Pendulum-v1"), 3));
        assertEquals(List.of("Humanoid-v5"), CloseMatches.among("HUMANOID", List.of("Hopper-v5", "Humanoid-v5"), 3));
    }
}
