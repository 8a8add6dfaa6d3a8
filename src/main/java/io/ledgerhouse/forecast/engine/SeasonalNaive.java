package io.ledgerhouse.forecast.engine;

/**
 * Baseline: tomorrow costs what the same weekday cost last week, {@code ŷ(t+h|t) = y(t+h−7·⌈h/7⌉)}. When that day is
 * missing it goes back week by week to the latest observed same weekday; when the weekday was never observed, the
 * latest observed day.
 */
final class SeasonalNaive implements ForecastModel {

    @Override
    public FittedModel fit(double[] y, int n) {
        // latest[t]: index of the latest observed day at or before t on the same weekday, −1 if none
        int[] latest = new int[n];
        int[] latestAny = new int[n];
        for (int t = 0; t < n; t++) {
            boolean observed = !Double.isNaN(y[t]);
            latest[t] = observed ? t : t >= HoltWinters.SEASON ? latest[t - HoltWinters.SEASON] : -1;
            latestAny[t] = observed ? t : t >= 1 ? latestAny[t - 1] : -1;
        }
        return new FittedModel() {
            @Override
            public double forecast(int t, int steps) {
                if (t < 0) {
                    return 0;
                }
                int from = t - Math.floorMod(-steps, HoltWinters.SEASON);
                int i = from >= 0 ? latest[from] : -1;
                if (i < 0) {
                    i = latestAny[t];
                }
                return i < 0 ? 0 : y[i];
            }

            @Override
            public String describe() {
                return "last observed same weekday";
            }
        };
    }
}
