package io.ledgerhouse.forecast.engine;

import java.util.Arrays;

/** Order statistics of samples: quantiles (linear interpolation, type 7), the median and the MAD scale. */
final class Quantiles {

    /** 1/Φ⁻¹(¾): makes the median absolute deviation a consistent estimate of a normal standard deviation. */
    static final double MAD_TO_SIGMA = 1.4826;
    /** √(π/2): the same for the mean absolute deviation. */
    static final double MEAN_ABS_TO_SIGMA = 1.2533;

    private Quantiles() {
    }

    /** The p-quantile of {@code sorted[0..n-1]}, which must be sorted ascending. */
    static double ofSorted(double[] sorted, int n, double p) {
        if (n == 0) {
            return Double.NaN;
        }
        double position = p * (n - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(n - 1, lower + 1);
        double fraction = position - lower;
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
    }

    /** The median of {@code values[0..n-1]} (left unchanged). */
    static double median(double[] values, int n) {
        double[] copy = Arrays.copyOf(values, n);
        Arrays.sort(copy);
        return ofSorted(copy, n, 0.5);
    }

    /**
     * A robust standard deviation of {@code values[0..n-1]} around {@code centre}: 1.4826 × the median absolute
     * deviation, or 1.2533 × the mean absolute deviation when more than half the deviations are 0 (as in a series of
     * mostly zeros), or 0.
     */
    static double robustSigma(double[] values, int n, double centre) {
        double[] deviations = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            deviations[i] = Math.abs(values[i] - centre);
            sum += deviations[i];
        }
        double mad = median(deviations, n);
        if (mad > 0) {
            return MAD_TO_SIGMA * mad;
        }
        return n == 0 ? 0 : MEAN_ABS_TO_SIGMA * sum / n;
    }
}
