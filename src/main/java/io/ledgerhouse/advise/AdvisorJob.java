package io.ledgerhouse.advise;

import io.ledgerhouse.domain.ChargesChanged;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refreshes advice on a schedule and after every Snowflake, BigQuery or AWS collection; measures applied recommendations.
 */
@ApplicationScoped
public class AdvisorJob {

    @Inject
    AdvisorService advisor;
    @Inject
    BigQueryAdvisorService bigquery;
    @Inject
    io.ledgerhouse.store.SourceRepository sources;
    @Inject
    AdvisorConfig config;
    @Inject
    RedshiftAdvisorService redshift;

    @Scheduled(every = "{ledgerhouse.advisor.every}", delayed = "90s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshAll() {
        advisor.refreshAll();
        redshift.refreshAll();
        bigquery.refreshAll();
        try {
            advisor.verifyApplied();
        } catch (RuntimeException e) {
            Log.warnf(e, "Applied recommendations could not be measured; the next run tries again");
        }
    }

    void afterCollection(@Observes ChargesChanged change) {
        if (!config.afterCollection()) {
            return;
        }
        String kind = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> sources
                .findByName(change.source()).map(s -> s.kind).orElse(""));
        if ("AWS".equals(kind)) {
            try {
                redshift.refresh(change.source());
            } catch (RuntimeException e) {
                Log.warnf(e, "Redshift advice for %s could not be refreshed after its collection", change.source());
            }
            return;
        }
        if ("BIGQUERY".equals(kind)) {
            try {
                bigquery.refresh(change.source());
            } catch (RuntimeException e) {
                Log.warnf(e, "BigQuery advice for %s could not be refreshed after its collection", change.source());
            }
            return;
        }
        if (!"SNOWFLAKE".equals(kind)) {
            return;
        }
        try {
            advisor.refresh(change.source());
        } catch (RuntimeException e) {
            Log.warnf(e, "Advice for %s could not be refreshed after its collection", change.source());
        }
    }
}
