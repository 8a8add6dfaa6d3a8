package io.ledgerhouse.advise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.advise.engine.BigQueryStorageAdvisor.Dataset;
import io.ledgerhouse.advise.engine.BigQueryStorageAdvisor.Table;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BigQuery storage advice on one snapshot, US list prices per GiB-month: logical 0.02 / 0.01, physical 0.04 / 0.02.
 *
 * <pre>
 * dataset sales (LOGICAL)                active L   active P (incl. time travel)   fail-safe   last referenced
 *   t1                                   1000 GiB   100 GiB                        10 GiB      5 days ago
 *   old                                   200 GiB    50 GiB                         0          120 days ago
 *   logical  = 1200 x 0.02              = 24.00 a month
 *   physical = (100 + 10 + 50) x 0.04   =  6.40 a month -> switch to PHYSICAL saves 17.60
 *   old: unread 120 days, 200 x 0.02    =  4.00 a month -> expire
 * dataset events (PHYSICAL, time travel 168 h)
 *   e1                                    100 GiB    80 GiB, 70 GiB of it time travel, referenced yesterday
 *   physical = 80 x 0.04 = 3.20; logical = 100 x 0.02 = 2.00 -> switch to LOGICAL saves 1.20 (37.5%)
 *   time travel 168 h -> 48 h: 70 x (168 - 48) / 168 = 50 GiB x 0.04 = 2.00 a month
 * </pre>
 */
class BigQueryStorageAdvisorTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final long GIB = 1L << 30;
    static final BigQueryStorageAdvisor.Prices US = new BigQueryStorageAdvisor.Prices(new BigDecimal("0.02"),
            new BigDecimal("0.01"), new BigDecimal("0.04"), new BigDecimal("0.02"));

    @Test
    void billingModelTimeTravelAndExpirationWithHandComputedSavings() {
        List<ObjectRecommendation> out = BigQueryStorageAdvisor.advise(
                List.of(new Dataset("p", "sales", null, null), new Dataset("p", "events", "PHYSICAL", 168)),
                List.of(table("sales", "t1", 1000, 100, 0, 10, days(5)), table("sales", "old", 200, 50, 0, 0,
                        days(120)), table("events", "e1", 100, 80, 70, 0, days(1))),
                NOW, NOW.minus(Duration.ofDays(200)), US, "USD");
        assertThat(out).extracting(r -> r.kind() + " " + r.target() + " " + r.proposedValue() + " "
                + r.monthlySavingsMoney()).containsExactlyInAnyOrder(
                        "BIGQUERY_STORAGE_BILLING_MODEL p.sales PHYSICAL 17.60",
                        "BIGQUERY_TABLE_EXPIRATION p.sales.old expire in 30 days 4.00",
                        "BIGQUERY_STORAGE_BILLING_MODEL p.events LOGICAL 1.20",
                        "BIGQUERY_TIME_TRAVEL p.events 48 hours 2.00");
        assertThat(out).filteredOn(r -> r.target().equals("p.sales") && r.kind().endsWith("MODEL")).singleElement()
                .satisfies(r -> assertThat(r.sql()).isEqualTo(
                        "ALTER SCHEMA `p.sales` SET OPTIONS (storage_billing_model = 'PHYSICAL');"));
    }

    @Test
    void noTableIsCalledUnreadBeforeTheJobHistoryReachesBack90Days() {
        List<ObjectRecommendation> out = BigQueryStorageAdvisor.advise(List.of(new Dataset("p", "sales", "LOGICAL",
                null)), List.of(table("sales", "never", 200, 500, 0, 0, null)), NOW, NOW.minus(Duration.ofDays(30)),
                US, "USD");
        assertThat(out).noneMatch(r -> r.kind().equals(BigQueryStorageAdvisor.EXPIRATION));
    }

    private static Instant days(int ago) {
        return NOW.minus(Duration.ofDays(ago));
    }

    private static Table table(String dataset, String name, long activeLogicalGib, long activePhysicalGib,
            long timeTravelGib, long failSafeGib, Instant lastReferenced) {
        return new Table("p", dataset, name, activeLogicalGib * GIB, 0, activePhysicalGib * GIB, 0,
                timeTravelGib * GIB, failSafeGib * GIB, NOW.minus(Duration.ofDays(400)), lastReferenced);
    }
}
