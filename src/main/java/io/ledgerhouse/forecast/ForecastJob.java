package io.ledgerhouse.forecast;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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
        int made = 0;
        for (String scope : forecasts.scopes()) {
            try {
                forecasts.forecast(scope, null, null, null);
                made++;
            } catch (RuntimeException e) {
                Log.debugf("No forecast for %s: %s", scope, e.getMessage());
            }
        }
        Log.infof("Forecast %d scopes", made);
    }
}
