package io.ledgerhouse.collect.snowflake.engine;

import java.util.List;

/**
 * QUERY_HISTORY as the collector reads it: the columns allocation and advice need, in the order of the store's
 * {@code sf_query} columns (after source_id). Query text is read only when asked for, truncated in Snowflake.
 */
public final class QueryHistoryView {

    public static final String VIEW = "QUERY_HISTORY";

    /** Store column, and the expression read from the view for it. */
    public record Field(String column, String expression) {
    }

    private QueryHistoryView() {
    }

    /** The fields read; {@code queryTextLength} 0 leaves the text out. */
    public static List<Field> fields(int queryTextLength) {
        return List.of(
                new Field("query_id", "QUERY_ID"),
                new Field("start_time", "START_TIME"),
                new Field("end_time", "END_TIME"),
                new Field("query_hash", "QUERY_HASH"),
                new Field("query_parameterized_hash", "QUERY_PARAMETERIZED_HASH"),
                new Field("query_text", queryTextLength > 0 ? "LEFT(QUERY_TEXT, " + queryTextLength + ")" : "NULL"),
                new Field("query_type", "QUERY_TYPE"),
                new Field("database_name", "DATABASE_NAME"),
                new Field("schema_name", "SCHEMA_NAME"),
                new Field("user_name", "USER_NAME"),
                new Field("role_name", "ROLE_NAME"),
                new Field("warehouse_id", "WAREHOUSE_ID"),
                new Field("warehouse_name", "WAREHOUSE_NAME"),
                new Field("warehouse_size", "WAREHOUSE_SIZE"),
                new Field("warehouse_type", "WAREHOUSE_TYPE"),
                new Field("cluster_number", "CLUSTER_NUMBER"),
                new Field("query_tag", "QUERY_TAG"),
                new Field("execution_status", "EXECUTION_STATUS"),
                new Field("error_code", "ERROR_CODE"),
                new Field("total_elapsed_time", "TOTAL_ELAPSED_TIME"),
                new Field("compilation_time", "COMPILATION_TIME"),
                new Field("execution_time", "EXECUTION_TIME"),
                new Field("queued_provisioning_time", "QUEUED_PROVISIONING_TIME"),
                new Field("queued_repair_time", "QUEUED_REPAIR_TIME"),
                new Field("queued_overload_time", "QUEUED_OVERLOAD_TIME"),
                new Field("transaction_blocked_time", "TRANSACTION_BLOCKED_TIME"),
                new Field("bytes_scanned", "BYTES_SCANNED"),
                new Field("percentage_scanned_from_cache", "PERCENTAGE_SCANNED_FROM_CACHE"),
                new Field("partitions_scanned", "PARTITIONS_SCANNED"),
                new Field("partitions_total", "PARTITIONS_TOTAL"),
                new Field("bytes_spilled_to_local_storage", "BYTES_SPILLED_TO_LOCAL_STORAGE"),
                new Field("bytes_spilled_to_remote_storage", "BYTES_SPILLED_TO_REMOTE_STORAGE"),
                new Field("rows_produced", "ROWS_PRODUCED"),
                new Field("credits_used_cloud_services", "CREDITS_USED_CLOUD_SERVICES"),
                new Field("query_load_percent", "QUERY_LOAD_PERCENT"),
                new Field("query_acceleration_bytes_scanned", "QUERY_ACCELERATION_BYTES_SCANNED"));
    }
}
