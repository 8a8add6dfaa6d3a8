package io.ledgerhouse.collect.snowflake.engine;

import java.time.Duration;
import java.util.List;

/**
 * An ACCOUNT_USAGE view collected into a table of its own: the fields read (in table-column order), the column the
 * window applies to, how far back each run re-reads (Snowflake's latency), and the table's natural key.
 */
public record AccountUsageView(String view, String timeColumn, Duration reread, List<ViewField> fields, String table,
        List<String> key, boolean monthPartitioned) {

    /** QUERY_HISTORY (see {@link QueryHistoryView}); text kept up to {@code queryTextLength} characters. */
    public static AccountUsageView queryHistory(int queryTextLength) {
        return new AccountUsageView(QueryHistoryView.VIEW, "START_TIME", Duration.ofDays(3),
                QueryHistoryView.fields(queryTextLength), "sf_query", List.of("query_id", "start_time"), true);
    }

    public static final AccountUsageView WAREHOUSE_METERING = new AccountUsageView(WarehouseHourMetering.VIEW,
            "START_TIME", Duration.ofDays(7), List.of(
                    new ViewField("warehouse_id", "WAREHOUSE_ID"),
                    new ViewField("warehouse_name", "WAREHOUSE_NAME"),
                    new ViewField("start_time", "START_TIME"),
                    new ViewField("end_time", "END_TIME"),
                    new ViewField("credits_used", "CREDITS_USED"),
                    new ViewField("credits_used_compute", "CREDITS_USED_COMPUTE"),
                    new ViewField("credits_used_cloud_services", "CREDITS_USED_CLOUD_SERVICES"),
                    new ViewField("credits_attributed_compute_queries", "CREDITS_ATTRIBUTED_COMPUTE_QUERIES")),
            "sf_warehouse_metering", List.of("warehouse_id", "start_time"), false);

    public static final AccountUsageView METERING_DAILY = new AccountUsageView(DailyMetering.VIEW, "USAGE_DATE",
            Duration.ofDays(7), List.of(
                    new ViewField("usage_date", "USAGE_DATE"),
                    new ViewField("service_type", "SERVICE_TYPE"),
                    new ViewField("credits_used_compute", "CREDITS_USED_COMPUTE"),
                    new ViewField("credits_used_cloud_services", "CREDITS_USED_CLOUD_SERVICES"),
                    new ViewField("credits_used", "CREDITS_USED"),
                    new ViewField("credits_adjustment_cloud_services", "CREDITS_ADJUSTMENT_CLOUD_SERVICES"),
                    new ViewField("credits_billed", "CREDITS_BILLED")),
            "sf_metering_daily", List.of("usage_date", "service_type"), false);

    public static final AccountUsageView QUERY_ATTRIBUTION = new AccountUsageView(QueryAttributionView.VIEW,
            "START_TIME", Duration.ofDays(2), QueryAttributionView.FIELDS, "sf_query_attribution",
            List.of("query_id"), false);

    public static final AccountUsageView WAREHOUSE_EVENTS = new AccountUsageView("WAREHOUSE_EVENTS_HISTORY",
            "TIMESTAMP", Duration.ofDays(7), List.of(
                    new ViewField("event_time", "TIMESTAMP", true),
                    new ViewField("warehouse_id", "WAREHOUSE_ID"),
                    new ViewField("warehouse_name", "WAREHOUSE_NAME"),
                    new ViewField("cluster_number", "COALESCE(CLUSTER_NUMBER, 0)"),
                    new ViewField("event_name", "EVENT_NAME"),
                    new ViewField("event_reason", "EVENT_REASON"),
                    new ViewField("event_state", "COALESCE(EVENT_STATE, '')"),
                    new ViewField("user_name", "USER_NAME"),
                    new ViewField("role_name", "ROLE_NAME"),
                    new ViewField("query_id", "QUERY_ID"),
                    new ViewField("size", "SIZE"),
                    new ViewField("cluster_count", "CLUSTER_COUNT")),
            "sf_warehouse_event", List.of("event_time", "warehouse_id", "cluster_number", "event_name", "event_state"),
            false);

    public static final AccountUsageView WAREHOUSE_LOAD = new AccountUsageView("WAREHOUSE_LOAD_HISTORY",
            "START_TIME", Duration.ofDays(7), List.of(
                    new ViewField("warehouse_id", "WAREHOUSE_ID"),
                    new ViewField("warehouse_name", "WAREHOUSE_NAME"),
                    new ViewField("start_time", "START_TIME"),
                    new ViewField("end_time", "END_TIME"),
                    new ViewField("avg_running", "AVG_RUNNING"),
                    new ViewField("avg_queued_load", "AVG_QUEUED_LOAD"),
                    new ViewField("avg_queued_provisioning", "AVG_QUEUED_PROVISIONING"),
                    new ViewField("avg_blocked", "AVG_BLOCKED")),
            "sf_warehouse_load", List.of("warehouse_id", "start_time"), false);

    public static final AccountUsageView METERING = new AccountUsageView("METERING_HISTORY", "START_TIME",
            Duration.ofDays(7), List.of(
                    new ViewField("service_type", "SERVICE_TYPE"),
                    new ViewField("entity_id", "COALESCE(ENTITY_ID, 0)"),
                    new ViewField("entity_type", "ENTITY_TYPE"),
                    new ViewField("name", "NAME"),
                    new ViewField("database_name", "DATABASE_NAME"),
                    new ViewField("schema_name", "SCHEMA_NAME"),
                    new ViewField("start_time", "START_TIME"),
                    new ViewField("end_time", "END_TIME"),
                    new ViewField("credits_used_compute", "CREDITS_USED_COMPUTE"),
                    new ViewField("credits_used_cloud_services", "CREDITS_USED_CLOUD_SERVICES"),
                    new ViewField("credits_used", "CREDITS_USED"),
                    new ViewField("bytes", "BYTES"),
                    new ViewField("rows", "ROWS"),
                    new ViewField("files", "FILES")),
            "sf_metering", List.of("service_type", "entity_id", "start_time"), false);

    public static final AccountUsageView DATABASE_STORAGE = new AccountUsageView("DATABASE_STORAGE_USAGE_HISTORY",
            "USAGE_DATE", Duration.ofDays(3), List.of(
                    new ViewField("usage_date", "USAGE_DATE"),
                    new ViewField("database_id", "DATABASE_ID"),
                    new ViewField("database_name", "DATABASE_NAME"),
                    new ViewField("deleted", "DELETED", true),
                    new ViewField("average_database_bytes", "AVERAGE_DATABASE_BYTES"),
                    new ViewField("average_failsafe_bytes", "AVERAGE_FAILSAFE_BYTES")),
            "sf_database_storage", List.of("usage_date", "database_id"), false);

    /**
     * TABLE_STORAGE_METRICS, a current-state view, as the snapshot of {@code day}: every table still holding bytes
     * (dropped tables in fail-safe included). Not windowed: {@link #timeColumn()} is null.
     */
    public static AccountUsageView tableStorage(java.time.LocalDate day) {
        return new AccountUsageView("TABLE_STORAGE_METRICS", null, Duration.ZERO, List.of(
                new ViewField("snapshot_date", "'" + day + "'::DATE"),
                new ViewField("table_id", "ID"),
                new ViewField("table_name", "TABLE_NAME"),
                new ViewField("schema_name", "TABLE_SCHEMA"),
                new ViewField("database_name", "TABLE_CATALOG"),
                new ViewField("is_transient", "IS_TRANSIENT"),
                new ViewField("active_bytes", "ACTIVE_BYTES"),
                new ViewField("time_travel_bytes", "TIME_TRAVEL_BYTES"),
                new ViewField("failsafe_bytes", "FAILSAFE_BYTES"),
                new ViewField("retained_for_clone_bytes", "RETAINED_FOR_CLONE_BYTES"),
                new ViewField("deleted", "DELETED"),
                new ViewField("table_created", "TABLE_CREATED", true),
                new ViewField("table_dropped", "TABLE_DROPPED", true)),
                "sf_table_storage", List.of("snapshot_date", "table_id"), false);
    }

    /** ACCESS_HISTORY as the last read per table (see {@link AccountUsageSql#lastReadPerTable}). */
    public static final AccountUsageView TABLE_LAST_READ = new AccountUsageView("ACCESS_HISTORY", "QUERY_START_TIME",
            Duration.ofDays(2), List.of(
                    new ViewField("object_id", "OBJECT_ID"),
                    new ViewField("object_name", "OBJECT_NAME"),
                    new ViewField("last_read", "LAST_READ", true)),
            "sf_table_last_read", List.of("object_id"), false);

    /** Every table-backed view, in collection order. */
    public static List<AccountUsageView> all(int queryTextLength) {
        return List.of(WAREHOUSE_METERING, METERING_DAILY, queryHistory(queryTextLength), QUERY_ATTRIBUTION, WAREHOUSE_EVENTS, WAREHOUSE_LOAD, METERING,
                DATABASE_STORAGE);
    }
}
