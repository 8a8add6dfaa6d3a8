package io.ledgerhouse.forecast.engine;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Cost per day (in one currency), with what a day without an entry means. Days before the first entry are outside the
 * series: they are neither data nor zero.
 */
public record DailyCostSeries(SortedMap<LocalDate, BigDecimal> costs, MissingDays missingDays) {

    public DailyCostSeries {
        Objects.requireNonNull(missingDays, "missingDays");
        TreeMap<LocalDate, BigDecimal> copy = new TreeMap<>();
        costs.forEach((day, cost) -> copy.put(Objects.requireNonNull(day, "day"),
                Objects.requireNonNull(cost, () -> "cost of " + day)));
        costs = Collections.unmodifiableSortedMap(copy);
    }

    /** Missing days are {@link MissingDays#UNKNOWN}. */
    public static DailyCostSeries of(Map<LocalDate, BigDecimal> costs) {
        return new DailyCostSeries(new TreeMap<>(costs), MissingDays.UNKNOWN);
    }

    /** From doubles (rounded to 9 decimals); missing days are {@link MissingDays#UNKNOWN}. */
    public static DailyCostSeries ofDoubles(Map<LocalDate, Double> costs) {
        TreeMap<LocalDate, BigDecimal> converted = new TreeMap<>();
        costs.forEach((day, cost) -> {
            if (cost == null || !Double.isFinite(cost)) {
                throw new IllegalArgumentException("cost of " + day + " is " + cost);
            }
            converted.put(day, BigDecimal.valueOf(cost).setScale(9, java.math.RoundingMode.HALF_EVEN));
        });
        return new DailyCostSeries(converted, MissingDays.UNKNOWN);
    }

    /** The same costs with missing days meaning {@code policy}. */
    public DailyCostSeries withMissingDays(MissingDays policy) {
        return new DailyCostSeries(costs, policy);
    }
}
