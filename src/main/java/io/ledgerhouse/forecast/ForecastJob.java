package io.ledgerhouse.forecast;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Forecasts every scope on a schedule, so forecasts are stored as they were made (to be scored later) and anomalies
 * are found without anyone asking.
 */
@ApplicationScoped
public class ForecastJob {

    @Inject
    ForecastService forecasts;

    @Scheduled(every = "{ledgerhouse.forecast.every}", delayed = "120s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forecastAll() {
        List<ForecastService.RunResult> results = forecasts.runAll(null);
        results.stream().filter(r -> !"STORED".equals(r.status()))
                .forEach(r -> Log.debugf("No forecast for %s: %s", r.scope(), r.detail()));
        Log.infof("Forecast %d of %d scopes", results.stream().filter(r -> "STORED".equals(r.status())).count(),
                results.size());
    }
}
