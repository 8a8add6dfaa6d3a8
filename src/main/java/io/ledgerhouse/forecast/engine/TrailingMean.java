package io.ledgerhouse.forecast.engine;

/**
 * Baseline: every future day costs the mean of the observed days among the last {@value #WINDOW} (all earlier
 * observed days when none of those was observed).
 */
final class TrailingMean implements ForecastModel {

    static final int WINDOW = 28;

    @Override
    public FittedModel fit(double[] y, int n) {
        double[] sum = new double[n + 1];
        int[] count = new int[n + 1];
        for (int t = 0; t < n; t++) {
            boolean observed = !Double.isNaN(y[t]);
            sum[t + 1] = sum[t] + (observed ? y[t] : 0);
            count[t + 1] = count[t] + (observed ? 1 : 0);
        }
        return new FittedModel() {
            @Override
            public double forecast(int t, int steps) {
                if (t < 0) {
                    return 0;
                }
                int from = Math.max(0, t + 1 - WINDOW);
                int c = count[t + 1] - count[from];
                if (c == 0) {
                    from = 0;
                    c = count[t + 1];
                }
                return c == 0 ? 0 : (sum[t + 1] - sum[from]) / c;
            }

            @Override
            public String describe() {
                return "mean of the last " + WINDOW + " days";
            }
        };
    }
}
