package io.ledgerhouse.collect.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.allocate.AllocationService;
import io.ledgerhouse.trial.SimulatedBigQueryServer;
import io.ledgerhouse.collect.bigquery.fakes.FixtureProject;
import io.ledgerhouse.collect.bigquery.fakes.TestProjects;
import io.ledgerhouse.testing.FreePort;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Allocation of a collected BigQuery project (the generated fixture, 48 hours): every charge's shares sum to it
 * exactly; reservation-hours are split over the jobs by slot-ms with the unused billed slots on the idle line;
 * on-demand job-days over their jobs by bytes billed; every job's cost is kept for drill-down.
 */
@QuarkusTest
class BigQueryAllocationTest {

    @Inject
    BigQueryCollector collector;
    @Inject
    AllocationService allocations;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void reservationHoursSplitBySlotMsWithIdleAndEveryChargeSumsExactly() throws Exception {
        Instant now = Instant.now();
        try (SimulatedBigQueryServer fake = new SimulatedBigQueryServer(FreePort.find())) {
            FixtureProject.generate(fake, now, 21, 48);
            // a second annual commitment of 50 slots: 150 committed for a 100-slot baseline, so in every minute
            // without autoscaled slots 50 committed slots are held by no reservation (unused commitment)
            Map<String, Object> more = new HashMap<>(fake.rows(FixtureProject.ADMIN, "us",
                    "CAPACITY_COMMITMENT_CHANGES").get(0));
            more.put("capacity_commitment_id", "cc-2");
            more.put("slot_count", 50L);
            fake.add(FixtureProject.ADMIN, "us", "CAPACITY_COMMITMENT_CHANGES", more);
            assertThat(collector.collect("bq-alloc", TestProjects.session(fake)).status()).isEqualTo("SUCCEEDED");
        }
        YearMonth thisMonth = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        for (YearMonth m : new YearMonth[] {thisMonth.minusMonths(1), thisMonth}) {
            AllocationService.RunSummary run = allocations.run("bq-alloc", m);
            assertThat(run.status()).as(run.error()).isEqualTo("SUCCEEDED");
            run.totals().values().forEach(t -> assertThat(t.get("difference")).isEqualByComparingTo("0"));
        }
        String src = "(SELECT id FROM source WHERE name = 'bq-alloc')";
        // per reservation-hour: the jobs' slot-ms shares plus idle are the charge, and idle is the unused share
        assertThat(value("SELECT count(*) FROM charge ch LEFT JOIN (SELECT charge_id, sum(amount) AS amount FROM "
                + "allocation WHERE source_id = " + src + " GROUP BY charge_id) a ON a.charge_id = ch.id WHERE "
                + "ch.source_id = " + src + " AND coalesce(a.amount, -1) <> ch.billed_cost")).isEqualTo("0");
        assertThat(value("SELECT count(DISTINCT method) FROM allocation WHERE source_id = " + src + " AND method IN "
                + "('SLOT_MS', 'IDLE_OWNER', 'BYTES_BILLED')")).isEqualTo("3");
        // one hour checked by hand against the store: idle share = (C - used) / C of the charge, to the cent
        String hour = value("SELECT ch.id FROM charge ch WHERE ch.source_id = " + src + " AND ch.sku_id = "
                + "'RESERVATION_SLOTS' AND EXISTS (SELECT 1 FROM allocation a WHERE a.charge_id = ch.id AND "
                + "a.method = 'SLOT_MS') ORDER BY ch.charge_period_start LIMIT 1");
        BigDecimal capacity = new BigDecimal(value("SELECT sum((slots_assigned * 60 + period_autoscale_slot_seconds) "
                + "* 1000) FROM bq_reservation_minute r, charge ch WHERE ch.id = " + hour + " AND r.source_id = "
                + src + " AND r.period_start >= ch.charge_period_start AND r.period_start < ch.charge_period_end"));
        BigDecimal used = new BigDecimal(value("SELECT sum(slot_ms) FROM bq_job_minute m, charge ch WHERE ch.id = "
                + hour + " AND m.source_id = " + src + " AND m.minute >= ch.charge_period_start "
                + "AND m.minute < ch.charge_period_end"));
        BigDecimal billed = new BigDecimal(value("SELECT billed_cost FROM charge WHERE id = " + hour));
        BigDecimal idle = new BigDecimal(value("SELECT sum(amount) FROM allocation WHERE charge_id = " + hour
                + " AND category = 'IDLE'"));
        assertThat(used).isLessThan(capacity);
        assertThat(idle).isCloseTo(billed.multiply(capacity.subtract(used)).divide(capacity,
                java.math.MathContext.DECIMAL64), org.assertj.core.api.Assertions.within(new BigDecimal("0.01")));
        // unused commitment hours are idle as a whole, on the owner's line (no rule here: no team), and there are
        // some; the check above already found every charge, these included, allocated to the cent and below
        assertThat(Integer.parseInt(value("SELECT count(*) FROM charge WHERE source_id = " + src
                + " AND sku_id = 'COMMITMENT_UNUSED'"))).isPositive();
        assertThat(value("SELECT count(*) FROM allocation a JOIN charge ch ON ch.id = a.charge_id WHERE ch.source_id = "
                + src + " AND ch.sku_id = 'COMMITMENT_UNUSED' AND (a.category <> 'IDLE' OR a.method <> 'IDLE_OWNER' "
                + "OR a.team IS NOT NULL)")).isEqualTo("0");
        // every job that cost something has its cost, with its user and query pattern, for drill-down
        assertThat(value("SELECT count(*) FROM query_cost WHERE source_id = " + src + " AND user_name IS NULL"))
                .isEqualTo("0");
        assertThat(new BigDecimal(value("SELECT sum(amount) FROM query_cost WHERE source_id = " + src)))
                .isEqualByComparingTo(new BigDecimal(value("SELECT sum(amount) FROM allocation WHERE source_id = "
                        + src + " AND method IN ('SLOT_MS', 'BYTES_BILLED')")));
    }

    private String value(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            Object v = rs.getObject(1);
            return v instanceof BigDecimal b ? b.toPlainString() : String.valueOf(v);
        }
    }
}
