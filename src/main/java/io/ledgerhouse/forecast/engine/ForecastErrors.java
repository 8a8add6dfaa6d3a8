package io.ledgerhouse.forecast.engine;

import java.util.Arrays;

/**
 * Empirical forecast errors of a fitted model, from which the prediction intervals are read. The model (with its
 * fitted parameters) is run from every origin {@code t} of the last {@link ForecastSettings#errorLookbackDays()}
 * days of the history (after a warm-up of four weeks, two for short series) and its forecasts are compared with what
 * followed, on the model's working scale:
 *
 * <ul>
 *   <li>Daily: the interval of a day h steps ahead is the forecast plus the 2.5/10/90/97.5% quantiles of the
 *       h-step errors, pooled over the horizons {@code h ± min(2, ⌊h/7⌋)} to steady the tails. A horizon with fewer than
 *       {@value #MIN_ERRORS} errors takes the quantiles of the longest horizon that has enough, scaled by
 *       {@code √(h/h₀)}; with no such horizon, normal quantiles of the robust one-step error scale times {@code √h}.
 *   <li>Sums of days (the month-end projection): the errors of the summed forecasts over the same steps from every
 *       origin, which carry whatever correlation the daily errors have (a level that is off stays off for the whole
 *       month). Raw-scale models use the difference of the sums, log-scale models the difference of their
 *       {@code log1p}. A window with a missing day is skipped; with fewer than {@value #MIN_ERRORS} complete windows
 *       the sum's bounds are the sums of the daily bounds, which is exact for perfectly correlated errors and
 *       otherwise wider than needed.
 * </ul>
 *
 * Because the models are refitted on the whole history before this is measured, the errors are slightly optimistic;
 * the tests measure the coverage on held-out days to show it stays within bounds.
 */
final class ForecastErrors {

    static final int MIN_ERRORS = 30;
    /** Horizons pooled on each side of a horizon h: ⌊h/7⌋, at most this many. */
    static final int MAX_POOL_WIDTH = 2;
    /** The quantile levels of the bounds lo95, lo80, hi80, hi95. */
    static final double[] LEVELS = {0.025, 0.10, 0.90, 0.975};
    private static final double[] NORMAL = {-1.959964, -1.281552, 1.281552, 1.959964};

    private final Candidate.Fit fit;
    private final double[] costs;
    private final int n;
    private final int firstOrigin;
    private final int maxSteps;
    /** forecasts[t − firstOrigin][h − 1] on the working scale, for t + h ≤ n − 1. */
    private final double[][] forecasts;
    private final double[][] daily;

    ForecastErrors(Candidate.Fit fit, double[] costs, int n, int maxSteps, ForecastSettings settings) {
        this.fit = fit;
        this.costs = costs;
        this.n = n;
        this.maxSteps = maxSteps;
        int warmUp = n >= 90 ? 4 * HoltWinters.SEASON - 1 : 2 * HoltWinters.SEASON - 1;
        this.firstOrigin = Math.max(warmUp, n - 1 - settings.errorLookbackDays());
        int origins = Math.max(0, n - 1 - firstOrigin);
        this.forecasts = new double[origins][];
        for (int i = 0; i < origins; i++) {
            int t = firstOrigin + i;
            int steps = Math.min(maxSteps, n - 1 - t);
            forecasts[i] = new double[steps];
            for (int h = 1; h <= steps; h++) {
                forecasts[i][h - 1] = fit.working(t, h);
            }
        }
        this.daily = dailyOffsets();
    }

    /** Offsets on the working scale to add to an h-step forecast for lo95, lo80, hi80, hi95. */
    double[] daily(int h) {
        return daily[h];
    }

