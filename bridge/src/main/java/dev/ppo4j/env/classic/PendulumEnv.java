package dev.ppo4j.env.classic;

import dev.ppo4j.env.random.NumpyGenerator;
import dev.ppo4j.env.spaces.Box;
import dev.ppo4j.env.spaces.DType;
import dev.ppo4j.env.spaces.Space;
import java.util.Map;

/**
 * Gymnasium's {@code Pendulum-v1}: swing a pendulum up and hold it upright with a torque in
 * [-2, 2]. Reward {@code -(theta^2 + 0.1 thetaDot^2 + 0.001 torque^2)} with theta normalised to
 * [-pi, pi); never terminates; truncated after 200 steps.
 *
 * <p>Observation: cos(theta), sin(theta), angular velocity (float32). Reset options, as
 * Gymnasium's: {@code "x_init"} and {@code "y_init"} bound the uniform initial angle and angular
 * velocity symmetrically (default pi and 1).
 *
 * <p>Gymnasium clips out-of-range torques silently; here the action must lie in the action space
 * (as for every env behind this API), so an out-of-range torque is an
 * {@link dev.ppo4j.env.InvalidActionException}. Clip actions before stepping.
 */
public final class PendulumEnv extends TimeLimitedEnv {
    /** The id this env is registered under. */
    public static final String ID = "Pendulum-v1";
    /** The time limit {@code gymnasium.make} applies. */
    public static final int MAX_EPISODE_STEPS = 200;

    private static final double MAX_SPEED = 8;
    private static final double MAX_TORQUE = 2.0;
    private static final double DT = 0.05;
    private static final double GRAVITY = 10.0;
    private static final double MASS = 1.0;
    private static final double LENGTH = 1.0;
    private static final double DEFAULT_X = Math.PI;
    private static final double DEFAULT_Y = 1.0;

    private static final Box ACTION_SPACE = new Box(new double[] {-MAX_TORQUE}, new double[] {MAX_TORQUE},
            new int[] {1}, DType.FLOAT32, "");
    private static final Box OBSERVATION_SPACE = CartPoleEnv.symmetricFloat32Box(1.0, 1.0, MAX_SPEED);

    private final double[] initialLow = new double[2];
    private final double[] initialHigh = new double[2];
    private final double[] initialState = new double[2];
    private double theta;
    private double thetaDot;

    /** A new Pendulum; call {@link #reset} before stepping. */
    public PendulumEnv() {
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
        double highTheta = optionAsDouble(options, "x_init", DEFAULT_X);
        double highThetaDot = optionAsDouble(options, "y_init", DEFAULT_Y);
        initialHigh[0] = highTheta;
        initialHigh[1] = highThetaDot;
        initialLow[0] = -highTheta;
        initialLow[1] = -highThetaDot;
        random.uniform(initialLow, initialHigh, initialState);
        theta = initialState[0];
        thetaDot = initialState[1];
    }

    @Override
    double advance(float[] action) {
        // Gymnasium keeps the torque in float32, and numpy (NEP 50) keeps Python-float * float32
        // products in float32: those products are rounded to float here as well.
        float torque = action[0];
        float torqueTerm = (float) (3.0 / (MASS * LENGTH * LENGTH)) * torque;
        float torqueCost = (float) 0.001 * (torque * torque);
        double normalized = angleNormalize(theta);
        double cost = normalized * normalized + 0.1 * (thetaDot * thetaDot) + torqueCost;
        double newThetaDot = thetaDot + (3 * GRAVITY / (2 * LENGTH) * Math.sin(theta) + torqueTerm) * DT;
        newThetaDot = Math.min(Math.max(newThetaDot, -MAX_SPEED), MAX_SPEED);
        theta = theta + newThetaDot * DT;
        thetaDot = newThetaDot;
        return -cost;
    }

    @Override
    boolean isTerminal() {
        return false;
    }

    @Override
    void writeObservation(float[] out, int offset) {
        out[offset] = (float) Math.cos(theta);
        out[offset + 1] = (float) Math.sin(theta);
        out[offset + 2] = (float) thetaDot;
    }

    @Override
    String actionHint() {
        return "Pass a torque between -2 and 2, clipped to the action space's bounds.";
    }

    /** Overwrites the float64 state (theta, theta_dot), as assigning Gymnasium's {@code env.unwrapped.state}. */
    void setState(double[] newState) {
        theta = newState[0];
        thetaDot = newState[1];
    }

    /** numpy's {@code ((x + pi) % (2 pi)) - pi}, with numpy's floor-style remainder (sign of the divisor). */
    private static double angleNormalize(double x) {
        double divisor = 2 * Math.PI;
        double remainder = (x + Math.PI) % divisor;
        if (remainder < 0) {
            remainder += divisor;
        }
        return remainder - Math.PI;
    }
}
