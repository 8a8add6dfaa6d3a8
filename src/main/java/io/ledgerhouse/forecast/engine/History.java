package io.ledgerhouse.forecast.engine;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.SortedMap;

/**
 * The part of a series a forecast uses, as an array: day 0 is the first day with an entry that is at most
 * {@link ForecastSettings#maxHistoryDays()} before the origin, day {@code n − 1} the day before the origin. Days
 * without an entry are NaN ({@link MissingDays#UNKNOWN}) or 0 ({@link MissingDays#ZERO}).
 */
record History(LocalDate first, double[] costs, int n, int observed, SortedMap<LocalDate, BigDecimal> entries) {

    static History of(DailyCostSeries series, LocalDate origin, int maxDays) {
        SortedMap<LocalDate, BigDecimal> entries = series.costs().subMap(origin.minusDays(maxDays), origin);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no costs in the " + maxDays + " days before " + origin);
        }
        LocalDate first = entries.firstKey();
        int n = (int) (origin.toEpochDay() - first.toEpochDay());
        double[] costs = new double[n];
        java.util.Arrays.fill(costs, series.missingDays() == MissingDays.ZERO ? 0 : Double.NaN);
        for (Map.Entry<LocalDate, BigDecimal> e : entries.entrySet()) {
            costs[(int) (e.getKey().toEpochDay() - first.toEpochDay())] = e.getValue().doubleValue();
        }
        int observed = series.missingDays() == MissingDays.ZERO ? n : entries.size();
        return new History(first, costs, n, observed, entries);
    }

    /** Index of a day (negative before the first day). */
    int index(LocalDate day) {
        return (int) (day.toEpochDay() - first.toEpochDay());
    }

    LocalDate day(int index) {
        return first.plusDays(index);
    }
}
