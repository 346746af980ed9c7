package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The conjugate gradient against a direct solve of a small symmetric positive definite system. */
class ConjugateGradientTest {
    private static final int N = 6;

    /** A = BᵀB + 0.1·I for a random B: symmetric positive definite, not diagonal. */
    private static double[][] spdMatrix(SplittableRandom random) {
        double[][] b = new double[N][N];
        for (double[] row : b) {
            for (int j = 0; j < N; j++) {
                row[j] = random.nextGaussian();
            }
        }
        double[][] a = new double[N][N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                for (int k = 0; k < N; k++) {
                    a[i][j] += b[k][i] * b[k][j];
                }
            }
            a[i][i] += 0.1;
        }
        return a;
    }

    private static ConjugateGradient.Operator times(double[][] a) {
        return (v, out) -> {
            for (int i = 0; i < a.length; i++) {
                out[i] = ConjugateGradient.dot(a[i], v);
            }
        };
    }

    /** Gaussian elimination with partial pivoting. */
    private static double[] directSolve(double[][] matrix, double[] rhs) {
        int n = rhs.length;
        double[][] a = new double[n][];
        double[] b = rhs.clone();
        for (int i = 0; i < n; i++) {
            a[i] = matrix[i].clone();
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
                    pivot = row;
                }
            }
            double[] swapRow = a[col];
            a[col] = a[pivot];
            a[pivot] = swapRow;
            double swap = b[col];
            b[col] = b[pivot];
            b[pivot] = swap;
            for (int row = col + 1; row < n; row++) {
                double factor = a[row][col] / a[col][col];
                for (int k = col; k < n; k++) {
                    a[row][k] -= factor * a[col][k];
                }
                b[row] -= factor * b[col];
            }
        }
        double[] x = new double[n];
        for (int row = n - 1; row >= 0; row--) {
            double sum = b[row];
            for (int k = row + 1; k < n; k++) {
                sum -= a[row][k] * x[k];
            }
            x[row] = sum / a[row][row];
        }
        return x;
    }

    @Test
    void solvesASmallSpdSystemLikeADirectSolveWithinNSteps() {
        SplittableRandom random = new SplittableRandom(1);
        double[][] a = spdMatrix(random);
        double[] b = new double[N];
        for (int i = 0; i < N; i++) {
            b[i] = random.nextGaussian();
        }
        double[] expected = directSolve(a, b);
        double[] x = new double[N];
        ConjugateGradient.Result result = new ConjugateGradient(N).solve(times(a), b, 50, x);

        assertArrayEquals(expected, x, 1e-6);
        assertTrue(result.steps() <= N + 2, "CG converges in about n steps in exact arithmetic; took " + result.steps());
        assertTrue(result.relativeResidual() < 1e-4, "residual " + result.relativeResidual());
    }

    @Test
    void fewerStepsLeaveALargerResidualAndStopAtTheLimit() {
        SplittableRandom random = new SplittableRandom(2);
        double[][] a = spdMatrix(random);
        double[] b = {1, -2, 0.5, 3, -1, 0.25};
        ConjugateGradient cg = new ConjugateGradient(N);
        double[] x = new double[N];
        ConjugateGradient.Result two = cg.solve(times(a), b, 2, x);
        double[] ax = new double[N];
        times(a).apply(x, ax);
        double trueResidual = 0;
        for (int i = 0; i < N; i++) {
            trueResidual += (b[i] - ax[i]) * (b[i] - ax[i]);
        }
        assertEquals(2, two.steps());
        assertEquals(Math.sqrt(trueResidual / ConjugateGradient.dot(b, b)), two.relativeResidual(), 1e-9,
                "the reported residual is the true one");
        ConjugateGradient.Result four = cg.solve(times(a), b, 4, x);
        assertTrue(two.relativeResidual() > 1e-3, "two steps cannot solve a 6-dimensional system");
        assertTrue(four.relativeResidual() < two.relativeResidual() || four.relativeResidual() < 1e-6);
    }

    @Test
    void aZeroRightHandSideTakesNoStepAndTheIdentityOne() {
        ConjugateGradient cg = new ConjugateGradient(3);
        double[] x = {7, 7, 7};
        ConjugateGradient.Result zero = cg.solve((v, out) -> System.arraycopy(v, 0, out, 0, 3), new double[3], 10, x);
        assertEquals(0, zero.steps());
        assertArrayEquals(new double[3], x, 0.0, "the solution starts from 0");
        ConjugateGradient.Result identity = cg.solve((v, out) -> System.arraycopy(v, 0, out, 0, 3), new double[] {1, 2, 3}, 10, x);
        assertEquals(1, identity.steps());
        assertArrayEquals(new double[] {1, 2, 3}, x, 1e-12);
    }
}
