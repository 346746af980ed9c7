package dev.ppo4j.bridge;

import dev.ppo4j.env.NonFiniteValueException;

/** Finds NaN/infinite observations and rewards and applies the {@link NonFinitePolicy}. */
final class NonFiniteCheck {
    private static final System.Logger LOG = System.getLogger(NonFiniteCheck.class.getName());

    private NonFiniteCheck() {}

    /** Checks {@code values[from, from + length)}, the observation of env {@code env} at {@code step} of its episode. */
    static void observation(NonFinitePolicy policy, String envId, int env, long step, String which, float[] values, int from, int length) {
        for (int k = 0; k < length; k++) {
            float v = values[from + k];
            if (!Float.isFinite(v)) {
                report(policy, envId, env, step, which + " has " + v + " at element " + k
                        + " (a float64 beyond the float32 range also reads as infinity)");
                return;
            }
        }
    }

    /** Checks the reward of env {@code env} at {@code step} of its episode. */
    static void reward(NonFinitePolicy policy, String envId, int env, long step, double reward) {
        if (!Double.isFinite(reward)) {
            report(policy, envId, env, step, "reward is " + reward);
        }
    }

    private static void report(NonFinitePolicy policy, String envId, int env, long step, String what) {
        String message = envId + " env " + env + " at step " + step + " of its episode: the " + what
                + ". Fix the environment (or the actions that drive it there), or pass such values on with the training config key"
                + " non_finite = warn (--set non_finite=warn; NonFinitePolicy.WARN when you build the env in Java).";
        if (policy == NonFinitePolicy.ERROR) {
            throw new NonFiniteValueException(message);
        }
        LOG.log(System.Logger.Level.WARNING, message);
    }
}
