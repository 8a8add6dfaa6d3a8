package io.ledgerhouse.collect.snowflake.engine;

import java.util.List;

/**
 * QUERY_HISTORY as the collector reads it: the columns allocation and advice need, in the order of the store's
 * {@code sf_query} columns (after source_id). Query text is read only when asked for, truncated in Snowflake.
 */
public final class QueryHistoryView {

    public static final String VIEW = "QUERY_HISTORY";

    private QueryHistoryView() {
    }

    /** The fields read; {@code queryTextLength} 0 leaves the text out. */
    public static List<ViewField> fields(int queryTextLength) {
        return List.of(
                new ViewField("query_id", "QUERY_ID"),
                new ViewField("start_time", "START_TIME"),
                new ViewField("end_time", "END_TIME"),
                new ViewField("query_hash", "QUERY_HASH"),
                new ViewField("query_parameterized_hash", "QUERY_PARAMETERIZED_HASH"),
                new ViewField("query_text", queryTextLength > 0 ? "LEFT(QUERY_TEXT, " + queryTextLength + ")" : "NULL"),
                new ViewField("query_type", "QUERY_TYPE"),
                new ViewField("database_name", "DATABASE_NAME"),
                new ViewField("schema_name", "SCHEMA_NAME"),
                new ViewField("user_name", "USER_NAME"),
                new ViewField("role_name", "ROLE_NAME"),
                new ViewField("warehouse_id", "WAREHOUSE_ID"),
                new ViewField("warehouse_name", "WAREHOUSE_NAME"),
                new ViewField("warehouse_size", "WAREHOUSE_SIZE"),
                new ViewField("warehouse_type", "WAREHOUSE_TYPE"),
                new ViewField("cluster_number", "CLUSTER_NUMBER"),
                new ViewField("query_tag", "QUERY_TAG"),
                new ViewField("execution_status", "EXECUTION_STATUS"),
                new ViewField("error_code", "ERROR_CODE"),
                new ViewField("total_elapsed_time", "TOTAL_ELAPSED_TIME"),
                new ViewField("compilation_time", "COMPILATION_TIME"),
                new ViewField("execution_time", "EXECUTION_TIME"),
                new ViewField("queued_provisioning_time", "QUEUED_PROVISIONING_TIME"),
                new ViewField("queued_repair_time", "QUEUED_REPAIR_TIME"),
                new ViewField("queued_overload_time", "QUEUED_OVERLOAD_TIME"),
                new ViewField("transaction_blocked_time", "TRANSACTION_BLOCKED_TIME"),
                new ViewField("bytes_scanned", "BYTES_SCANNED"),
                new ViewField("percentage_scanned_from_cache", "PERCENTAGE_SCANNED_FROM_CACHE"),
                new ViewField("partitions_scanned", "PARTITIONS_SCANNED"),
                new ViewField("partitions_total", "PARTITIONS_TOTAL"),
                new ViewField("bytes_spilled_to_local_storage", "BYTES_SPILLED_TO_LOCAL_STORAGE"),
                new ViewField("bytes_spilled_to_remote_storage", "BYTES_SPILLED_TO_REMOTE_STORAGE"),
                new ViewField("rows_produced", "ROWS_PRODUCED"),
                new ViewField("credits_used_cloud_services", "CREDITS_USED_CLOUD_SERVICES"),
                new ViewField("query_load_percent", "QUERY_LOAD_PERCENT"),
                new ViewField("query_acceleration_bytes_scanned", "QUERY_ACCELERATION_BYTES_SCANNED"));
    }
}
