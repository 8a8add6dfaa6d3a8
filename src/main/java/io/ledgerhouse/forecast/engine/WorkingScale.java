package io.ledgerhouse.forecast.engine;

/**
 * The scale a model works on. {@link #LOG1P} turns multiplicative weekly patterns and noise proportional to the level
 * into additive ones, and {@code expm1} of its forecast is the forecast median, which is what the absolute error of
 * the backtest (MASE) rewards. It needs costs of at least 0.
 */
enum WorkingScale {
    RAW {
        @Override
        double to(double cost) {
            return cost;
        }

        @Override
        double from(double value) {
            return value;
        }
    },
    LOG1P {
        @Override
        double to(double cost) {
            return Math.log1p(cost);
        }

        @Override
        double from(double value) {
            return Math.expm1(value);
        }
    };

    abstract double to(double cost);

    abstract double from(double value);

    double[] to(double[] costs, int n) {
        double[] out = new double[n];
        for (int t = 0; t < n; t++) {
            out[t] = to(costs[t]);
        }
        return out;
    }
}
