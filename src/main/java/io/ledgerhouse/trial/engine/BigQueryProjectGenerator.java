package io.ledgerhouse.trial.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates a BigQuery project's INFORMATION_SCHEMA rows, deterministically from a seed, as the views hold them (rows
 * keyed by column path: {@code error_result.reason}, {@code autoscale.current_slots}; TIMESTAMPs as {@link Instant}).
 *
 * <pre>
 * project demo-analytics, region us, admin project demo-admin
 * reservation demo-admin:US.prod   ENTERPRISE, baseline 100 slots, autoscale up to 200 more in steps of 50
 * commitment  demo-cc-annual       ANNUAL, 150 ENTERPRISE slots from the first day (50 more than the baseline:
 *                                  unused commitment in every minute without autoscaling)
 * workload            runs on        when (UTC)                    jobs                   labels team / workload
 * nightly ETL         prod           01:00-05:00 daily, one step   24 a day, 8-25 min,    data-platform, finance /
 *                                    every 10 min                  20-80 slots a minute   nightly-etl
 * BI dashboards       prod           08:00-18:00 weekdays, one     60 a weekday, 1-3 min, growth, marketing,
 *                                    every 10 min                  10-60 slots a minute   finance / dashboards
 * revenue tile        on demand      every hour                    24 a day, 12 GiB +-3%, finance / dashboards
 *                                    (same normalized hash)        never cached           (BIGQUERY_QUERY_REPEATED)
 * session explorer    on demand      4 a weekday                   SELECT *, 35-45 GiB    growth / analysis
 *                                                                                         (BIGQUERY_SELECT_STAR)
 * clickstream export  on demand      06:00 daily                   reads all 800 GiB of   ml / feature-engineering
 *                                                                  web.clickstream_raw    (BIGQUERY_FULL_SCAN)
 * ad hoc analysis     on demand      09:00-18:00 weekdays          ~20 a weekday, 1-60    growth, marketing, ml /
 *                                                                  GiB, 10% cache hits    analysis
 * datasets  web (logical; clickstream_raw 800 GiB unpartitioned with a DATE column, sessions partitioned),
 *           marts (logical, 3.5 TiB compressing 12:1: BIGQUERY_STORAGE_BILLING_MODEL),
 *           staging (physical, 168 h time travel: BIGQUERY_TIME_TRAVEL)
 * </pre>
 *
 * Reservation jobs' slots are fitted minute by minute so that the jobs of a minute never use more than the baseline
 * plus the autoscale maximum, and each minute's autoscale is the smallest step covering what its jobs use: the
 * reservation never bills fewer slots than its jobs use in a minute. Team names are those of the demo Snowflake
 * account's query tags ({@link Workload}).
 */
public final class BigQueryProjectGenerator {

    public static final String PROJECT = "demo-analytics";
    public static final String ADMIN = "demo-admin";
    public static final String REGION = "us";
    public static final String RESERVATION = "demo-admin:US.prod";
    public static final long BASELINE_SLOTS = 100;
    public static final long AUTOSCALE_MAX_SLOTS = 200;
    public static final long AUTOSCALE_STEP_SLOTS = 50;
    public static final long COMMITTED_SLOTS = 150;
    static final long GIB = 1L << 30;

    /** Receives each generated row of {@code view} (JOBS_BY_PROJECT, ...) of {@code project} in {@link #REGION}. */
    @FunctionalInterface
    public interface Sink {
        void row(String project, String view, Map<String, Object> row);
    }

    /** What to generate: whole UTC days from {@code start}. */
    public record Spec(long seed, LocalDate start, int days) {
        public Spec {
            if (days < 1) {
                throw new IllegalArgumentException("days must be positive");
            }
        }

