package io.ledgerhouse.forecast.engine;

/** What a day without an entry in a {@link DailyCostSeries} means. */
public enum MissingDays {
    /**
     * No data: the day is skipped by the model fits (the smoothing recursions only predict across it), by the
     * backtests and by the error statistics. The default, because a collector that failed for a day must not look
     * like a day without spend.
     */
    UNKNOWN,
    /** The caller knows nothing was spent: every day between the first entry and the origin without an entry is 0. */
    ZERO
}
