package io.ledgerhouse.forecast.engine;

/** A forecasting method on a series' working scale; missing days are NaN. */
interface ForecastModel {

    /** Fits to {@code y[0..n-1]} (at least one value observed). */
    FittedModel fit(double[] y, int n);
}
