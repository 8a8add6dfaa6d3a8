package io.ledgerhouse.budget;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code ledgerhouse.alerts.*}: when budgets are evaluated, how alerts are delivered and retried. */
@ConfigMapping(prefix = "ledgerhouse.alerts")
public interface AlertConfig {

    /** How often every budget of the current month is evaluated. */
    @WithDefault("1h")
    String evaluateEvery();

    /** When team statements (first three days of a month) and anomaly notices are queued; UTC cron. */
    @WithDefault("0 0 6 * * ?")
    String teamMailCron();

    /** How often due alerts are delivered (and failed ones retried). */
    @WithDefault("30s")
    String dispatchEvery();

    /** The first retry after a failed delivery; each further one waits twice as long, up to {@link #maxBackoff()}. */
    @WithDefault("30s")
    Duration firstBackoff();

    @WithDefault("1h")
    Duration maxBackoff();

    /** Projections are trusted from this day of the month on (earlier ones rest on too few days). */
    @WithDefault("5")
    int minDaysForProjection();

    /** Where the dashboard is, for links in e-mails (e.g. https://ledgerhouse.example.com). */
    Optional<String> dashboardUrl();

    /** Sender of alert e-mails. */
    @WithDefault("Ledgerhouse <ledgerhouse@localhost>")
    String from();
}
