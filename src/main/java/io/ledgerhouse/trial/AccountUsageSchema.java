package io.ledgerhouse.trial;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Snowflake's ACCOUNT_USAGE views (and ORGANIZATION_USAGE.RATE_SHEET_DAILY) as PostgreSQL tables of one schema, with
 * the columns and types Snowflake documents, plus a {@code warehouses} table standing for SHOW WAREHOUSES. The trial's
 * simulated account lives in such a schema, and so do the test fakes; {@link #toPostgres} rewrites the collector's
 * Snowflake SQL to run there.
 */
public final class AccountUsageSchema {

    /** The locator of the simulated account (what CURRENT_ACCOUNT() answers). */
    public static final String ACCOUNT_LOCATOR = "FK12345";

    private static final Pattern TS = Pattern.compile("TO_TIMESTAMP_LTZ\\((\\d+), 3\\)");
    private static final Pattern FLATTEN = Pattern.compile("LATERAL FLATTEN\\(input => ([\\w.]+)\\) (\\w+)");
    private static final Pattern PATH = Pattern.compile("(\\w+\\.value):\"(\\w+)\"::(\\w+)");

    private AccountUsageSchema() {
    }

    /** (Re)creates {@code schema} with an empty table per view. */
    public static void create(Connection connection, String schema) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
            // the views' columns as documented (NUMBER(38,0) ids, NUMBER(38,9) credits, TIMESTAMP_LTZ times)
            s.execute("CREATE TABLE " + schema + ".warehouse_metering_history (start_time timestamptz, "
                    + "end_time timestamptz, warehouse_id numeric(38,0), warehouse_name text, "
                    + "credits_used numeric(38,9), credits_used_compute numeric(38,9), "
                    + "credits_used_cloud_services numeric(38,9), credits_attributed_compute_queries numeric(38,9))");
            s.execute("CREATE TABLE " + schema + ".query_history (query_id text, query_text text, database_name text, "
                    + "schema_name text, query_type text, user_name text, role_name text, "
                    + "warehouse_id numeric(38,0), warehouse_name text, warehouse_size text, warehouse_type text, "
                    + "cluster_number numeric(38,0), query_tag text, execution_status text, error_code text, "
                    + "start_time timestamptz, end_time timestamptz, total_elapsed_time numeric(38,0), "
                    + "bytes_scanned numeric(38,0), percentage_scanned_from_cache double precision, "
                    + "partitions_scanned numeric(38,0), partitions_total numeric(38,0), "
                    + "bytes_spilled_to_local_storage numeric(38,0), bytes_spilled_to_remote_storage numeric(38,0), "
                    + "rows_produced numeric(38,0), compilation_time numeric(38,0), execution_time numeric(38,0), "
                    + "queued_provisioning_time numeric(38,0), queued_repair_time numeric(38,0), "
                    + "queued_overload_time numeric(38,0), transaction_blocked_time numeric(38,0), "
                    + "credits_used_cloud_services numeric(38,9), query_load_percent numeric(38,0), "
                    + "query_acceleration_bytes_scanned numeric(38,0), query_hash text, "
                    + "query_parameterized_hash text)");
            s.execute("CREATE TABLE " + schema + ".query_attribution_history (query_id text, parent_query_id text, "
                    + "root_query_id text, warehouse_id numeric(38,0), warehouse_name text, query_hash text, "
                    + "query_parameterized_hash text, query_tag text, user_name text, start_time timestamptz, "
                    + "end_time timestamptz, credits_attributed_compute numeric(38,9), "
                    + "credits_used_query_acceleration numeric(38,9))");
            s.execute("CREATE TABLE " + schema + ".warehouse_events_history (timestamp timestamptz, "
                    + "warehouse_id numeric(38,0), warehouse_name text, cluster_number numeric(38,0), event_name text, "
                    + "event_reason text, event_state text, user_name text, role_name text, query_id text, size text, "
                    + "cluster_count numeric(38,0))");
            s.execute("CREATE TABLE " + schema + ".warehouse_load_history (start_time timestamptz, end_time timestamptz, "
                    + "warehouse_id numeric(38,0), warehouse_name text, avg_running numeric(38,9), "
                    + "avg_queued_load numeric(38,9), avg_queued_provisioning numeric(38,9), avg_blocked numeric(38,9))");
            s.execute("CREATE TABLE " + schema + ".metering_history (service_type text, start_time timestamptz, "
                    + "end_time timestamptz, entity_id numeric(38,0), entity_type text, name text, database_name text, "
                    + "schema_name text, credits_used_compute numeric(38,9), credits_used_cloud_services numeric(38,9), "
                    + "credits_used numeric(38,9), bytes numeric(38,0), rows numeric(38,0), files numeric(38,0))");
            s.execute("CREATE TABLE " + schema + ".database_storage_usage_history (usage_date date, "
                    + "database_id numeric(38,0), database_name text, deleted timestamptz, "
                    + "average_database_bytes numeric(38,6), average_failsafe_bytes numeric(38,6), "
                    + "average_hybrid_table_storage_bytes numeric(38,6))");
            s.execute("CREATE TABLE " + schema + ".rate_sheet_daily (date date, organization_name text, "
                    + "contract_number numeric(38,0), account_name text, account_locator text, region text, "
                    + "service_level text, usage_type text, currency text, effective_rate numeric(38,2), "
                    + "service_type text, is_adjustment boolean)");
            s.execute("CREATE TABLE " + schema + ".table_storage_metrics (id numeric(38,0), table_name text, "
                    + "table_schema_id numeric(38,0), table_schema text, table_catalog_id numeric(38,0), "
                    + "table_catalog text, clone_group_id numeric(38,0), is_transient text, "
                    + "active_bytes numeric(38,0), time_travel_bytes numeric(38,0), failsafe_bytes numeric(38,0), "
                    + "retained_for_clone_bytes numeric(38,0), deleted boolean, table_created timestamptz, "
                    + "table_dropped timestamptz, table_entered_failsafe timestamptz, comment text)");
            s.execute("CREATE TABLE " + schema + ".access_history (query_id text, query_start_time timestamptz, "
                    + "user_name text, direct_objects_accessed jsonb, base_objects_accessed jsonb, "
                    + "objects_modified jsonb)");
            s.execute("CREATE TABLE " + schema + ".metering_daily_history (service_type text, organization_name text, "
                    + "account_name text, usage_date date, credits_used_compute numeric(38,9), "
                    + "credits_used_cloud_services numeric(38,9), credits_used numeric(38,9), "
                    + "credits_adjustment_cloud_services numeric(38,9), credits_billed numeric(38,9))");
            // SHOW WAREHOUSES: the columns the collector reads, by name
            s.execute("CREATE TABLE " + schema + ".warehouses (name text, state text, type text, size text, "
                    + "min_cluster_count numeric(38,0), max_cluster_count numeric(38,0), auto_suspend numeric(38,0), "
                    + "auto_resume text, scaling_policy text, enable_query_acceleration text, "
                    + "resource_constraint text)");
        }
    }

    /** The collector's Snowflake SQL, rewritten to run against {@code schema}. */
    public static String toPostgres(String sql, String schema) {
        if (sql.strip().equalsIgnoreCase("SHOW WAREHOUSES")) {
            return "SELECT name, state, type, size, min_cluster_count, max_cluster_count, auto_suspend, auto_resume, "
                    + "scaling_policy, enable_query_acceleration, resource_constraint FROM " + schema
                    + ".warehouses ORDER BY name";
        }
        String pg = sql.replace("SNOWFLAKE.ACCOUNT_USAGE.", schema + ".")
                .replace("SNOWFLAKE.ORGANIZATION_USAGE.", schema + ".")
                .replace("CURRENT_ACCOUNT()", "'" + ACCOUNT_LOCATOR + "'");
        pg = TS.matcher(pg).replaceAll("to_timestamp($1 / 1000.0)");
        // semi-structured access: LATERAL FLATTEN(input => x) f and f.value:"key"::TYPE, as PostgreSQL jsonb
        pg = FLATTEN.matcher(pg).replaceAll("LATERAL jsonb_array_elements($1) AS $2(value)");
        return PATH.matcher(pg).replaceAll(r -> "(" + r.group(1) + "->>'" + r.group(2) + "')::"
                + (r.group(3).equalsIgnoreCase("NUMBER") ? "numeric" : "text"));
    }
}
