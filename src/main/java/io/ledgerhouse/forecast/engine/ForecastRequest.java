package io.ledgerhouse.forecast.engine;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;

/**
 * Forecast {@code series} for every day from {@code origin} to {@code horizonEnd} inclusive, using only the costs of
 * days before {@code origin} (the origin is "today", whose cost is not known yet). The horizon may reach at most the
 * end of the month after the origin's month.
 */
public record ForecastRequest(DailyCostSeries series, LocalDate origin, LocalDate horizonEnd) {

    public ForecastRequest {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(horizonEnd, "horizonEnd");
        if (horizonEnd.isBefore(origin)) {
            throw new IllegalArgumentException("horizon end " + horizonEnd + " is before the origin " + origin);
        }
        LocalDate limit = YearMonth.from(origin).plusMonths(1).atEndOfMonth();
        if (horizonEnd.isAfter(limit)) {
            throw new IllegalArgumentException("horizon end " + horizonEnd + " is after " + limit
                    + ", the end of the month after the origin");
        }
    }

    /** The usual request: from the origin to the end of the next month. */
    public static ForecastRequest throughNextMonth(DailyCostSeries series, LocalDate origin) {
        return new ForecastRequest(series, origin, YearMonth.from(origin).plusMonths(1).atEndOfMonth());
    }

    /** Number of days forecast. */
    public int horizonDays() {
        return (int) (horizonEnd.toEpochDay() - origin.toEpochDay()) + 1;
    }
}
