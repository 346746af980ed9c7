package dev.ppo4j.env.classic;

import dev.ppo4j.env.random.NumpyGenerator;
import dev.ppo4j.env.spaces.Box;
import dev.ppo4j.env.spaces.DType;
import dev.ppo4j.env.spaces.Discrete;
import dev.ppo4j.env.spaces.Space;
import java.util.Map;

/**
 * Gymnasium's {@code CartPole-v1}: push a cart left (action 0) or right (action 1) to keep the
 * pole on it upright. Reward 1 per step, the terminating step included; terminated when the pole
 * leans more than 12 degrees or the cart leaves [-2.4, 2.4]; truncated after 500 steps.
 *
 * <p>Observation: cart position, cart velocity, pole angle, pole angular velocity (float32).
 * Reset options, as Gymnasium's: {@code "low"} and {@code "high"} bound the uniform initial
 * state (default -0.05 and 0.05).
 */
public final class CartPoleEnv extends TimeLimitedEnv {
    /** The id this env is registered under. */
    public static final String ID = "CartPole-v1";
    /** The time limit {@code gymnasium.make} applies. */
    public static final int MAX_EPISODE_STEPS = 500;

    private static final double GRAVITY = 9.8;
    private static final double MASS_CART = 1.0;
    private static final double MASS_POLE = 0.1;
    private static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    private static final double HALF_POLE_LENGTH = 0.5;
    private static final double POLE_MASS_LENGTH = MASS_POLE * HALF_POLE_LENGTH;
    private static final double FORCE_MAGNITUDE = 10.0;
    private static final double TAU = 0.02;
    private static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;
    private static final double X_THRESHOLD = 2.4;
    private static final double DEFAULT_RESET_LOW = -0.05;
    private static final double DEFAULT_RESET_HIGH = 0.05;

    private static final Discrete ACTION_SPACE = new Discrete(2);
    // Gymnasium stores the bounds as float32, so they are rounded through float here too.
    private static final Box OBSERVATION_SPACE = symmetricFloat32Box(
            X_THRESHOLD * 2, Double.POSITIVE_INFINITY, THETA_THRESHOLD_RADIANS * 2, Double.POSITIVE_INFINITY);

    private final double[] state = new double[4];

    /** A new CartPole; call {@link #reset} before stepping. */
    public CartPoleEnv() {
        super(ID, MAX_EPISODE_STEPS);
    }

    @Override
    public Space observationSpace() {
        return OBSERVATION_SPACE;
    }

    @Override
    public Space actionSpace() {
        return ACTION_SPACE;
    }

    @Override
    void resetState(NumpyGenerator random, Map<String, Object> options) {
        double low = optionAsDouble(options, "low", DEFAULT_RESET_LOW);
        double high = optionAsDouble(options, "high", DEFAULT_RESET_HIGH);
        if (low > high) {
            throw new IllegalArgumentException("The reset option low (" + low + ") must not exceed high (" + high + ").");
        }
        random.uniform(low, high, state);
    }

    @Override
    double advance(float[] action) {
        double x = state[0];
        double xDot = state[1];
        double theta = state[2];
        double thetaDot = state[3];
        double force = action[0] == 1f ? FORCE_MAGNITUDE : -FORCE_MAGNITUDE;
        double cosTheta = Math.cos(theta);
        double sinTheta = Math.sin(theta);
        // Same operations in the same order as Gymnasium, so the float64 results round alike.
        double temp = (force + POLE_MASS_LENGTH * (thetaDot * thetaDot) * sinTheta) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sinTheta - cosTheta * temp)
                / (HALF_POLE_LENGTH * (4.0 / 3.0 - MASS_POLE * (cosTheta * cosTheta) / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cosTheta / TOTAL_MASS;
        state[0] = x + TAU * xDot;
        state[1] = xDot + TAU * xAcc;
        state[2] = theta + TAU * thetaDot;
        state[3] = thetaDot + TAU * thetaAcc;
        return 1.0;
    }

    @Override
    boolean isTerminal() {
        double x = state[0];
        double theta = state[2];
        return x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD_RADIANS || theta > THETA_THRESHOLD_RADIANS;
    }

    @Override
    void writeObservation(float[] out, int offset) {
        for (int i = 0; i < 4; i++) {
            out[offset + i] = (float) state[i];
        }
    }

    @Override
    String actionHint() {
        return "Pass 0 to push the cart left or 1 to push it right.";
    }

    /** Overwrites the float64 state (x, x_dot, theta, theta_dot), as assigning Gymnasium's {@code env.unwrapped.state}. */
    void setState(double[] newState) {
        System.arraycopy(newState, 0, state, 0, 4);
    }

    static Box symmetricFloat32Box(double... high) {
        double[] lo = new double[high.length];
        double[] hi = new double[high.length];
        for (int i = 0; i < high.length; i++) {
            hi[i] = (float) high[i];
            lo[i] = -hi[i];
        }
        return new Box(lo, hi, new int[] {high.length}, DType.FLOAT32, "");
    }
}
