package io.ledgerhouse.collect.aws;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Collects every enabled AWS account on a schedule; one failing account never stops the others. */
@ApplicationScoped
public class AwsCollectionJob {

    @Inject
    AwsClients accounts;
    @Inject
    AwsCollector collector;

    @Scheduled(every = "{ledgerhouse.aws.every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void collectAll() {
        accounts.all().forEach((name, account) -> {
            if (!account.enabled()) {
                return;
            }
            try {
                collector.collect(name);
            } catch (RuntimeException e) {
                Log.errorf(e, "AWS collection for %s could not run", name);
            }
        });
    }
}
