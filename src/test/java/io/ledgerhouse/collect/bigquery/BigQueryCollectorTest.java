package io.ledgerhouse.collect.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.collect.SourceService;
import io.ledgerhouse.collect.SourceView;
import io.ledgerhouse.trial.SimulatedBigQueryServer;
import io.ledgerhouse.collect.bigquery.fakes.FixtureProject;
import io.ledgerhouse.collect.bigquery.fakes.TestProjects;
import io.ledgerhouse.testing.FreePort;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The BigQuery collector through the real google-cloud-bigquery client against {@link SimulatedBigQueryServer}, serving
 * the generated project of {@link FixtureProject} (48 hours, about 480 jobs).
 */
@QuarkusTest
class BigQueryCollectorTest {

    @Inject
    BigQueryCollector collector;
    @Inject
    SourceService sources;
    @Inject
    AgroalDataSource dataSource;

    private static final Instant NOW = Instant.now();

    @Test
    void aFullCollectionOfAGeneratedProjectEqualsTheFixtureAcrossManyPages() throws Exception {
        try (SimulatedBigQueryServer fake = new SimulatedBigQueryServer(FreePort.find())) {
            FixtureProject.generate(fake, NOW, 7, 48);
            fake.maxPageRows(50); // ~480 jobs and ~5,000 job-minutes: many pages each

            BigQueryCollector.RunReport run = collector.collect("bq-full", TestProjects.session(fake));
            assertThat(run.status()).as(run.error()).isEqualTo("SUCCEEDED");
            assertThat(run.unavailable()).isEmpty();

            List<Map<String, Object>> jobs = fake.rows(FixtureProject.PROJECT, "us", "JOBS_BY_PROJECT");
            assertThat(run.rowsByView()).containsEntry("us/JOBS_BY_PROJECT", (long) jobs.size());
            assertThat(fake.requests()).as("pages after the first come from tabledata.list, after a jobs.get")
                    .anyMatch(r -> r.startsWith("GET /bigquery/v2/projects/fx-proj/jobs/"))
                    .filteredOn(r -> r.endsWith("/data")).hasSizeGreaterThan(10);
            assertThat(fake.gzipBodies()).as("the client gzips its query requests").isEqualTo(
                    fake.statements().size());
            assertThat(fake.statements()).anyMatch(s -> s.contains("`fx-proj`.`region-us`.INFORMATION_SCHEMA"
                    + ".JOBS_BY_PROJECT WHERE creation_time >= @from AND creation_time < @to"));

            // every job, equal to the fixture
            long bytes = jobs.stream().mapToLong(j -> (Long) j.get("total_bytes_billed")).sum();
            long slotMs = jobs.stream().mapToLong(j -> (Long) j.get("total_slot_ms")).sum();
            assertThat(query("SELECT count(*), sum(total_bytes_billed), sum(total_slot_ms) FROM bq_job WHERE "
                    + source("bq-full"))).isEqualTo(jobs.size() + " " + bytes + " " + slotMs);
            Map<String, Object> labelled = jobs.stream().filter(j -> !((List<?>) j.get("labels")).isEmpty())
                    .findFirst().orElseThrow();
            assertThat(query("SELECT labels->>'team', referenced_tables->>0, creation_time = '"
                    + labelled.get("creation_time") + "', error_reason IS NULL, query_hash FROM bq_job WHERE "
                    + source("bq-full") + " AND job_id = '" + labelled.get("job_id") + "'"))
                    .isEqualTo(((Map<?, ?>) ((List<?>) labelled.get("labels")).get(0)).get("value") + " fx-proj."
                            + ((Map<?, ?>) ((List<?>) labelled.get("referenced_tables")).get(0)).get("dataset_id")
                            + ".t0 true " + (labelled.get("error_result.reason") == null) + " "
                            + labelled.get("query_info.query_hashes.normalized_literals"));
            // JOBS_TIMELINE: the per-second rows summed per job and minute
            List<Map<String, Object>> seconds = fake.rows(FixtureProject.PROJECT, "us", "JOBS_TIMELINE_BY_PROJECT");
            Set<String> minutes = new HashSet<>();
            seconds.forEach(s -> minutes.add(s.get("job_id") + "|" + ((Instant) s.get("period_start"))
                    .truncatedTo(ChronoUnit.MINUTES)));
            long timelineMs = seconds.stream().mapToLong(s -> (Long) s.get("period_slot_ms")).sum();
            assertThat(query("SELECT count(*), sum(slot_ms) FROM bq_job_minute WHERE " + source("bq-full")))
                    .isEqualTo(minutes.size() + " " + timelineMs);
            List<Map<String, Object>> reservationMinutes = fake.rows(FixtureProject.ADMIN, "us",
                    "RESERVATIONS_TIMELINE");
            assertThat(query("SELECT count(*), sum(period_autoscale_slot_seconds) FROM bq_reservation_minute WHERE "
                    + source("bq-full"))).isEqualTo(reservationMinutes.size() + " " + reservationMinutes.stream()
                            .mapToLong(m -> (Long) m.get("period_autoscale_slot_seconds")).sum());
            assertThat(query("SELECT count(*), max(slot_count) FROM bq_capacity_commitment_change WHERE "
                    + source("bq-full"))).isEqualTo("1 100");
            assertThat(query("SELECT count(*), sum(active_logical_bytes) / 1073741824 FROM bq_table_storage WHERE "
                    + source("bq-full"))).isEqualTo("6 1200");
            assertThat(query("SELECT dataset, storage_billing_model, max_time_travel_hours FROM bq_dataset_option "
                    + "WHERE " + source("bq-full") + " ORDER BY dataset")).isEqualTo("events PHYSICAL 48");
            // COLUMNS: only the layout columns (partitioning, clustering, date and time), not the STRING others
            assertThat(query("SELECT dataset || '.' || table_name || '.' || column_name, ordinal_position, data_type, "
                    + "is_partitioning_column, clustering_ordinal_position FROM bq_table_column WHERE "
                    + source("bq-full") + " ORDER BY 1")).isEqualTo(String.join("\n",
                            "events.t0._PARTITIONTIME null TIMESTAMP YES null",
                            "events.t1.event_time 2 DATETIME NO null",
                            "events.t1.user_id 1 STRING NO 1",
                            "sales.t0.order_date 1 DATE NO null",
                            "sales.t0.updated_at 2 TIMESTAMP NO null",
                            "sales.t1.order_date 1 DATE YES null"));
            assertThat(fake.statements()).anyMatch(s -> s.startsWith("SELECT table_schema AS dataset, table_name, "
                    + "column_name, ordinal_position, data_type, is_partitioning_column, clustering_ordinal_position "
                    + "FROM `fx-proj`.`region-us`.INFORMATION_SCHEMA.COLUMNS WHERE is_partitioning_column = 'YES'"));
            assertThat(query("SELECT query_text FROM bq_job WHERE " + source("bq-full") + " AND job_id = '"
                    + labelled.get("job_id") + "'")).isEqualTo(labelled.get("query"));

            // charges: on-demand bytes of the jobs that carry a price, at 6.25 per TiB, exactly
            BigDecimal onDemand = BigDecimal.ZERO;
            for (Map<String, Object> j : jobs) {
                if (j.get("reservation_id") == null && !"SCRIPT".equals(j.get("statement_type"))
                        && !(Boolean) j.get("cache_hit") && j.get("error_result.reason") == null) {
                    onDemand = onDemand.add(BigDecimal.valueOf((Long) j.get("total_bytes_billed")));
                }
            }
            onDemand = onDemand.multiply(new BigDecimal("6.25")).divide(BigDecimal.valueOf(1L << 40));
            assertThat(charged("bq-full", "ON_DEMAND_QUERY")).isEqualByComparingTo(onDemand);
            // reservation hours: (100 baseline + autoscaled) slot-seconds a minute; from the start of the annual
            // 100-slot commitment, 6,000 of them at 0.048 per slot-hour, the rest at 0.06; rounded per hour
            Instant committedFrom = (Instant) fake.rows(FixtureProject.ADMIN, "us", "CAPACITY_COMMITMENT_CHANGES")
                    .get(0).get("change_timestamp");
            Map<Instant, BigDecimal> hours = new TreeMap<>();
            reservationMinutes.forEach(m -> {
                Instant minute = (Instant) m.get("period_start");
                long billed = 100L * 60 + (Long) m.get("period_autoscale_slot_seconds");
                long covered = minute.isBefore(committedFrom) ? 0 : Math.min(billed, 100L * 60);
                hours.merge(minute.truncatedTo(ChronoUnit.HOURS), BigDecimal.valueOf(covered).multiply(
                        new BigDecimal("0.048")).add(BigDecimal.valueOf(billed - covered).multiply(
                                new BigDecimal("0.06"))), BigDecimal::add);
            });
            BigDecimal reserved = hours.values().stream().map(w -> w.divide(BigDecimal.valueOf(3600), 10,
                    RoundingMode.HALF_UP)).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(charged("bq-full", "RESERVATION_SLOTS")).isEqualByComparingTo(reserved);
            assertThat(charged("bq-full", "COMMITMENT_UNUSED")).as("the baseline holds every committed slot")
                    .isEqualByComparingTo("0");
            assertThat(query("SELECT DISTINCT region FROM bq_capacity_commitment_change WHERE " + source("bq-full")))
                    .isEqualTo("us");
            // storage today: sales and tmp logical (0.02 active, 0.01 long-term), events physical (0.04 on active +
            // fail-safe, 0.02 long-term), per GiB-month over the days of the month
            int days = LocalDate.ofInstant(NOW, ZoneOffset.UTC).lengthOfMonth();
            BigDecimal storage = BigDecimal.ZERO;
            for (int d = 0; d < 3; d++) {
                long active = d == 1 ? 2 * ((d + 1) * 20 + 2) : 2 * (d + 1) * 100;
                long longTerm = d == 1 ? 60 + 120 : 300 + 600;
                BigDecimal cost = d == 1 ? BigDecimal.valueOf(active).multiply(new BigDecimal("0.04"))
                        .add(BigDecimal.valueOf(longTerm).multiply(new BigDecimal("0.02")))
                        : BigDecimal.valueOf(active).multiply(new BigDecimal("0.02"))
                                .add(BigDecimal.valueOf(longTerm).multiply(new BigDecimal("0.01")));
                storage = storage.add(cost.multiply(BigDecimal.valueOf(1L << 30)).divide(BigDecimal.valueOf(1L << 30)
                        .multiply(BigDecimal.valueOf(days)), MathContext.DECIMAL128));
            }
            assertThat(charged("bq-full", "STORAGE_%")).isCloseTo(storage, org.assertj.core.api.Assertions.within(
                    new BigDecimal("1E-25")));

            // a second run re-reads its windows and changes nothing
            BigQueryCollector.RunReport again = collector.collect("bq-full", TestProjects.session(fake));
            assertThat(again.status()).as(again.error()).isEqualTo("SUCCEEDED");
            assertThat(query("SELECT count(*), sum(total_bytes_billed) FROM bq_job WHERE " + source("bq-full")))
                    .isEqualTo(jobs.size() + " " + bytes);
            assertThat(charged("bq-full", "ON_DEMAND_QUERY")).isEqualByComparingTo(onDemand);
        }
    }

