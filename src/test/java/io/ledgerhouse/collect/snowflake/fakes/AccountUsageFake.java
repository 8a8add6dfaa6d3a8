package io.ledgerhouse.collect.snowflake.fakes;

import io.ledgerhouse.collect.snowflake.fakes.FakeSnowflakeServer.Answer;
import io.ledgerhouse.collect.snowflake.fakes.FakeSnowflakeServer.Column;
import io.ledgerhouse.collect.snowflake.fakes.FakeSnowflakeServer.Streamed;
import io.ledgerhouse.trial.AccountUsageSchema;
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
import javax.sql.DataSource;

/**
 * A fake Snowflake whose ACCOUNT_USAGE views are tables in a schema of the test's PostgreSQL. The collector's SQL is
 * run there (after rewriting {@code SNOWFLAKE.ACCOUNT_USAGE.} to the schema and {@code TO_TIMESTAMP_LTZ(ms, 3)} to
 * {@code to_timestamp}) and the result is sent back in Snowflake's JSON result format: NUMBER as {@code fixed} with
 * its scale, TIMESTAMP_LTZ as epoch seconds with nine fraction digits, DATE as days since the epoch, BOOLEAN as 1/0,
 * text as is.
 *
 * <p>Results are streamed, so that a view of millions of rows can be served in a small heap: PostgreSQL's rows are read
 * through a server-side cursor and handed one at a time to the fake Snowflake, which sends the first inline and the
 * rest as downloadable chunks (see {@link FakeSnowflakeServer}).
 */
public final class AccountUsageFake implements AutoCloseable {

    /** The locator of the account the fake pretends to be (what CURRENT_ACCOUNT() answers). */
    public static final String ACCOUNT_LOCATOR = AccountUsageSchema.ACCOUNT_LOCATOR;

    /** Rows PostgreSQL sends per round trip of the cursor. */
    private static final int FETCH_SIZE = 1_000;

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
        try (Connection c = dataSource.getConnection()) {
            AccountUsageSchema.create(c, schema);
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

    /**
     * What SHOW WAREHOUSES answers from now on: rows of name, size, type, auto_suspend, auto_resume,
     * min_cluster_count, max_cluster_count, scaling_policy, enable_query_acceleration, resource_constraint (a subset
     * of the real command's columns, which the collector reads by name).
     */
    public void warehouses(List<List<String>> rows) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + schema + ".warehouses");
            }
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".warehouses (name, "
                    + "state, type, size, min_cluster_count, max_cluster_count, auto_suspend, auto_resume, "
                    + "scaling_policy, enable_query_acceleration, resource_constraint) "
                    + "VALUES (?, 'SUSPENDED', ?, ?, ?::numeric, ?::numeric, ?::numeric, ?, ?, ?, ?)")) {
                for (List<String> w : rows) {
                    ps.setString(1, w.get(0));
                    ps.setString(2, w.get(2));
                    ps.setString(3, w.get(1));
                    ps.setString(4, w.get(5));
                    ps.setString(5, w.get(6));
                    ps.setString(6, w.get(3));
                    ps.setString(7, w.get(4));
                    ps.setString(8, w.get(7));
                    ps.setString(9, w.get(8));
                    ps.setString(10, w.get(9));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    /** Every view readable again. */
    public void allowAll() {
        denied.clear();
    }

    private Answer answer(String sql) {
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
        String pg = AccountUsageSchema.toPostgres(sql, schema);
        String query = pg;
        // streamed: PostgreSQL hands the rows over a server-side cursor (a fetch size takes effect only outside
        // autocommit) and each goes on to the fake Snowflake, which spills all but the first to chunk files
        return new Streamed(sink -> {
            try (Connection c = dataSource.getConnection()) {
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.setFetchSize(FETCH_SIZE);
                    try (ResultSet rs = s.executeQuery(query)) {
                        // SHOW commands name their columns in lower case, views in upper case
                        stream(rs, sink, !sql.strip().toUpperCase(Locale.ROOT).startsWith("SHOW "));
                    }
                    c.commit();
                } catch (SQLException | RuntimeException | IOException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(autoCommit);
                }
            } catch (SQLException e) {
                throw new FakeSnowflakeServer.SnowflakeError("002003", "SQL compilation error: " + e.getMessage());
            }
        });
    }

    private static void stream(ResultSet rs, FakeSnowflakeServer.Sink sink, boolean upperCase)
            throws SQLException, IOException {
        ResultSetMetaData md = rs.getMetaData();
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = upperCase ? md.getColumnLabel(i).toUpperCase(Locale.ROOT) : md.getColumnLabel(i);
            columns.add(switch (md.getColumnType(i)) {
                case Types.NUMERIC, Types.BIGINT, Types.INTEGER -> Column.fixed(name, Math.max(0, md.getScale(i)));
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> new Column(name, "timestamp_ltz", 9);
                case Types.DATE -> new Column(name, "date", 0);
                case Types.DOUBLE, Types.REAL, Types.FLOAT -> new Column(name, "real", 0);
                case Types.BOOLEAN, Types.BIT -> new Column(name, "boolean", 0);
                default -> Column.text(name);
            });
        }
        sink.columns(columns);
        List<String> row = new ArrayList<>(columns.size());
        while (rs.next()) {
            row.clear();
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
            sink.row(row);
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