    private double[][] dailyOffsets() {
        double[] working = fit.working();
        double[][] errors = new double[maxSteps + 1][];
        int[] counts = new int[maxSteps + 1];
        for (int h = 1; h <= maxSteps; h++) {
            errors[h] = new double[forecasts.length];
        }
        for (int i = 0; i < forecasts.length; i++) {
            int t = firstOrigin + i;
            for (int h = 1; h <= forecasts[i].length; h++) {
                double actual = working[t + h];
                if (!Double.isNaN(actual)) {
                    errors[h][counts[h]++] = actual - forecasts[i][h - 1];
                }
            }
        }
        for (int h = 1; h <= maxSteps; h++) {
            Arrays.sort(errors[h], 0, counts[h]);
        }
        double[][] offsets = new double[maxSteps + 1][];
        int lastGood = 0;
        for (int h = 1; h <= maxSteps; h++) {
            int width = Math.min(MAX_POOL_WIDTH, h / HoltWinters.SEASON);
            int from = Math.max(1, h - width);
            int to = Math.min(maxSteps, h + width);
            int total = 0;
            for (int g = from; g <= to; g++) {
                total += counts[g];
            }
            if (total >= MIN_ERRORS) {
                double[] pooled = new double[0];
                for (int g = from; g <= to; g++) {
                    pooled = merge(pooled, errors[g], counts[g]);
                }
                offsets[h] = new double[4];
                for (int q = 0; q < 4; q++) {
                    offsets[h][q] = Quantiles.ofSorted(pooled, total, LEVELS[q]);
                }
                lastGood = h;
            } else if (lastGood > 0) {
                double stretch = Math.sqrt((double) h / lastGood);
                offsets[h] = new double[4];
                for (int q = 0; q < 4; q++) {
                    offsets[h][q] = offsets[lastGood][q] * stretch;
                }
            } else {
                offsets[h] = normal(oneStepSigma() * Math.sqrt(h));
            }
        }
        return offsets;
    }

    /** The sorted union of sorted {@code a} and sorted {@code b[0..bn-1]}. */
    private static double[] merge(double[] a, double[] b, int bn) {
        double[] out = new double[a.length + bn];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length && j < bn) {
            out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
        }
        while (i < a.length) {
            out[k++] = a[i++];
        }
        while (j < bn) {
            out[k++] = b[j++];
        }
        return out;
    }

    /** Robust scale of the one-step errors from every origin; half the mean level when there are none. */
    private double oneStepSigma() {
        double[] working = fit.working();
        double[] e = new double[n];
        int c = 0;
        double level = 0;
        int observed = 0;
        for (int t = 0; t < n; t++) {
            if (!Double.isNaN(working[t])) {
                level += Math.abs(working[t]);
                observed++;
                if (t >= 1) {
                    e[c++] = working[t] - fit.working(t - 1, 1);
                }
            }
        }
        double sigma = c == 0 ? 0 : Quantiles.robustSigma(e, c, 0);
        return sigma > 0 ? sigma : observed == 0 ? 0 : 0.5 * level / observed;
    }

    private static double[] normal(double sigma) {
        double[] offsets = new double[4];
        for (int q = 0; q < 4; q++) {
            offsets[q] = NORMAL[q] * sigma;
        }
        return offsets;
    }

    /**
     * Bounds lo95, lo80, hi80, hi95 of the total cost of the days {@code from..to} steps after the last day, whose
     * forecasts sum to {@code predicted}; {@code dailyBounds[h]} are those of each day (the fallback).
     */
    double[] sumBounds(int from, int to, double predicted, double[][] dailyBounds) {
        boolean log = fit.scale() == WorkingScale.LOG1P;
        double[] errors = new double[forecasts.length];
        int count = 0;
        for (int i = 0; i < forecasts.length; i++) {
            if (forecasts[i].length < to) {
                continue;
            }
            int t = firstOrigin + i;
            double actual = 0;
            double forecast = 0;
            boolean complete = true;
            for (int h = from; h <= to && complete; h++) {
                double cost = costs[t + h];
                complete = !Double.isNaN(cost);
                actual += cost;
                forecast += Math.max(0, fit.scale().from(forecasts[i][h - 1]));
            }
            if (complete) {
                errors[count++] = log ? Math.log1p(Math.max(0, actual)) - Math.log1p(forecast) : actual - forecast;
            }
        }
        double[] bounds = new double[4];
        if (count >= MIN_ERRORS) {
            Arrays.sort(errors, 0, count);
            double median = Quantiles.ofSorted(errors, count, 0.5);
            double independent = Math.max(2.0, (double) count / (to - from + 1));
            for (int q = 0; q < 4; q++) {
                double z = NORMAL[q];
                double widening = StudentT.quantile(z, independent - 1) * Math.sqrt(1 + 1 / independent) / z;
                double offset = median + widening * (Quantiles.ofSorted(errors, count, LEVELS[q]) - median);
                bounds[q] = Math.max(0, log ? Math.expm1(Math.log1p(predicted) + offset) : predicted + offset);
            }
        } else {
            for (int h = from; h <= to; h++) {
                for (int q = 0; q < 4; q++) {
                    bounds[q] += dailyBounds[h][q];
                }
            }
        }
        return bounds;
    }
}