        Instant startInstant() {
            return start.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    /** What was generated: jobs (script children included), per-minute timeline rows and reservation minutes. */
    public record Totals(int jobs, int reservationJobs, int timelineRows, int reservationMinutes, int tables) {
    }

    /** The demo's project: the same 30 days as the demo Snowflake account ({@link SnowflakeAccountGenerator#demo}). */
    public static Spec demo(LocalDate today) {
        return new Spec(20_261_202L, today.minusDays(30), 30);
    }

    /** A reservation job: when it starts and the slots it uses in each of its minutes. */
    private record ReservationJob(String id, Instant created, long[] slots, String user, String statement, String hash,
            String team, String workload, String table, long bytes, String sql) {
    }

    /** Generates the project of {@code spec} into {@code sink}; the same spec gives the same rows in the same order. */
    public Totals generate(Spec spec, Sink sink) {
        SplittableRandom r = new SplittableRandom(spec.seed());
        Instant start = spec.startInstant();
        int minutes = spec.days() * 24 * 60;
        // slots the reservation's jobs use in each minute of the period
        long[] used = new long[minutes];
        List<ReservationJob> reserved = new ArrayList<>();
        int jobs = 0;
        for (int day = 0; day < spec.days(); day++) {
            Instant midnight = start.plus(day, ChronoUnit.DAYS);
            boolean weekday = midnight.atZone(ZoneOffset.UTC).getDayOfWeek().getValue() <= 5;
            for (int step = 0; step < 24; step++) {
                Instant created = midnight.plus(60 + step * 10L, ChronoUnit.MINUTES);
                long[] slots = fit(used, minuteOf(start, created), 8 + r.nextInt(18), 20, 80, r);
                String team = step % 4 == 3 ? "finance" : "data-platform";
                String table = step % 3 == 0 ? "orders_load" : "events_load";
                reserved.add(new ReservationJob("etl_" + day + "_" + step, created, slots, "etl-svc@" + PROJECT
                        + ".iam.gserviceaccount.com", step % 2 == 0 ? "MERGE" : "INSERT", "etl-step-" + step, team,
                        "nightly-etl", "staging." + table, (20 + r.nextInt(180)) * GIB, "MERGE INTO `" + PROJECT
                        + ".marts.revenue_daily` t USING `" + PROJECT + ".staging." + table + "` s ON t.day = s.day"));
            }
            if (weekday) {
                String[] teams = {"growth", "marketing", "finance"};
                for (int i = 0; i < 60; i++) {
                    Instant created = midnight.plus(8 * 60 + i * 10L, ChronoUnit.MINUTES).plusSeconds(r.nextInt(30));
                    long[] slots = fit(used, minuteOf(start, created), 1 + r.nextInt(3), 10, 60, r);
                    int dashboard = r.nextInt(8);
                    reserved.add(new ReservationJob("bi_" + day + "_" + i, created, slots, "looker-svc@" + PROJECT
                            + ".iam.gserviceaccount.com", "SELECT", "bi-dashboard-" + dashboard,
                            teams[dashboard % teams.length], "dashboards", "marts.revenue_daily",
                            (1 + r.nextInt(20)) * GIB, "SELECT region, SUM(revenue) FROM `" + PROJECT
                            + ".marts.revenue_daily` WHERE day >= DATE_SUB(CURRENT_DATE(), INTERVAL " + (7 + dashboard)
                            + " DAY) GROUP BY region"));
                }
            }
            for (int hour = 0; hour < 24; hour++) {
                Instant created = midnight.plus(hour, ChronoUnit.HOURS).plusSeconds(120 + r.nextInt(60));
                long bytes = Math.round(12 * GIB * (0.97 + 0.06 * r.nextDouble()));
                sink.row(PROJECT, "JOBS_BY_PROJECT", job("tile_" + day + "_" + hour, created, 4 + r.nextInt(6),
                        "looker-svc@" + PROJECT + ".iam.gserviceaccount.com", "SELECT", null, bytes, bytes / 200_000,
                        false, "revenue-tile", "finance", "dashboards", "marts.revenue_daily",
                        "SELECT SUM(revenue) FROM `" + PROJECT + ".marts.revenue_daily` WHERE day = '" + midnight
                                .atZone(ZoneOffset.UTC).toLocalDate() + "'"));
                jobs++;
            }
            {
                Instant created = midnight.plus(6, ChronoUnit.HOURS).plusSeconds(r.nextInt(300));
                sink.row(PROJECT, "JOBS_BY_PROJECT", job("export_" + day, created, 200 + r.nextInt(200),
                        "noor.hassan@example.com", "SELECT", null, CLICKSTREAM_LOGICAL_GIB * GIB,
                        CLICKSTREAM_LOGICAL_GIB * 4_000_000L, false, "clickstream-export", "ml", "feature-engineering",
                        "web.clickstream_raw", "SELECT user_id, event_name, event_date FROM `" + PROJECT
                                + ".web.clickstream_raw` WHERE event_date = DATE_SUB(CURRENT_DATE(), INTERVAL 1 DAY)"));
                jobs++;
            }
            if (weekday) {
                for (int i = 0; i < 4; i++) {
                    Instant created = midnight.plus(10 + 2L * i, ChronoUnit.HOURS).plusSeconds(r.nextInt(3600));
                    long bytes = (35 + r.nextInt(11)) * GIB;
                    sink.row(PROJECT, "JOBS_BY_PROJECT", job("explore_" + day + "_" + i, created, 20 + r.nextInt(40),
                            "maya.chen@example.com", "SELECT", null, bytes, bytes / 100_000, false,
                            "session-explorer", "growth", "analysis", "web.sessions", "SELECT * FROM `" + PROJECT
                                    + ".web.sessions` WHERE session_date = '" + midnight.atZone(ZoneOffset.UTC)
                                    .toLocalDate() + "' AND country = 'DE'"));
                    jobs++;
                }
                String[] users = {"maya.chen@example.com", "leo.martin@example.com", "sam.okafor@example.com",
                        "tomas.vega@example.com"};
                String[] teams = {"growth", "marketing", "growth", "ml"};
                int adhoc = 16 + r.nextInt(9);
                for (int i = 0; i < adhoc; i++) {
                    Instant created = midnight.plus(9, ChronoUnit.HOURS).plusSeconds(r.nextInt(9 * 3600));
                    int who = r.nextInt(users.length);
                    boolean cached = r.nextInt(10) == 0;
                    long bytes = cached ? 0 : (1 + r.nextInt(60)) * GIB;
                    int pattern = r.nextInt(40);
                    sink.row(PROJECT, "JOBS_BY_PROJECT", job("adhoc_" + day + "_" + i, created, 5 + r.nextInt(120),
                            users[who], "SELECT", null, bytes, bytes / 50_000, cached, "adhoc-" + pattern,
                            teams[who], "analysis", "marts.revenue_daily", "SELECT day, channel, SUM(revenue) FROM `"
                                    + PROJECT + ".marts.revenue_daily` WHERE channel = 'c" + pattern
                                    + "' GROUP BY 1, 2"));
                    jobs++;
                }
            }
        }
        int timeline = 0;
        for (ReservationJob j : reserved) {
            Instant first = j.created().truncatedTo(ChronoUnit.MINUTES);
            long slotMs = 0;
            for (int m = 0; m < j.slots().length; m++) {
                if (j.slots()[m] == 0) {
                    continue;
                }
                Map<String, Object> row = new HashMap<>();
                row.put("job_id", j.id());
                row.put("job_creation_time", j.created());
                row.put("period_start", first.plus(m, ChronoUnit.MINUTES));
                row.put("period_slot_ms", j.slots()[m] * 60_000L);
                row.put("reservation_id", RESERVATION);
                sink.row(PROJECT, "JOBS_TIMELINE_BY_PROJECT", row);
                slotMs += j.slots()[m] * 60_000L;
                timeline++;
            }
            Map<String, Object> row = job(j.id(), j.created(), j.slots().length * 60 - 2, j.user(), j.statement(),
                    RESERVATION, j.bytes(), slotMs, false, j.hash(), j.team(), j.workload(), j.table(), j.sql());
            sink.row(PROJECT, "JOBS_BY_PROJECT", row);
            jobs++;
        }
        for (int m = 0; m < minutes; m++) {
            long autoscale = autoscaleSlots(used[m]);
            Map<String, Object> row = new HashMap<>();
            row.put("reservation_id", RESERVATION);
            row.put("reservation_name", "prod");
            row.put("project_id", ADMIN);
            row.put("period_start", start.plus(m, ChronoUnit.MINUTES));
            row.put("edition", "ENTERPRISE");
            row.put("slots_assigned", BASELINE_SLOTS);
            row.put("slots_max_assigned", BASELINE_SLOTS + AUTOSCALE_MAX_SLOTS);
            row.put("autoscale.current_slots", autoscale);
            row.put("autoscale.max_slots", AUTOSCALE_MAX_SLOTS);
            row.put("period_autoscale_slot_seconds", autoscale * 60);
            sink.row(ADMIN, "RESERVATIONS_TIMELINE", row);
        }
        Map<String, Object> commitment = new HashMap<>();
        commitment.put("capacity_commitment_id", "demo-cc-annual");
        commitment.put("change_timestamp", start);
        commitment.put("action", "CREATE");
        commitment.put("commitment_plan", "ANNUAL");
        commitment.put("state", "ACTIVE");
        commitment.put("slot_count", COMMITTED_SLOTS);
        commitment.put("edition", "ENTERPRISE");
        commitment.put("commitment_start_time", start);
        commitment.put("commitment_end_time", start.plus(365, ChronoUnit.DAYS));
        sink.row(ADMIN, "CAPACITY_COMMITMENT_CHANGES", commitment);
        int tables = storage(start, sink);
        return new Totals(jobs, reserved.size(), timeline, minutes, tables);
    }

    static final long CLICKSTREAM_LOGICAL_GIB = 800;

    /** The smallest autoscale step that, over the baseline, covers {@code used} slots (at most the maximum). */
    static long autoscaleSlots(long used) {
        long over = Math.max(0, used - BASELINE_SLOTS);
        long steps = (over + AUTOSCALE_STEP_SLOTS - 1) / AUTOSCALE_STEP_SLOTS;
        return Math.min(AUTOSCALE_MAX_SLOTS, steps * AUTOSCALE_STEP_SLOTS);
    }

    private static int minuteOf(Instant start, Instant t) {
        return (int) ChronoUnit.MINUTES.between(start, t);
    }

    /**
     * A job's slots in each of its {@code length} minutes from minute {@code from}: a draw between {@code low} and
     * {@code high}, cut to what the reservation has left in that minute (baseline + autoscale maximum), added to
     * {@code used}. A minute past the period's end gets none.
     */
    private static long[] fit(long[] used, int from, int length, int low, int high, SplittableRandom r) {
        long capacity = BASELINE_SLOTS + AUTOSCALE_MAX_SLOTS;
        long[] slots = new long[length];
        for (int m = 0; m < length; m++) {
            int minute = from + m;
            long want = low + r.nextInt(high - low + 1);
            if (minute >= used.length) {
                continue;
            }
            slots[m] = Math.min(want, capacity - used[minute]);
            used[minute] += slots[m];
        }
        return slots;
    }

    /** One JOBS_BY_PROJECT row; a job referencing one table, labelled with its team and workload. */
    private static Map<String, Object> job(String id, Instant created, int seconds, String user, String statement,
            String reservation, long bytes, long slotMs, boolean cacheHit, String hash, String team, String workload,
            String table, String sql) {
        Map<String, Object> row = new HashMap<>();
        row.put("project_id", PROJECT);
        row.put("job_id", id);
        row.put("creation_time", created);
        row.put("start_time", created.plusSeconds(1));
        row.put("end_time", created.plusSeconds(1L + Math.max(1, seconds)));
        row.put("user_email", user);
        row.put("job_type", "QUERY");
        row.put("statement_type", statement);
        row.put("reservation_id", reservation);
        row.put("edition", reservation == null ? null : "ENTERPRISE");
        row.put("total_bytes_processed", bytes);
        row.put("total_bytes_billed", cacheHit ? 0L : bytes);
        row.put("total_slot_ms", slotMs);
        row.put("cache_hit", cacheHit);
        row.put("query_info.query_hashes.normalized_literals", hash);
        row.put("labels", List.of(Map.of("key", "team", "value", team), Map.of("key", "workload", "value", workload)));
        String[] dt = table.split("\\.");
        row.put("referenced_tables", List.of(Map.of("project_id", PROJECT, "dataset_id", dt[0], "table_id", dt[1])));
        row.put("query", sql);
        return row;
    }

    /** A table's storage: logical active and long-term GiB, and the physical GiB they compress to. */
    private record Table(String dataset, String name, long activeGib, long longTermGib, double compression,
            long timeTravelGib, int ageDays) {
    }

    private static final List<Table> TABLES = List.of(
            new Table("web", "clickstream_raw", 100, CLICKSTREAM_LOGICAL_GIB - 100, 1.2, 0, 400),
            new Table("web", "sessions", 60, 240, 1.2, 0, 300),
            new Table("marts", "revenue_daily", 300, 1_700, 12, 0, 500),
            new Table("marts", "customers", 200, 1_300, 12, 0, 500),
            new Table("staging", "orders_load", 150, 50, 4, 120, 200),
            new Table("staging", "events_load", 250, 50, 4, 180, 200));

    /** TABLE_STORAGE, SCHEMATA_OPTIONS and the COLUMNS the collector reads; returns the number of tables. */
    private static int storage(Instant start, Sink sink) {
        Instant snapshot = start;
        for (Table t : TABLES) {
            long active = t.activeGib() * GIB;
            long longTerm = t.longTermGib() * GIB;
            long activePhysical = Math.round(active / t.compression());
            long longTermPhysical = Math.round(longTerm / t.compression());
            long timeTravel = t.timeTravelGib() * GIB;
            long failSafe = timeTravel / 4;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("project_id", PROJECT);
            row.put("table_schema", t.dataset());
            row.put("table_name", t.name());
            row.put("table_type", "BASE TABLE");
            row.put("creation_time", snapshot.minus(t.ageDays(), ChronoUnit.DAYS));
            row.put("storage_last_modified_time", snapshot.minus(1, ChronoUnit.DAYS));
            row.put("total_rows", (active + longTerm) / 200);
            row.put("active_logical_bytes", active);
            row.put("long_term_logical_bytes", longTerm);
            row.put("total_logical_bytes", active + longTerm);
            row.put("active_physical_bytes", activePhysical + timeTravel);
            row.put("long_term_physical_bytes", longTermPhysical);
            row.put("time_travel_physical_bytes", timeTravel);
            row.put("fail_safe_physical_bytes", failSafe);
            row.put("total_physical_bytes", activePhysical + longTermPhysical + timeTravel + failSafe);
            row.put("deleted", false);
            sink.row(PROJECT, "TABLE_STORAGE", row);
        }
        sink.row(PROJECT, "SCHEMATA_OPTIONS", option("staging", "storage_billing_model", "STRING", "\"PHYSICAL\""));
        sink.row(PROJECT, "SCHEMATA_OPTIONS", option("staging", "max_time_travel_hours", "INT64", "168"));
        sink.row(PROJECT, "SCHEMATA_OPTIONS", option("web", "description", "STRING", "\"raw web events\""));
        // clickstream_raw has a DATE column but is not partitioned on it: its daily export reads every byte
        column(sink, "web", "clickstream_raw", "event_date", 3L, "DATE", "NO");
        column(sink, "web", "sessions", "session_date", 1L, "DATE", "YES");
        column(sink, "marts", "revenue_daily", "day", 1L, "DATE", "YES");
        column(sink, "staging", "orders_load", "_PARTITIONTIME", null, "TIMESTAMP", "YES");
        column(sink, "staging", "events_load", "_PARTITIONTIME", null, "TIMESTAMP", "YES");
        return TABLES.size();
    }

    private static Map<String, Object> option(String dataset, String name, String type, String value) {
        return Map.of("schema_name", dataset, "option_name", name, "option_type", type, "option_value", value);
    }

    private static void column(Sink sink, String dataset, String table, String column, Long ordinal, String type,
            String partitioning) {
        sink.row(PROJECT, "COLUMNS", column(PROJECT, dataset, table, column, ordinal, type, partitioning, null));
    }

    /**
     * One INFORMATION_SCHEMA.COLUMNS row, with the view's other columns as BigQuery fills them; a null
     * {@code ordinal} is a pseudo column (_PARTITIONTIME), hidden and system-defined.
     */
    public static Map<String, Object> column(String project, String dataset, String table, String column,
            Long ordinal, String type, String partitioning, Long clustering) {
        boolean pseudo = ordinal == null;
        Map<String, Object> row = new HashMap<>();
        row.put("table_catalog", project);
        row.put("table_schema", dataset);
        row.put("table_name", table);
        row.put("column_name", column);
        row.put("ordinal_position", ordinal);
        row.put("is_nullable", "YES");
        row.put("data_type", type);
        row.put("is_generated", "NEVER");
        row.put("is_hidden", pseudo ? "YES" : "NO");
        row.put("is_system_defined", pseudo ? "YES" : "NO");
        row.put("is_partitioning_column", partitioning);
        row.put("clustering_ordinal_position", clustering);
        return row;
    }
}
