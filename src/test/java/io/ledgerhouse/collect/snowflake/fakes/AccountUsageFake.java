package io.ledgerhouse.collect.snowflake.fakes;

import io.ledgerhouse.collect.snowflake.fakes.FakeSnowflakeServer.Column;
import io.ledgerhouse.collect.snowflake.fakes.FakeSnowflakeServer.Result;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A fake Snowflake whose ACCOUNT_USAGE views are tables in a schema of the test's PostgreSQL. The collector's SQL is
 * run there (after rewriting {@code SNOWFLAKE.ACCOUNT_USAGE.} to the schema and {@code TO_TIMESTAMP_LTZ(ms, 3)} to
 * {@code to_timestamp}) and the result is sent back in Snowflake's JSON result format: NUMBER as {@code fixed} with
 * its scale, TIMESTAMP_LTZ as epoch seconds with nine fraction digits, DATE as days since the epoch, BOOLEAN as 1/0,
 * text as is.
 */
public final class AccountUsageFake implements AutoCloseable {

    /** The locator of the account the fake pretends to be (what CURRENT_ACCOUNT() answers). */
    public static final String ACCOUNT_LOCATOR = "FK12345";

    private static final Pattern TS = Pattern.compile("TO_TIMESTAMP_LTZ\\((\\d+), 3\\)");
    private static final Pattern FLATTEN = Pattern.compile("LATERAL FLATTEN\\(input => ([\\w.]+)\\) (\\w+)");
    private static final Pattern PATH = Pattern.compile("(\\w+\\.value):\"(\\w+)\"::(\\w+)");

    private final DataSource dataSource;
    private final String schema;
    private final FakeSnowflakeServer server;
    private final AtomicReference<String> failNext = new AtomicReference<>();
    private final java.util.Set<String> denied = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public AccountUsageFake(DataSource dataSource, String schema) throws IOException, SQLException {
        this(dataSource, schema, 0);
    }

    /** A fake listening on {@code port} (0: any free port). */
    public AccountUsageFake(DataSource dataSource, String schema, int port) throws IOException, SQLException {
        this.dataSource = dataSource;
        this.schema = schema;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
            // the view's columns as documented (NUMBER(38,0) ids, NUMBER(38,9) credits, TIMESTAMP_LTZ times)
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
        }
        this.server = new FakeSnowflakeServer(this::answer, port);
    }

    public String jdbcUrl() {
        return server.jdbcUrl();
    }

    public FakeSnowflakeServer server() {
        return server;
    }

    /** Runs SQL against the fake's schema (to add fixture rows). */
    public void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql.replace("{schema}", schema));
        }
    }

    /** The next statement fails with this Snowflake error message (as the service does mid-run). */
    public void failNext(String message) {
        failNext.set(message);
    }

    /** Statements on this view fail as they do for an account without the privilege (or edition) to read it. */
    public void deny(String view) {
        denied.add(view);
    }

    private volatile List<List<String>> warehouses = List.of();

    /**
     * What SHOW WAREHOUSES answers: rows of name, size, type, auto_suspend, auto_resume, min_cluster_count,
     * max_cluster_count, scaling_policy, enable_query_acceleration, resource_constraint (a subset of the real
     * command's columns, which the collector reads by name).
     */
    public void warehouses(List<List<String>> rows) {
        this.warehouses = rows;
    }

    /** Every view readable again. */
    public void allowAll() {
        denied.clear();
    }

    private Result answer(String sql) {
        String message = failNext.getAndSet(null);
        if (message != null) {
            throw new FakeSnowflakeServer.SnowflakeError("000603", message);
        }
        for (String view : denied) {
            if (sql.contains("SNOWFLAKE.ACCOUNT_USAGE." + view + " ")) {
                throw new FakeSnowflakeServer.SnowflakeError("002003", "SQL compilation error:\nObject "
                        + "'SNOWFLAKE.ACCOUNT_USAGE." + view + "' does not exist or not authorized.");
            }
        }
        if (sql.strip().equalsIgnoreCase("SHOW WAREHOUSES")) {
            return new Result(List.of(Column.text("name"), Column.text("state"), Column.text("type"),
                    Column.text("size"), Column.fixed("min_cluster_count", 0), Column.fixed("max_cluster_count", 0),
                    Column.fixed("auto_suspend", 0), Column.text("auto_resume"), Column.text("scaling_policy"),
                    Column.text("enable_query_acceleration"), Column.text("resource_constraint")),
                    warehouses.stream().map(w -> List.of(w.get(0), "SUSPENDED", w.get(2), w.get(1), w.get(5), w.get(6),
                            w.get(3), w.get(4), w.get(7), w.get(8), w.get(9))).toList());
        }
        String pg = sql.replace("SNOWFLAKE.ACCOUNT_USAGE.", schema + ".")
                .replace("SNOWFLAKE.ORGANIZATION_USAGE.", schema + ".")
                .replace("CURRENT_ACCOUNT()", "'" + ACCOUNT_LOCATOR + "'");
        Matcher m = TS.matcher(pg);
        pg = m.replaceAll("to_timestamp($1 / 1000.0)");
        // semi-structured access: LATERAL FLATTEN(input => x) f and f.value:"key"::TYPE, as PostgreSQL jsonb
        pg = FLATTEN.matcher(pg).replaceAll("LATERAL jsonb_array_elements($1) AS $2(value)");
        pg = PATH.matcher(pg).replaceAll(r -> "(" + r.group(1) + "->>'" + r.group(2) + "')::"
                + (r.group(3).equalsIgnoreCase("NUMBER") ? "numeric" : "text"));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(pg)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Column> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String name = md.getColumnLabel(i).toUpperCase(Locale.ROOT);
                columns.add(switch (md.getColumnType(i)) {
                    case Types.NUMERIC, Types.BIGINT, Types.INTEGER -> Column.fixed(name, Math.max(0, md.getScale(i)));
                    case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> new Column(name, "timestamp_ltz", 9);
                    case Types.DATE -> new Column(name, "date", 0);
                    case Types.DOUBLE, Types.REAL, Types.FLOAT -> new Column(name, "real", 0);
                    case Types.BOOLEAN, Types.BIT -> new Column(name, "boolean", 0);
                    default -> Column.text(name);
                });
            }
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    if (columns.get(i - 1).type().equals("timestamp_ltz")) {
                        Timestamp t = rs.getTimestamp(i);
                        row.add(t == null ? null : epochSeconds(t));
                    } else if (columns.get(i - 1).type().equals("boolean")) {
                        // Snowflake's JSON rowset writes BOOLEAN as "1" / "0"
                        Object b = rs.getObject(i);
                        row.add(b == null ? null : ((Boolean) b) ? "1" : "0");
                    } else if (columns.get(i - 1).type().equals("date")) {
                        // Snowflake sends DATE as days since the epoch
                        java.time.LocalDate d = rs.getObject(i, java.time.LocalDate.class);
                        row.add(d == null ? null : Long.toString(d.toEpochDay()));
                    } else {
                        row.add(rs.getString(i));
                    }
                }
                rows.add(row);
            }
            return new Result(columns, rows);
        } catch (SQLException e) {
            throw new FakeSnowflakeServer.SnowflakeError("002003", "SQL compilation error: " + e.getMessage());
        }
    }

    private static String epochSeconds(Timestamp t) {
        java.time.Instant i = t.toInstant();
        return i.getEpochSecond() + "." + String.format("%09d", i.getNano());
    }

    @Override
    public void close() {
        server.close();
    }
}
