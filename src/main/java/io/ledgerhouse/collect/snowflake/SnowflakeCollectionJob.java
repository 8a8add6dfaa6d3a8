package io.ledgerhouse.collect.snowflake;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Collects every enabled Snowflake account on a schedule; one failing account never stops the others. */
@ApplicationScoped
public class SnowflakeCollectionJob {

    @Inject
    SnowflakeAccounts accounts;
    @Inject
    SnowflakeCollector collector;

    @Scheduled(every = "{ledgerhouse.snowflake.every}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void collectAll() {
        accounts.all().forEach((name, account) -> {
            if (!account.enabled()) {
                return;
            }
            try {
                collector.collect(name, accounts.session(name));
            } catch (RuntimeException e) {
                Log.errorf(e, "Snowflake collection for %s could not run", name);
            }
        });
    }
}
