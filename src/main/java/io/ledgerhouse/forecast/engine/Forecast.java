package io.ledgerhouse.forecast.engine;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A series' forecast.
 *
 * @param model          name of the model that produced the points
 * @param chosenMase     rolling-origin backtest MASE of that model (NaN when there was too little history to backtest)
 * @param baselineMase   the same for the seasonal-naive baseline
 * @param backtestMase   every model's backtest MASE, by name (empty when not backtested)
 * @param fellBack       whether a baseline was used instead of a candidate model
 * @param fallbackReason why, or null when it did not fall back
 * @param points         one per day from the origin to the horizon end
 * @param monthEnd       the origin's month: actual to date + forecast of the rest
 * @param nextMonth      the following month when the horizon covers all of it, else null
 * @param anomalies      observed days before the origin outside the 99% band of their one-step forecast
 * @param spikeDays      days replaced as spikes before fitting
 */
public record Forecast(String model, double chosenMase, double baselineMase, Map<String, Double> backtestMase,
        boolean fellBack, String fallbackReason, List<ForecastPoint> points, MonthProjection monthEnd,
        MonthProjection nextMonth, List<Anomaly> anomalies, List<LocalDate> spikeDays) {

    public Forecast {
        backtestMase = Collections.unmodifiableMap(new LinkedHashMap<>(backtestMase));
        points = List.copyOf(points);
        anomalies = List.copyOf(anomalies);
        spikeDays = List.copyOf(spikeDays);
    }
}