    @Test
    void queriesStillRunningArePolledUntilDoneAndTheirPagedResultsRead() throws Exception {
        try (SimulatedBigQueryServer fake = new SimulatedBigQueryServer(FreePort.find())) {
            FixtureProject.generate(fake, NOW, 13, 6);
            fake.maxPageRows(15);
            // the run's first query (the jobs): jobs.query says jobComplete=false, getQueryResults says so twice more
            // (only one: the client backs off between polls, in real time)
            fake.slowQueries(1, 2);
            BigQueryCollector.RunReport run = collector.collect("bq-slow", TestProjects.session(fake));
            assertThat(run.status()).as(run.error()).isEqualTo("SUCCEEDED");

            int jobs = fake.rows(FixtureProject.PROJECT, "us", "JOBS_BY_PROJECT").size();
            assertThat(jobs).as("several pages of jobs").isGreaterThan(3 * 15);
            assertThat(run.rowsByView()).containsEntry("us/JOBS_BY_PROJECT", (long) jobs);
            assertThat(query("SELECT count(*), sum(total_bytes_billed) FROM bq_job WHERE " + source("bq-slow")))
                    .isEqualTo(jobs + " " + fake.rows(FixtureProject.PROJECT, "us", "JOBS_BY_PROJECT").stream()
                            .mapToLong(j -> (Long) j.get("total_bytes_billed")).sum());
            assertThat(query("SELECT count(*) FROM bq_reservation_minute WHERE " + source("bq-slow"))).isEqualTo(
                    Integer.toString(fake.rows(FixtureProject.ADMIN, "us", "RESERVATIONS_TIMELINE").size()));
            // the client polled jobs.getQueryResults until the job was done, then paged with tabledata.list
            assertThat(fake.requests()).as("two polls answered 'not complete', then one answered with the first page")
                    .filteredOn(r -> r.equals("GET /bigquery/v2/projects/fx-proj/queries/job_fake_1"))
                    .hasSizeGreaterThanOrEqualTo(3);
            assertThat(fake.requests()).as("the following pages of the jobs")
                    .filteredOn(r -> r.startsWith("GET /bigquery/v2/projects/fx-proj/datasets/_fake_anonymous/tables/"
                            + "anon_job_fake_1/data")).hasSizeGreaterThanOrEqualTo(jobs / 15 - 1);
        }
    }

