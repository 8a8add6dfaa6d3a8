package io.ledgerhouse.forecast.engine;

/**
 * Tuning of the {@link CostForecaster}. A plain interface so a configuration mapping can extend it and a test can
 * override one method; {@link #DEFAULTS} holds the values the documentation (docs/forecasting.md) describes.
 */
public interface ForecastSettings {

    /** The settings described in docs/forecasting.md. */
    ForecastSettings DEFAULTS = new ForecastSettings() {
    };

    /** Fewer days of history than this (from the first observed day to the day before the origin) use a baseline. */
    default int minHistoryDays() {
        return 21;
    }

    /** Only the most recent this many days before the origin are used; older history is ignored. */
    default int maxHistoryDays() {
        return 730;
    }

    /** Number of rolling origins of the model-selection backtest (non-overlapping test windows at the end). */
    default int backtestOrigins() {
        return 4;
    }

    /** Days forecast from each backtest origin. */
    default int backtestHorizonDays() {
        return 28;
    }

    /**
     * A day is a spike when it is further than this many robust standard deviations from the median of the same
     * weekday in the surrounding weeks; it is replaced by that median before fitting (see SpikeFilter).
     */
    default double spikeThreshold() {
        return 5.0;
    }

    /** Forecast errors used for the intervals come from origins within this many days before the origin. */
    default int errorLookbackDays() {
        return 365;
    }

    /** Decimals of the money amounts in the output. */
    default int scale() {
        return 4;
    }
}
