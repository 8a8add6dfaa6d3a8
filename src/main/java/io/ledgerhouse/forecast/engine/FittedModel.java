package io.ledgerhouse.forecast.engine;

/**
 * A model fitted to a daily series {@code y[0..n-1]} on its working scale, able to forecast from any point of it:
 * what a forecaster standing at the end of day {@code t} would have predicted, using only {@code y[0..t]} (with the
 * fitted parameters). This is what the interval and anomaly statistics are built from.
 */
interface FittedModel {

    /** Forecast of {@code y[t + steps]} from the information up to and including day {@code t}; {@code steps >= 1}. */
    double forecast(int t, int steps);

    /** A short description of the fitted parameters, for tests and diagnostics. */
    String describe();
}
