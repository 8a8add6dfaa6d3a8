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

    @Inject
    TeamMailService teamMail;

    /**
     * Each morning: in the first three days of a month, queue last month's statements (once each: a restart or a
     * second instance queues nothing new); and queue notices for team anomalies of the last week.
     */
    @Scheduled(cron = "{ledgerhouse.alerts.team-mail-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void teamMail() {
        java.time.LocalDate today = java.time.LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC));
        try {
            if (today.getDayOfMonth() <= 3) {
                teamMail.queueStatements(java.time.YearMonth.from(today).minusMonths(1));
            }
            teamMail.queueAnomalies(today.minusDays(7), today);
        } catch (RuntimeException e) {
            Log.warnf(e, "Team statements and anomaly notices could not be queued; the next run tries again");
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
