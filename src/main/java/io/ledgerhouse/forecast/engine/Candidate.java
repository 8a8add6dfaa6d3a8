package io.ledgerhouse.forecast.engine;

import java.util.List;

/** A named model on a working scale; baselines are always computed, the others compete to beat them. */
record Candidate(String name, ForecastModel model, WorkingScale scale, boolean baseline) {

    static final Candidate SEASONAL_NAIVE = new Candidate("seasonal-naive", new SeasonalNaive(), WorkingScale.RAW, true);
    static final Candidate TRAILING_MEAN = new Candidate("trailing-mean-28d", new TrailingMean(), WorkingScale.RAW,
            true);

    /** The baselines then the candidates, in the order ties are broken. */
    static List<Candidate> all() {
        return List.of(SEASONAL_NAIVE, TRAILING_MEAN,
                new Candidate("holt-winters-damped", new HoltWinters(true), WorkingScale.RAW, false),
                new Candidate("holt-winters-damped-log1p", new HoltWinters(true), WorkingScale.LOG1P, false),
                new Candidate("holt-winters", new HoltWinters(false), WorkingScale.RAW, false),
                new Candidate("holt-winters-log1p", new HoltWinters(false), WorkingScale.LOG1P, false));
    }

    /** Fits to the costs {@code y[0..n-1]} (NaN = missing), transformed to the working scale. */
    Fit fit(double[] costs, int n) {
        return fit(costs, n, null);
    }

    /** The same, warm-started from a previous fit of this candidate (see {@link ForecastModel#fit(double[], int,
     * FittedModel)}). */
    Fit fit(double[] costs, int n, Fit previous) {
        double[] working = scale == WorkingScale.RAW ? costs : scale.to(costs, n);
        return new Fit(this, model.fit(working, n, previous == null ? null : previous.model()), working);
    }

    /** A fitted candidate, with the series on its working scale. */
    record Fit(Candidate candidate, FittedModel model, double[] working) {

        /** Forecast on the working scale. */
        double working(int t, int steps) {
            return model.forecast(t, steps);
        }

        /** Forecast cost, never below zero. */
        double cost(int t, int steps) {
            return Math.max(0, candidate.scale.from(model.forecast(t, steps)));
        }

        WorkingScale scale() {
            return candidate.scale;
        }
    }
}
