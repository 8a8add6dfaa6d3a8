package io.ledgerhouse.collect.bigquery.engine;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One INFORMATION_SCHEMA view the collector reads, and how: the fields it selects (an expression, the column of the
 * store table it lands in, and its kind), the time column a window filters on (null: a current-state snapshot read
 * whole on every run), the re-read window for late rows, whether it lives in the project's admin project
 * (reservations), and the store table with its natural key.
 */
public record InformationSchemaView(String name, String table, boolean admin, List<Field> fields, String timeColumn,
        Duration reread, List<String> key, String partitionColumn, String tail) {

    /** How a selected value is turned into the store's text form. */
    public enum Kind {
        STRING, INTEGER, BOOLEAN, TIMESTAMP,
        /** ARRAY&lt;STRUCT&lt;key STRING, value STRING&gt;&gt; as a JSON object. */
        LABELS,
        /** ARRAY&lt;STRUCT&lt;project_id, dataset_id, table_id&gt;&gt; as a JSON array of "project.dataset.table". */
        TABLES
    }

    /** A selected field: {@code expression AS column}. */
    public record Field(String expression, String column, Kind kind) {
        static Field of(String column, Kind kind) {
            return new Field(column, column, kind);
        }
    }

    public static final String JOBS = "JOBS_BY_PROJECT";
    public static final String JOBS_TIMELINE = "JOBS_TIMELINE_BY_PROJECT";
    public static final String RESERVATIONS_TIMELINE = "RESERVATIONS_TIMELINE";
    public static final String CAPACITY_COMMITMENT_CHANGES = "CAPACITY_COMMITMENT_CHANGES";
    public static final String TABLE_STORAGE = "TABLE_STORAGE";
    public static final String SCHEMATA_OPTIONS = "SCHEMATA_OPTIONS";
    public static final String COLUMNS = "COLUMNS";

    private static final Kind S = Kind.STRING;
    private static final Kind I = Kind.INTEGER;
    private static final Kind T = Kind.TIMESTAMP;

    /** Jobs, filtered on creation_time (the view's partitioning column); late rows appear for up to hours. */
    public static final InformationSchemaView JOBS_VIEW = new InformationSchemaView(JOBS, "bq_job", false, List.of(
            Field.of("job_id", S), Field.of("creation_time", T), Field.of("start_time", T), Field.of("end_time", T),
            Field.of("user_email", S), Field.of("job_type", S), Field.of("statement_type", S),
            Field.of("parent_job_id", S), Field.of("reservation_id", S), Field.of("edition", S),
            Field.of("total_bytes_processed", I), Field.of("total_bytes_billed", I), Field.of("total_slot_ms", I),
            Field.of("cache_hit", Kind.BOOLEAN), new Field("error_result.reason", "error_reason", S),
            new Field("query_info.query_hashes.normalized_literals", "query_hash", S), Field.of("labels", Kind.LABELS),
            Field.of("referenced_tables", Kind.TABLES), new Field("SUBSTR(query, 1, 1000)", "query_text", S)),
            "creation_time", Duration.ofDays(1),
            List.of("project_id", "job_id", "creation_time"), "creation_time", "");

    /** Per-second slot usage, summed per job and minute in BigQuery so the store stays small. */
    public static final InformationSchemaView TIMELINE_VIEW = new InformationSchemaView(JOBS_TIMELINE, "bq_job_minute",
            false, List.of(Field.of("job_id", S), new Field("TIMESTAMP_TRUNC(period_start, MINUTE)", "minute", T),
                    new Field("ANY_VALUE(reservation_id)", "reservation_id", S),
                    new Field("SUM(period_slot_ms)", "slot_ms", I)), "job_creation_time", Duration.ofDays(1),
            List.of("project_id", "job_id", "minute"), "minute", " GROUP BY job_id, minute");

    public static final InformationSchemaView RESERVATIONS_VIEW = new InformationSchemaView(RESERVATIONS_TIMELINE,
            "bq_reservation_minute", true, List.of(Field.of("reservation_id", S), Field.of("period_start", T),
                    Field.of("reservation_name", S), Field.of("edition", S), Field.of("slots_assigned", I),
                    new Field("autoscale.current_slots", "autoscale_current_slots", I),
                    new Field("autoscale.max_slots", "autoscale_max_slots", I),
                    Field.of("period_autoscale_slot_seconds", I)), "period_start", Duration.ofDays(1),
            List.of("reservation_id", "period_start"), null, "");

    public static final InformationSchemaView COMMITMENTS_VIEW = new InformationSchemaView(CAPACITY_COMMITMENT_CHANGES,
            "bq_capacity_commitment_change", true, List.of(Field.of("capacity_commitment_id", S),
                    Field.of("change_timestamp", T), Field.of("action", S), Field.of("commitment_plan", S),
                    Field.of("state", S), Field.of("slot_count", I), Field.of("edition", S),
                    Field.of("commitment_start_time", T), Field.of("commitment_end_time", T)), "change_timestamp",
            Duration.ofDays(7), List.of("capacity_commitment_id", "change_timestamp", "action"), null, "");

    public static final InformationSchemaView TABLE_STORAGE_VIEW = new InformationSchemaView(TABLE_STORAGE,
            "bq_table_storage", false, List.of(new Field("table_schema", "dataset", S), Field.of("table_name", S),
                    Field.of("table_type", S), Field.of("creation_time", T), Field.of("storage_last_modified_time", T),
                    Field.of("total_rows", I), Field.of("total_logical_bytes", I), Field.of("active_logical_bytes", I),
                    Field.of("long_term_logical_bytes", I), Field.of("total_physical_bytes", I),
                    Field.of("active_physical_bytes", I), Field.of("long_term_physical_bytes", I),
                    Field.of("time_travel_physical_bytes", I), Field.of("fail_safe_physical_bytes", I)), null,
            Duration.ZERO, List.of("project_id", "snapshot_date", "dataset", "table_name"), null,
            " WHERE project_id = @project AND NOT deleted");

    /** Read as (schema_name, option_name, option_value) and pivoted per dataset by the collector. */
    public static final InformationSchemaView SCHEMATA_OPTIONS_VIEW = new InformationSchemaView(SCHEMATA_OPTIONS,
            "bq_dataset_option", false, List.of(Field.of("schema_name", S), Field.of("option_name", S),
                    Field.of("option_value", S)), null, Duration.ZERO,
            List.of("project_id", "snapshot_date", "dataset"), null,
            " WHERE option_name IN ('storage_billing_model', 'max_time_travel_hours')");

    /**
     * How tables are laid out: the partitioning column (or pseudo column), the clustering columns and the date and
     * time columns a table could be partitioned on; the other columns are not read (a wide project has many). The view
     * needs a dataset or region qualifier; the region one reads every dataset of the region at once. Current state:
     * a run replaces the project's and region's rows.
     */
    public static final InformationSchemaView COLUMNS_VIEW = new InformationSchemaView(COLUMNS, "bq_table_column",
            false, List.of(new Field("table_schema", "dataset", S), Field.of("table_name", S),
                    Field.of("column_name", S), Field.of("ordinal_position", I), Field.of("data_type", S),
                    Field.of("is_partitioning_column", S), Field.of("clustering_ordinal_position", I)), null,
            Duration.ZERO, List.of("project_id", "dataset", "table_name", "column_name"), null,
            " WHERE is_partitioning_column = 'YES' OR clustering_ordinal_position IS NOT NULL"
                    + " OR data_type IN ('DATE', 'DATETIME', 'TIMESTAMP')");

    /** Every view, in the order a run reads them. */
    public static List<InformationSchemaView> all() {
        return List.of(JOBS_VIEW, TIMELINE_VIEW, RESERVATIONS_VIEW, COMMITMENTS_VIEW, TABLE_STORAGE_VIEW,
                SCHEMATA_OPTIONS_VIEW, COLUMNS_VIEW);
    }

    /** Whether a run's snapshot replaces every earlier one (else one snapshot per UTC day is kept). */
    public boolean latestOnly() {
        return name.equals(COLUMNS);
    }

    /** Whether a run reads a window of it (else the current state, as today's snapshot). */
    public boolean windowed() {
        return timeColumn != null;
    }

    /** The watermark's name: one per project (admin project for reservations), region and view. */
    public String watermarkName(String project, String region) {
        return project + "/" + region + "/" + name;
    }

    /**
     * The view's SQL for {@code project} in {@code region}; a windowed view filters {@code timeColumn} on the
     * parameters {@code @from} (inclusive) and {@code @to} (exclusive).
     */
    public String sql(String project, String region) {
        String select = fields.stream().map(f -> f.expression().equals(f.column()) ? f.column()
                : f.expression() + " AS " + f.column()).collect(Collectors.joining(", "));
        String from = " FROM " + quote(project) + "." + quote("region-" + region) + ".INFORMATION_SCHEMA." + name;
        if (windowed()) {
            return "SELECT " + select + from + " WHERE " + timeColumn + " >= @from AND " + timeColumn + " < @to"
                    + tail;
        }
        return "SELECT " + select + from + tail;
    }

    /** A backtick-quoted identifier; backticks and backslashes inside are escaped. */
    static String quote(String identifier) {
        return "`" + identifier.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }
}