    @Test
    void lateRowsAndAFailingCallInTheMiddleLeaveTheStoreUnchangedUntilTheNextRunCompletes() throws Exception {
        try (SimulatedBigQueryServer fake = new SimulatedBigQueryServer(FreePort.find())) {
            FixtureProject.generate(fake, NOW, 11, 12);
            fake.maxPageRows(40);
            BigQueryCollector.RunReport first = collector.collect("bq-fail", TestProjects.session(fake));
            assertThat(first.status()).as(first.error()).isEqualTo("SUCCEEDED");
            int jobs = fake.rows(FixtureProject.PROJECT, "us", "JOBS_BY_PROJECT").size();
            String stored = query("SELECT count(*), sum(total_bytes_billed) FROM bq_job WHERE " + source("bq-fail"));
            String charges = query("SELECT count(*), sum(billed_cost) FROM charge WHERE " + source("bq-fail"));
            String watermarks = query("SELECT string_agg(view_name || '=' || watermark, ',' ORDER BY view_name) "
                    + "FROM collector_watermark WHERE " + source("bq-fail"));
            assertThat(stored).startsWith(jobs + " ");

            // late rows: a job created 5 hours ago appears only now (inside the one-day re-read window), and a new one
            fake.add(FixtureProject.PROJECT, "us", "JOBS_BY_PROJECT", FixtureProject.job("late_1", NOW.minus(5,
                    ChronoUnit.HOURS), 10, "ana@example.com", "SELECT", null, null, 1L << 30, 100, false, null, "h",
                    Map.of("team", "growth"), "sales"));
            fake.add(FixtureProject.PROJECT, "us", "JOBS_BY_PROJECT", FixtureProject.job("new_1", NOW.minus(1,
                    ChronoUnit.MINUTES), 10, "bo@example.com", "SELECT", null, null, 1L << 30, 100, false, null, "h",
                    null, "sales"));
            // ... but the second page of the jobs fails on every try: the run fails, and nothing it read is kept
            fake.failPages(2);
            BigQueryCollector.RunReport failed = collector.collect("bq-fail", TestProjects.session(fake));
            assertThat(failed.status()).isEqualTo("FAILED");
            assertThat(failed.error()).contains("Backend error");
            assertThat(query("SELECT count(*), sum(total_bytes_billed) FROM bq_job WHERE " + source("bq-fail")))
                    .isEqualTo(stored);
            assertThat(query("SELECT count(*), sum(billed_cost) FROM charge WHERE " + source("bq-fail")))
                    .isEqualTo(charges);
            assertThat(query("SELECT string_agg(view_name || '=' || watermark, ',' ORDER BY view_name) "
                    + "FROM collector_watermark WHERE " + source("bq-fail"))).as("watermarks move only on commit")
                    .isEqualTo(watermarks);

            BigQueryCollector.RunReport next = collector.collect("bq-fail", TestProjects.session(fake));
            assertThat(next.status()).as(next.error()).isEqualTo("SUCCEEDED");
            assertThat(query("SELECT count(*) FROM bq_job WHERE " + source("bq-fail") + " AND job_id IN ('late_1', "
                    + "'new_1')")).isEqualTo("2");
            assertThat(query("SELECT count(*) FROM bq_job WHERE " + source("bq-fail"))).isEqualTo(
                    Integer.toString(jobs + 2));
            // two more TiB... no: two more GiB on demand, at 6.25 per TiB
            BigDecimal before = new BigDecimal(charges.split(" ")[1]);
            assertThat(query("SELECT sum(billed_cost) FROM charge WHERE " + source("bq-fail") + " AND sku_id = "
                    + "'ON_DEMAND_QUERY'")).satisfies(s -> assertThat(new BigDecimal(s)).isEqualByComparingTo(
                            chargedValue("bq-fail", "ON_DEMAND_QUERY")));
            assertThat(new BigDecimal(query("SELECT sum(billed_cost) FROM charge WHERE " + source("bq-fail"))))
                    .isEqualByComparingTo(before.add(new BigDecimal("12.5").divide(BigDecimal.valueOf(1024))));
        }
    }

