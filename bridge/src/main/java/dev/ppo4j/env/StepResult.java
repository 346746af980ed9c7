package dev.ppo4j.env;

import java.util.Map;

/**
 * What {@link Env#step} returns.
 *
 * @param observation the observation after the action, flat
 * @param reward the reward for the transition
 * @param terminated the episode reached a terminal state of the MDP (no bootstrap)
 * @param truncated the episode was cut short, e.g. by a time limit (bootstrap from {@code observation})
 * @param info auxiliary diagnostics, as Gymnasium's {@code info}
 */
public record StepResult(float[] observation, double reward, boolean terminated, boolean truncated,
        Map<String, Object> info) {}
