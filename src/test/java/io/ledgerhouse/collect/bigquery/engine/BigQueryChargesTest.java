package io.ledgerhouse.collect.bigquery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.collect.bigquery.engine.BigQueryUsage.DatasetStorageDay;
import io.ledgerhouse.collect.bigquery.engine.BigQueryUsage.OnDemandDay;
import io.ledgerhouse.collect.bigquery.engine.BigQueryUsage.ReservationMinute;
import io.ledgerhouse.domain.ChargeRow;
import io.ledgerhouse.domain.FocusColumn;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BigQuery charges from collected usage, US list prices, November 2026 (30 days). */
class BigQueryChargesTest {

    static final long TIB = 1L << 40;
    static final long GIB = 1L << 30;

    /**
     * <pre>
     * Nov 1  ana 0.75 TiB  -> 4.6875   (free tier 1 TiB: 0.75 used, 0.25 left)
     * Nov 2  ana 0.5 TiB   -> 3.125    (free tier: 0.25 used, none left)
     * Nov 2  bo  0.25 TiB  -> 1.5625
     * free-tier credit: -(0.75 + 0.25) TiB x 6.25 = -6.25, one Credit for the month
     * net 9.375 - 6.25 = 3.125
     * </pre>
     */
    @Test
    void onDemandChargesPerJobDayAndUserWithTheMonthsFreeTier() {
        List<ChargeRow> rows = BigQueryCharges.onDemand("bq", List.of(
                new OnDemandDay("p", "us", LocalDate.of(2026, 11, 2), "bo@x", TIB / 4, 3),
                new OnDemandDay("p", "us", LocalDate.of(2026, 11, 1), "ana@x", TIB * 3 / 4, 5),
                new OnDemandDay("p", "us", LocalDate.of(2026, 11, 2), "ana@x", TIB / 2, 2)),
                r -> PriceSheet.US_LIST, BigDecimal.ONE, "USD");
        assertThat(rows).extracting(ChargeRow::billedCost).map(BigDecimal::stripTrailingZeros).containsExactly(
                new BigDecimal("4.6875"), new BigDecimal("3.125"), new BigDecimal("1.5625"), new BigDecimal("-6.25"));
        assertThat(rows.get(0).extra()).isEqualTo("{\"user_email\": \"ana@x\"}");
        assertThat(rows.get(0).value(FocusColumn.PRICING_UNIT)).isEqualTo("TiB");
        assertThat(rows.get(3).value(FocusColumn.CHARGE_CATEGORY)).isEqualTo("Credit");
        assertThat(rows.get(3).value(FocusColumn.CHARGE_PERIOD_START)).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(rows.stream().map(ChargeRow::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("3.125");
    }

    /**
     * <pre>
     * 100 slots baseline x 3600 s + 90,000 autoscaled slot-seconds = 450,000 slot-seconds = 125 slot-hours
     * ENTERPRISE 0.06 -> 7.50; ENTERPRISE_PLUS 0.10 -> 12.50
     * </pre>
     */
    @Test
    void reservationHoursAreBilledSlotSecondsAtTheEditionsPrice() {
        Instant h = Instant.parse("2026-11-05T10:00:00Z");
        List<ReservationMinute> minutes = new java.util.ArrayList<>();
        for (int m = 0; m < 60; m++) {
            // 100 slots x 60 s + 1,500 autoscaled slot-seconds every minute
            minutes.add(new ReservationMinute("a:US.prod", "prod", "a", "us", "ENTERPRISE", h.plusSeconds(60L * m),
                    7_500));
            minutes.add(new ReservationMinute("a:US.zbi", "bi", "a", "us", "ENTERPRISE_PLUS", h.plusSeconds(60L * m),
                    7_500));
        }
        List<ChargeRow> rows = BigQueryCharges.reservations("bq", ReservationPricing.price(minutes, List.of(),
                r -> PriceSheet.US_LIST), "USD");
        assertThat(rows).extracting(ChargeRow::billedCost).usingComparatorForType(BigDecimal::compareTo,
                BigDecimal.class).containsExactly(new BigDecimal("7.50"), new BigDecimal("12.50"));
        assertThat(rows.get(0).value(FocusColumn.PRICING_QUANTITY)).isEqualTo("125");
        assertThat(rows.get(0).value(FocusColumn.RESOURCE_TYPE)).isEqualTo("Reservation");
    }

    /**
     * <pre>
     * logical dataset: 300 GiB active x 0.02 + 600 GiB long-term x 0.01 = 12.00 a month -> 0.40 a day (30 days)
     * physical dataset: (60 GiB active incl. time travel + 6 GiB fail-safe) x 0.04 + 180 GiB long-term x 0.02
     *                   = 2.64 + 3.60 = 6.24 a month -> 0.208 a day
     * </pre>
     */
    @Test
    void storageFollowsTheDatasetsBillingModel() {
        LocalDate day = LocalDate.of(2026, 11, 5);
        List<ChargeRow> rows = BigQueryCharges.storage("bq", List.of(
                new DatasetStorageDay("p", "us", "sales", day, "LOGICAL", 300 * GIB, 600 * GIB, 60 * GIB, 180 * GIB,
                        6 * GIB),
                new DatasetStorageDay("p", "us", "events", day, "PHYSICAL", 300 * GIB, 600 * GIB, 60 * GIB,
                        180 * GIB, 6 * GIB)), r -> PriceSheet.US_LIST, "USD");
        assertThat(rows.get(0).billedCost()).isEqualByComparingTo("0.40");
        assertThat(rows.get(0).value(FocusColumn.SKU_ID)).isEqualTo("STORAGE_LOGICAL");
        assertThat(rows.get(1).billedCost()).isEqualByComparingTo("0.208");
        assertThat(rows.get(1).value(FocusColumn.RESOURCE_ID)).isEqualTo("p:events");
    }

    @Test
    void timestampsArriveAsFloatSecondsOrInt64Micros() {
        assertThat(BigQueryValues.timestamp("1.7301312E9")).isEqualTo(Instant.parse("2024-10-28T16:00:00Z"));
        assertThat(BigQueryValues.timestamp("1.730131200123456E9")).isEqualTo(
                Instant.parse("2024-10-28T16:00:00.123456Z"));
        assertThat(BigQueryValues.timestamp("1730131200123456")).isEqualTo(
                Instant.parse("2024-10-28T16:00:00.123456Z"));
        assertThat(BigQueryValues.timestamp(null)).isNull();
        assertThat(BigQueryValues.integer("42")).isEqualTo("42");
    }

    @Test
    void viewsFilterOnTheirPartitioningColumnAndQuoteIdentifiers() {
        assertThat(InformationSchemaView.JOBS_VIEW.sql("my-proj", "eu")).startsWith("SELECT job_id, creation_time")
                .contains("FROM `my-proj`.`region-eu`.INFORMATION_SCHEMA.JOBS_BY_PROJECT WHERE creation_time >= "
                        + "@from AND creation_time < @to")
                .contains("query_info.query_hashes.normalized_literals AS query_hash");
        assertThat(InformationSchemaView.TIMELINE_VIEW.sql("p", "us")).contains("SUM(period_slot_ms) AS slot_ms")
                .endsWith("GROUP BY job_id, minute");
        assertThat(InformationSchemaView.quote("a`b")).isEqualTo("`a\\`b`");
    }
}
