package io.ledgerhouse.budget;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/** Evaluates budgets and delivers due alerts on a schedule. Several instances may run it: the outbox keeps it once. */
@ApplicationScoped
public class BudgetJob {

    @Inject
    BudgetAlertService evaluation;
    @Inject
    AlertDispatcher dispatcher;
    @Inject
    Clock clock;

    @Scheduled(every = "{ledgerhouse.alerts.evaluate-every}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evaluate() {
        try {
            evaluation.evaluateAll();
        } catch (RuntimeException e) {
            Log.warnf(e, "Budget evaluation failed; it runs again at the next interval");
        }
    }

    @Scheduled(every = "{ledgerhouse.alerts.dispatch-every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dispatch() {
        try {
            dispatcher.dispatchDue(clock.instant());
        } catch (RuntimeException e) {
            Log.warnf(e, "Alert delivery pass failed; it runs again at the next interval");
        }
    }
}
