package dev.ppo4j.model;

import java.util.SplittableRandom;

/** Random (semi-)orthogonal matrices for weight initialisation. */
final class Orthogonal {
    private Orthogonal() {}

    /**
     * A {@code rows × cols} matrix (row-major) whose rows or columns, whichever are fewer, are
     * orthonormal, scaled by {@code gain}. Built by modified Gram-Schmidt on the columns of a
     * standard-normal {@code max × min} matrix, which is the QR decomposition with a positive
     * diagonal of R: the result is uniformly (Haar) distributed.
     */
    static float[] matrix(int rows, int cols, double gain, SplittableRandom random) {
        int tall = Math.max(rows, cols);
        int narrow = Math.min(rows, cols);
        double[][] columns = new double[narrow][tall];
        for (double[] column : columns) {
            for (int i = 0; i < tall; i++) {
                column[i] = random.nextGaussian();
            }
        }
        for (int j = 0; j < narrow; j++) {
            double[] q = columns[j];
            for (int k = 0; k < j; k++) {
                double dot = dot(columns[k], q);
                for (int i = 0; i < tall; i++) {
                    q[i] -= dot * columns[k][i];
                }
            }
            double norm = Math.sqrt(dot(q, q));
            for (int i = 0; i < tall; i++) {
                q[i] /= norm;
            }
        }
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = rows >= cols ? columns[c][r] : columns[r][c];
                out[r * cols + c] = (float) (gain * v);
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
