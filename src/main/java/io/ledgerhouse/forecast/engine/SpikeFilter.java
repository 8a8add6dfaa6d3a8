package io.ledgerhouse.forecast.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Replaces one-off spikes (and dips) before any model sees the series, so that one huge day cannot drag a level for
 * weeks. The rule:
 *
 * <ol>
 *   <li>The reference of an observed day is the median of the six nearest observed same weekdays within six
 *       weeks ({@code t±7, t±14, …, t±42}, nearest first); days with fewer than three such neighbours are not
 *       judged. Being a median of the same weekday around the day, it ignores the weekly pattern and up to two spikes
 *       among the neighbours (a median of two would not), and follows a trend without lag except near the series'
 *       ends, where the neighbours all lie on one side.</li>
 *   <li>The residual is the day's cost minus its reference; {@code c} is the median residual and {@code σ} the robust
 *       scale of the residuals ({@link Quantiles#robustSigma}: MAD × 1.4826).</li>
 *   <li>A day with {@code |residual − c| > k·σ} (k = {@link ForecastSettings#spikeThreshold()}, default 5) is
 *       outlying. A run of at most {@value #MAX_SPIKE_DAYS} consecutive outlying days in the same direction is a
 *       spike: each of its days is replaced by {@code reference + c}. A longer run is a change of level (a new
 *       workload, a shut-down) and is left for the models to follow.</li>
 * </ol>
 *
 * Missing days stay missing; σ = 0 (a perfectly regular series) flags nothing.
 */
final class SpikeFilter {

    /** The cleaned series and the indices of the days that were changed. */
    record Result(double[] costs, List<Integer> spikes) {
    }

    /** Longer runs of consecutive outlying days in the same direction are a change of level, not a spike. */
    static final int MAX_SPIKE_DAYS = 2;
    /** Same weekdays compared with: a median of six ignores two spikes among them. */
    static final int NEIGHBOURS = 6;
    /** Same weekdays, nearest first. */
    private static final int[] OFFSETS = {-7, 7, -14, 14, -21, 21, -28, 28, -35, 35, -42, 42};

    private SpikeFilter() {
    }

    static Result clean(double[] costs, int n, double k) {
        double[] reference = new double[n];
        double[] residuals = new double[n];
        int judged = 0;
        double[] neighbours = new double[NEIGHBOURS];
        for (int t = 0; t < n; t++) {
            reference[t] = Double.NaN;
            if (Double.isNaN(costs[t])) {
                continue;
            }
            int c = 0;
            for (int i = 0; i < OFFSETS.length && c < NEIGHBOURS; i++) {
                int u = t + OFFSETS[i];
                if (u >= 0 && u < n && !Double.isNaN(costs[u])) {
                    neighbours[c++] = costs[u];
                }
            }
            if (c >= 3) {
                reference[t] = Quantiles.median(neighbours, c);
                residuals[judged++] = costs[t] - reference[t];
            }
        }
        double[] out = costs.clone();
        List<Integer> spikes = new ArrayList<>();
        if (judged == 0) {
            return new Result(out, spikes);
        }
        double centre = Quantiles.median(residuals, judged);
        double sigma = Quantiles.robustSigma(residuals, judged, centre);
        if (sigma <= 0) {
            return new Result(out, spikes);
        }
        double limit = k * sigma;
        int[] sign = new int[n];
        for (int t = 0; t < n; t++) {
            if (!Double.isNaN(reference[t])) {
                double deviation = costs[t] - reference[t] - centre;
                sign[t] = deviation > limit ? 1 : deviation < -limit ? -1 : 0;
            }
        }
        for (int t = 0; t < n; ) {
            if (sign[t] == 0) {
                t++;
                continue;
            }
            int end = t;
            while (end + 1 < n && sign[end + 1] == sign[t]) {
                end++;
            }
            if (end - t + 1 <= MAX_SPIKE_DAYS) {
                for (int u = t; u <= end; u++) {
                    out[u] = reference[u] + centre;
                    spikes.add(u);
                }
            }
            t = end + 1;
        }
        return new Result(out, spikes);
    }
}
