package io.ledgerhouse.forecast.engine;

import java.util.function.ToDoubleFunction;

/**
 * Deterministic Nelder-Mead simplex minimiser (reflection 1, expansion 2, contraction ½, shrink ½) on an unconstrained
 * space. It stops when the spread of the simplex' values is below a relative tolerance or after a budget of function
 * evaluations. Callers map constrained parameters onto the real line themselves (see {@link HoltWinters}).
 */
final class NelderMead {

    private NelderMead() {
    }

    /** The best point found, starting from a simplex of {@code start} and {@code start + step·e_i}. */
    static double[] minimise(ToDoubleFunction<double[]> f, double[] start, double step, int maxEvaluations,
            double relativeTolerance) {
        int d = start.length;
        double[][] x = new double[d + 1][];
        double[] fx = new double[d + 1];
        for (int i = 0; i <= d; i++) {
            x[i] = start.clone();
            if (i > 0) {
                x[i][i - 1] += step;
            }
            fx[i] = f.applyAsDouble(x[i]);
        }
        int evaluations = d + 1;
        double[] centroid = new double[d];
        while (evaluations < maxEvaluations) {
            sort(x, fx);
            double spread = fx[d] - fx[0];
            if (spread <= relativeTolerance * (Math.abs(fx[0]) + 1e-300)) {
                break;
            }
            java.util.Arrays.fill(centroid, 0);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    centroid[j] += x[i][j] / d;
                }
            }
            double[] reflected = along(centroid, x[d], -1);
            double fr = f.applyAsDouble(reflected);
            evaluations++;
            if (fr < fx[0]) {
                double[] expanded = along(centroid, x[d], -2);
                double fe = f.applyAsDouble(expanded);
                evaluations++;
                if (fe < fr) {
                    x[d] = expanded;
                    fx[d] = fe;
                } else {
                    x[d] = reflected;
                    fx[d] = fr;
                }
            } else if (fr < fx[d - 1]) {
                x[d] = reflected;
                fx[d] = fr;
            } else {
                boolean outside = fr < fx[d];
                double[] contracted = along(centroid, outside ? reflected : x[d], 0.5);
                double fc = f.applyAsDouble(contracted);
                evaluations++;
                if (fc < Math.min(fr, fx[d])) {
                    x[d] = contracted;
                    fx[d] = fc;
                } else {
                    for (int i = 1; i <= d; i++) {
                        for (int j = 0; j < d; j++) {
                            x[i][j] = x[0][j] + 0.5 * (x[i][j] - x[0][j]);
                        }
                        fx[i] = f.applyAsDouble(x[i]);
                    }
                    evaluations += d;
                }
            }
        }
        sort(x, fx);
        return x[0];
    }

    /** {@code centroid + t·(point − centroid)}. */
    private static double[] along(double[] centroid, double[] point, double t) {
        double[] r = new double[centroid.length];
        for (int j = 0; j < r.length; j++) {
            r[j] = centroid[j] + t * (point[j] - centroid[j]);
        }
        return r;
    }

    private static void sort(double[][] x, double[] fx) {
        for (int i = 1; i < fx.length; i++) {
            double fk = fx[i];
            double[] xk = x[i];
            int j = i - 1;
            while (j >= 0 && (fx[j] > fk || Double.isNaN(fx[j]) && !Double.isNaN(fk))) {
                fx[j + 1] = fx[j];
                x[j + 1] = x[j];
                j--;
            }
            fx[j + 1] = fk;
            x[j + 1] = xk;
        }
    }
}
