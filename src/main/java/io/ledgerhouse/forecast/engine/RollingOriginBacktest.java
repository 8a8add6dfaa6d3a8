package io.ledgerhouse.forecast.engine;

/**
 * Scores a candidate by refitting it at several origins at the end of the history and forecasting the days after
 * each, with the mean absolute scaled error (MASE, Hyndman &amp; Koehler 2006):
 *
 * <pre>
 *   MASE(o) = mean over observed days t in [o, o+H) of |y(t) − ŷ(t|o−1)|  /  q(o)
 *   q(o)    = mean over observed pairs in the training part y[0..o−1] of |y(t) − y(t−7)|
 * </pre>
 *
 * i.e. the error relative to the in-sample one-step error of the weekly seasonal-naive forecast. The score is the mean
 * of MASE(o) over the origins. The test windows are H = min(28, n − 14) days long, do not overlap and end at the last
 * day; there are up to 4 of them, as many as leave at least two weeks of training data.
 */
final class RollingOriginBacktest {

    private final double[] costs;
    private final double[] judged;
    private final int[] origins;
    private final int horizon;
    private final double[] scales;

    /**
     * Backtests on {@code costs} (spike-cleaned, NaN = missing); the days listed in {@code spikes} are fitted with
     * their replacement value but not scored, since no forecaster should be judged on a spike.
     */
    RollingOriginBacktest(double[] costs, int n, java.util.List<Integer> spikes, ForecastSettings settings) {
        this.costs = costs;
        this.judged = costs.clone();
        for (int t : spikes) {
            judged[t] = Double.NaN;
        }
        int minTraining = 2 * HoltWinters.SEASON;
        this.horizon = Math.max(1, Math.min(settings.backtestHorizonDays(), n - minTraining));
        int count = Math.max(1, Math.min(settings.backtestOrigins(), (n - minTraining) / horizon));
        this.origins = new int[count];
        this.scales = new double[count];
        for (int k = 0; k < count; k++) {
            origins[k] = n - (count - k) * horizon;
            scales[k] = scale(costs, origins[k]);
        }
    }

    private final java.util.Map<String, Candidate.Fit> lastFits = new java.util.HashMap<>();

    /** The fit of a scored candidate at the last origin. */
    Candidate.Fit lastFit(Candidate candidate) {
        return lastFits.get(candidate.name());
    }

    int horizon() {
        return horizon;
    }

    int origins() {
        return origins.length;
    }

    /**
     * The candidate's mean MASE over the origins (NaN when no test day was observed). Each origin's fit starts its
     * parameter search from the previous origin's optimum; {@link #lastFit()} is the fit at the last origin.
     */
    double mase(Candidate candidate) {
        double total = 0;
        int scored = 0;
        Candidate.Fit fit = null;
        for (int k = 0; k < origins.length; k++) {
            int o = origins[k];
            fit = candidate.fit(costs, o, fit);
            double error = 0;
            int days = 0;
            for (int h = 1; h <= horizon; h++) {
                double actual = judged[o - 1 + h];
                if (!Double.isNaN(actual)) {
                    error += Math.abs(actual - fit.cost(o - 1, h));
                    days++;
                }
            }
            if (days > 0) {
                total += error / days / scales[k];
                scored++;
            }
        }
        lastFits.put(candidate.name(), fit);
        return scored == 0 ? Double.NaN : total / scored;
    }

    /** q(o); the mean absolute cost when the seasonal differences are all 0, and 1 when that is 0 too. */
    private static double scale(double[] y, int o) {
        double sum = 0;
        int count = 0;
        double level = 0;
        int observed = 0;
        for (int t = 0; t < o; t++) {
            if (Double.isNaN(y[t])) {
                continue;
            }
            level += Math.abs(y[t]);
            observed++;
            if (t >= HoltWinters.SEASON && !Double.isNaN(y[t - HoltWinters.SEASON])) {
                sum += Math.abs(y[t] - y[t - HoltWinters.SEASON]);
                count++;
            }
        }
        if (count > 0 && sum > 0) {
            return sum / count;
        }
        return observed > 0 && level > 0 ? level / observed : 1;
    }
}
