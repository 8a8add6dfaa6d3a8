package io.ledgerhouse.forecast.engine;

/** A forecasting method on a series' working scale; missing days are NaN. */
interface ForecastModel {

    /** Fits to {@code y[0..n-1]} (at least one value observed). */
    FittedModel fit(double[] y, int n);

    /** Fits to {@code y[0..n-1]}, possibly using a fit of the same model to a similar history as a starting point. */
    default FittedModel fit(double[] y, int n, FittedModel previous) {
        return fit(y, n);
    }
}