    @Test
    void aViewTheCredentialsMayNotReadIsReportedAndTheOthersAreCollected() throws Exception {
        try (SimulatedBigQueryServer fake = new SimulatedBigQueryServer(FreePort.find())) {
            FixtureProject.generate(fake, NOW, 3, 6);
            fake.deny("RESERVATIONS_TIMELINE");
            BigQueryCollector.RunReport run = collector.collect("bq-deny", TestProjects.session(fake));
            assertThat(run.status()).as(run.error()).isEqualTo("SUCCEEDED");
            assertThat(run.unavailable()).containsOnlyKeys("us/RESERVATIONS_TIMELINE");
            assertThat(run.unavailable().get("us/RESERVATIONS_TIMELINE")).contains("Access Denied");
            assertThat(run.rowsByView()).containsKeys("us/JOBS_BY_PROJECT", "us/JOBS_TIMELINE_BY_PROJECT",
                    "us/CAPACITY_COMMITMENT_CHANGES", "us/TABLE_STORAGE", "us/SCHEMATA_OPTIONS")
                    .doesNotContainKey("us/RESERVATIONS_TIMELINE");
            assertThat(query("SELECT count(*) FROM bq_job WHERE " + source("bq-deny"))).isEqualTo(Integer.toString(
                    fake.rows(FixtureProject.PROJECT, "us", "JOBS_BY_PROJECT").size()));
            assertThat(query("SELECT count(*) FROM bq_reservation_minute WHERE " + source("bq-deny"))).isEqualTo("0");

            SourceView health = sources.get("bq-deny");
            assertThat(health.kind()).isEqualTo("BIGQUERY");
            assertThat(health.lastRun().unavailableViews()).containsKey("us/RESERVATIONS_TIMELINE");
            assertThat(health.views()).extracting(SourceView.ViewLag::view)
                    .contains("fx-proj/us/JOBS_BY_PROJECT").doesNotContain("fx-admin/us/RESERVATIONS_TIMELINE");
            assertThat(health.configuration()).containsEntry("projectId", "fx-proj")
                    .containsEntry("credentials", "application default credentials");

            // the permission is granted: the next run reads the view from the start
            fake.allowAll();
            BigQueryCollector.RunReport next = collector.collect("bq-deny", TestProjects.session(fake));
            assertThat(next.unavailable()).isEmpty();
            assertThat(query("SELECT count(*) FROM bq_reservation_minute WHERE " + source("bq-deny"))).isEqualTo(
                    Integer.toString(fake.rows(FixtureProject.ADMIN, "us", "RESERVATIONS_TIMELINE").size()));
        }
    }

    private static String source(String name) {
        return "source_id = (SELECT id FROM source WHERE name = '" + name + "')";
    }

    private BigDecimal charged(String source, String sku) throws Exception {
        return chargedValue(source, sku);
    }

    private BigDecimal chargedValue(String source, String sku) throws Exception {
        String s = query("SELECT coalesce(sum(billed_cost), 0) FROM charge WHERE " + source(source)
                + " AND sku_id LIKE '" + sku + "'");
        return new BigDecimal(s);
    }

    private String query(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            StringBuilder out = new StringBuilder();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                if (!out.isEmpty()) {
                    out.append("\n");
                }
                for (int i = 1; i <= n; i++) {
                    if (i > 1) {
                        out.append(' ');
                    }
                    Object v = rs.getObject(i);
                    out.append(v instanceof BigDecimal b ? b.stripTrailingZeros().toPlainString() : String.valueOf(v));
                }
            }
            return out.toString();
        }
    }
}
