package io.ledgerhouse.collect.bigquery.fakes;

import io.ledgerhouse.trial.SimulatedBigQueryServer;
import io.ledgerhouse.trial.engine.BigQueryProjectGenerator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A generated BigQuery project served by {@link SimulatedBigQueryServer}, deterministic for a seed:
 *
 * <pre>
 * project fx-proj, region us, admin project fx-admin, reservation fx-admin:US.prod (ENTERPRISE, baseline 100 slots)
 * one job every 6 minutes over the last {@code hours} hours, of which
 *   ~40%  on-demand queries, 10–5,000 MiB billed (10% cache hits billing 0, 5% failed but billing bytes)
 *   ~10%  on-demand scripts: a SCRIPT parent billing the sum of its two children (children billed, parent skipped)
 *   ~50%  reservation queries, 30–150 s, 1–50 slot-seconds every second (JOBS_TIMELINE per second); they report
 *         bytes billed that must not be charged on-demand
 * users ana@, bo@, cy@example.com; label team=growth|finance on two jobs in three; referenced tables of 3 datasets
 * RESERVATIONS_TIMELINE every minute: 100 slots baseline; autoscale 50 slots in minutes a reservation job runs
 * CAPACITY_COMMITMENT_CHANGES: one annual Enterprise commitment of 100 slots
 * TABLE_STORAGE: datasets sales (logical), events (physical, time travel 48 h), tmp (logical), two tables each
 * COLUMNS: sales.t0 unpartitioned, sales.t1 and events.t0 partitioned, events.t1 clustered (see {@link #column})
 * </pre>
 */
public final class FixtureProject {

    public static final String PROJECT = "fx-proj";
    public static final String REGION = "us";
    public static final String ADMIN = "fx-admin";
    public static final String RESERVATION = "fx-admin:US.prod";
    private static final long MIB = 1L << 20;

    private FixtureProject() {
    }

    /** What was generated, for tests' expectations. */
    public record Generated(int jobs, int hours) {
    }

    public static Generated generate(SimulatedBigQueryServer fake, Instant now, long seed, int hours) {
        Random r = new Random(seed);
        Instant start = now.truncatedTo(ChronoUnit.HOURS).minus(hours, ChronoUnit.HOURS);
        Instant last = now.truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
        String[] users = {"ana@example.com", "bo@example.com", "cy@example.com"};
        String[] datasets = {"sales", "events", "tmp"};
        TreeMap<Instant, Boolean> busyMinutes = new TreeMap<>();
        int n = 0;
        for (Instant t = start.plusSeconds(37); t.isBefore(last); t = t.plus(6, ChronoUnit.MINUTES)) {
            n++;
            String user = users[r.nextInt(users.length)];
            Map<String, String> labels = r.nextInt(3) == 0 ? null : Map.of("team", r.nextBoolean() ? "growth"
                    : "finance");
            String dataset = datasets[r.nextInt(datasets.length)];
            int kind = r.nextInt(10);
            if (kind < 4) {
                boolean cached = r.nextInt(10) == 0;
                boolean failed = !cached && r.nextInt(20) == 0;
                long billed = cached ? 0 : (1 + r.nextInt(500)) * 10 * MIB;
                fake.add(PROJECT, REGION, "JOBS_BY_PROJECT", job("od_" + n, t, 20, user, "SELECT", null, null, billed,
                        1000L + r.nextInt(100_000), cached, failed ? "invalidQuery" : null, "hash" + r.nextInt(7),
                        labels, dataset));
            } else if (kind < 5) {
                long a = (1 + r.nextInt(300)) * 10 * MIB;
                long b = (1 + r.nextInt(300)) * 10 * MIB;
                fake.add(PROJECT, REGION, "JOBS_BY_PROJECT", job("script_" + n, t, 60, user, "SCRIPT", null, null,
                        a + b, 5000L, false, null, null, labels, dataset));
                fake.add(PROJECT, REGION, "JOBS_BY_PROJECT", job("script_" + n + "_1", t.plusSeconds(1), 20, user,
                        "INSERT", "script_" + n, null, a, 2000L, false, null, "hash-ins", labels, dataset));
                fake.add(PROJECT, REGION, "JOBS_BY_PROJECT", job("script_" + n + "_2", t.plusSeconds(21), 20, user,
                        "SELECT", "script_" + n, null, b, 3000L, false, null, "hash-sel", labels, dataset));
            } else {
                int seconds = 30 + r.nextInt(121);
                String id = "res_" + n;
                long total = 0;
                Instant jobStart = t.plusSeconds(2);
                for (int s = 0; s < seconds; s++) {
                    long slotMs = 1000L * (1 + r.nextInt(50));
                    total += slotMs;
                    Instant second = jobStart.plusSeconds(s);
                    Map<String, Object> row = new HashMap<>();
                    row.put("job_id", id);
                    row.put("job_creation_time", t);
                    row.put("period_start", second);
                    row.put("period_slot_ms", slotMs);
                    row.put("reservation_id", RESERVATION);
                    fake.add(PROJECT, REGION, "JOBS_TIMELINE_BY_PROJECT", row);
                    busyMinutes.put(second.truncatedTo(ChronoUnit.MINUTES), true);
                }
                fake.add(PROJECT, REGION, "JOBS_BY_PROJECT", job(id, t, seconds + 2, user, "SELECT", null,
                        RESERVATION, (1 + r.nextInt(100)) * 10 * MIB, total, false, null, "hash" + r.nextInt(7),
                        labels, dataset));
            }
        }
        for (Instant m = start; m.isBefore(now.truncatedTo(ChronoUnit.MINUTES)); m = m.plus(1, ChronoUnit.MINUTES)) {
            long autoscale = busyMinutes.containsKey(m) ? 50 : 0;
            Map<String, Object> row = new HashMap<>();
            row.put("reservation_id", RESERVATION);
            row.put("reservation_name", "prod");
            row.put("project_id", ADMIN);
            row.put("period_start", m);
            row.put("edition", "ENTERPRISE");
            row.put("slots_assigned", 100L);
            row.put("autoscale.current_slots", autoscale);
            row.put("autoscale.max_slots", 200L);
            row.put("period_autoscale_slot_seconds", autoscale * 60);
            fake.add(ADMIN, REGION, "RESERVATIONS_TIMELINE", row);
        }
        Map<String, Object> commitment = new HashMap<>();
        commitment.put("capacity_commitment_id", "cc-1");
        commitment.put("change_timestamp", start.plus(1, ChronoUnit.HOURS));
        commitment.put("action", "CREATE");
        commitment.put("commitment_plan", "ANNUAL");
        commitment.put("state", "ACTIVE");
        commitment.put("slot_count", 100L);
        commitment.put("edition", "ENTERPRISE");
        commitment.put("commitment_start_time", start.plus(1, ChronoUnit.HOURS));
        commitment.put("commitment_end_time", start.plus(366, ChronoUnit.DAYS));
        fake.add(ADMIN, REGION, "CAPACITY_COMMITMENT_CHANGES", commitment);
        long gib = 1L << 30;
        for (int d = 0; d < datasets.length; d++) {
            for (int t = 0; t < 2; t++) {
                Map<String, Object> row = new HashMap<>();
                row.put("project_id", PROJECT);
                row.put("table_schema", datasets[d]);
                row.put("table_name", "t" + t);
                row.put("table_type", "BASE TABLE");
                row.put("creation_time", start.minus(200, ChronoUnit.DAYS));
                row.put("storage_last_modified_time", start.minus(10L * (d + 1) * (t + 1), ChronoUnit.DAYS));
                row.put("total_rows", 1000L * (d + 1));
                row.put("active_logical_bytes", (d + 1) * 100 * gib);
                row.put("long_term_logical_bytes", (t + 1) * 300 * gib);
                row.put("total_logical_bytes", (d + 1) * 100 * gib + (t + 1) * 300 * gib);
                row.put("active_physical_bytes", (d + 1) * 20 * gib);
                row.put("long_term_physical_bytes", (t + 1) * 60 * gib);
                row.put("time_travel_physical_bytes", 5 * gib);
                row.put("fail_safe_physical_bytes", 2 * gib);
                row.put("total_physical_bytes", (d + 1) * 20 * gib + (t + 1) * 60 * gib);
                row.put("deleted", false);
                fake.add(PROJECT, REGION, "TABLE_STORAGE", row);
            }
        }
        fake.add(PROJECT, REGION, "SCHEMATA_OPTIONS", Map.of("schema_name", "events", "option_name",
                "storage_billing_model", "option_type", "STRING", "option_value", "\"PHYSICAL\""));
        fake.add(PROJECT, REGION, "SCHEMATA_OPTIONS", Map.of("schema_name", "events", "option_name",
                "max_time_travel_hours", "option_type", "INT64", "option_value", "48"));
        fake.add(PROJECT, REGION, "SCHEMATA_OPTIONS", Map.of("schema_name", "sales", "option_name",
                "description", "option_type", "STRING", "option_value", "\"sales\""));
        // COLUMNS: sales.t0 unpartitioned with a DATE and a TIMESTAMP column; sales.t1 partitioned on its DATE
        // column; events.t0 ingestion-time partitioned (the _PARTITIONTIME pseudo column); events.t1 clustered on a
        // STRING column; every table also has a STRING column that is neither (the collector does not read it)
        column(fake, "sales", "t0", "order_date", 1L, "DATE", "NO", null);
        column(fake, "sales", "t0", "updated_at", 2L, "TIMESTAMP", "NO", null);
        column(fake, "sales", "t0", "customer", 3L, "STRING", "NO", null);
        column(fake, "sales", "t1", "order_date", 1L, "DATE", "YES", null);
        column(fake, "sales", "t1", "customer", 2L, "STRING", "NO", null);
        column(fake, "events", "t0", "_PARTITIONTIME", null, "TIMESTAMP", "YES", null);
        column(fake, "events", "t0", "payload", 1L, "STRING", "NO", null);
        column(fake, "events", "t1", "user_id", 1L, "STRING", "NO", 1L);
        column(fake, "events", "t1", "event_time", 2L, "DATETIME", "NO", null);
        column(fake, "tmp", "t0", "v", 1L, "STRING", "NO", null);
        return new Generated(n, hours);
    }

    /** One INFORMATION_SCHEMA.COLUMNS row, with the view's other columns as BigQuery fills them. */
    public static void column(SimulatedBigQueryServer fake, String dataset, String table, String column, Long ordinal,
            String type, String partitioning, Long clustering) {
        fake.add(PROJECT, REGION, "COLUMNS", BigQueryProjectGenerator.column(PROJECT, dataset, table, column, ordinal,
                type, partitioning, clustering));
    }

    /** One JOBS_BY_PROJECT row. */
    public static Map<String, Object> job(String id, Instant created, int seconds, String user, String statement,
            String parent, String reservation, long bytesBilled, long slotMs, boolean cacheHit, String error,
            String hash, Map<String, String> labels, String dataset) {
        Map<String, Object> row = new HashMap<>();
        row.put("project_id", PROJECT);
        row.put("job_id", id);
        row.put("creation_time", created);
        row.put("start_time", created.plusSeconds(1));
        row.put("end_time", created.plusSeconds(1 + seconds));
        row.put("user_email", user);
        row.put("job_type", "QUERY");
        row.put("statement_type", statement);
        row.put("parent_job_id", parent);
        row.put("reservation_id", reservation);
        row.put("edition", reservation == null ? null : "ENTERPRISE");
        row.put("total_bytes_processed", bytesBilled);
        row.put("total_bytes_billed", bytesBilled);
        row.put("total_slot_ms", slotMs);
        row.put("cache_hit", cacheHit);
        row.put("error_result.reason", error);
        row.put("query_info.query_hashes.normalized_literals", hash);
        List<Map<String, Object>> l = new ArrayList<>();
        if (labels != null) {
            labels.forEach((k, v) -> l.add(Map.of("key", k, "value", v)));
        }
        row.put("labels", l);
        row.put("referenced_tables", List.of(Map.of("project_id", PROJECT, "dataset_id", dataset, "table_id", "t0")));
        row.put("query", statement.equals("SCRIPT") ? "BEGIN INSERT ...; SELECT ...; END"
                : statement.equals("INSERT") ? "INSERT INTO `" + PROJECT + "." + dataset + ".t1` SELECT * FROM `"
                        + PROJECT + "." + dataset + ".t0` WHERE day = '2026-11-30'"
                        : "SELECT * FROM `" + PROJECT + "." + dataset + ".t0` WHERE id = " + Math.abs(id.hashCode()));
        return row;
    }
}
