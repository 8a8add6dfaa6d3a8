package io.ledgerhouse.collect.bigquery;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Collects every enabled BigQuery project on a schedule; one failing project never stops the others. */
@ApplicationScoped
public class BigQueryCollectionJob {

    @Inject
    BigQueryProjects projects;
    @Inject
    BigQueryCollector collector;

    @Scheduled(every = "{ledgerhouse.bigquery.every}", delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void collectAll() {
        projects.all().forEach((name, project) -> {
            if (!project.enabled()) {
                return;
            }
            try {
                collector.collect(name, projects.session(name));
            } catch (RuntimeException e) {
                Log.errorf(e, "BigQuery collection for %s could not run", name);
            }
        });
    }
}
