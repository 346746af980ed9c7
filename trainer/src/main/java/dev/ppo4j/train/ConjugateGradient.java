package dev.ppo4j.train;

import java.util.Arrays;

/**
 * The conjugate-gradient method for A·x = b with A symmetric positive definite, given only the
 * products A·v (Hestenes and Stiefel 1952; the form of the TRPO reference implementations): from
 * x = 0, at most a fixed number of iterations, stopping early when the squared residual falls
 * to {@value #RESIDUAL_TOLERANCE} (sb3-contrib's and baselines' residual tolerance). Plain Java
 * in double precision over scratch arrays allocated once for the dimension.
 */
final class ConjugateGradient {
    /** Squared residual norm at which the iteration stops. */
    static final double RESIDUAL_TOLERANCE = 1e-10;

    /** The matrix A, applied to a vector. */
    @FunctionalInterface
    interface Operator {
        /**
         * Writes A·v.
         *
         * @param v the vector (not changed)
         * @param out receives A·v
         */
        void apply(double[] v, double[] out);
    }

    /**
     * How the iteration ended.
     *
     * @param steps iterations run
     * @param relativeResidual ‖b − A·x‖ / ‖b‖ of the recursive residual (0 for b = 0)
     */
    record Result(int steps, double relativeResidual) {
    }

    private final double[] residual;
    private final double[] direction;
    private final double[] product;

    ConjugateGradient(int dimension) {
        residual = new double[dimension];
        direction = new double[dimension];
        product = new double[dimension];
    }

    /**
     * Solves A·x = b approximately.
     *
     * @param a the operator
     * @param b the right-hand side (not changed)
     * @param maxSteps the iteration limit
     * @param x receives the solution
     * @return the iterations run and the residual left
     */
    Result solve(Operator a, double[] b, int maxSteps, double[] x) {
        int n = b.length;
        Arrays.fill(x, 0.0);
        System.arraycopy(b, 0, residual, 0, n);
        System.arraycopy(b, 0, direction, 0, n);
        double initial = dot(b, b);
        double squared = initial;
        int steps = 0;
        while (steps < maxSteps && squared > RESIDUAL_TOLERANCE) {
            a.apply(direction, product);
            double alpha = squared / dot(direction, product);
            for (int i = 0; i < n; i++) {
                x[i] += alpha * direction[i];
                residual[i] -= alpha * product[i];
            }
            double next = dot(residual, residual);
            double beta = next / squared;
            for (int i = 0; i < n; i++) {
                direction[i] = residual[i] + beta * direction[i];
            }
            squared = next;
            steps++;
        }
        return new Result(steps, initial == 0 ? 0 : Math.sqrt(squared / initial));
    }

    /** Σ a_i·b_i. */
    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
