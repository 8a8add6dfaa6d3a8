package io.ledgerhouse.store;

import io.ledgerhouse.collect.snowflake.engine.QueryHistoryView.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads QUERY_HISTORY rows as they stream from Snowflake: COPY into a temporary staging table, then one upsert into
 * the month-partitioned {@code sf_query} (partitions created first), duplicates the view served collapsed on the key.
 * Memory stays flat however many queries the window holds.
 */
public final class SnowflakeQueryStore {

    private static final int CHUNK_BYTES = 256 << 10;

    private SnowflakeQueryStore() {
    }

    /** Streams {@code rows} (columns in {@code fields} order) into sf_query; returns the distinct queries stored. */
    public static long load(Connection store, long sourceId, ResultSet rows, List<Field> fields, Instant collectedAt)
            throws SQLException {
        String columns = fields.stream().map(Field::column).collect(Collectors.joining(", "));
        try (Statement s = store.createStatement()) {
            s.execute("CREATE TEMP TABLE sf_query_stage (LIKE sf_query) ON COMMIT DROP");
        }
        CopyTextBuffer buffer = new CopyTextBuffer(CHUNK_BYTES + (CHUNK_BYTES >> 1));
        CopyIn copy = store.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY sf_query_stage (source_id, collected_at, " + columns + ") FROM STDIN");
        String source = Long.toString(sourceId);
        String collected = collectedAt.toString();
        try {
            while (rows.next()) {
                buffer.field(source);
                buffer.field(collected);
                for (int i = 1; i <= fields.size(); i++) {
                    String column = fields.get(i - 1).column();
                    if (column.endsWith("_time") && (column.startsWith("start") || column.startsWith("end"))) {
                        Timestamp t = rows.getTimestamp(i);
                        buffer.field(t == null ? null : t.toInstant().toString());
                    } else {
                        buffer.field(rows.getString(i));
                    }
                }
                buffer.endRow();
                if (buffer.length() >= CHUNK_BYTES) {
                    copy.writeToCopy(buffer.bytes(), 0, buffer.length());
                    buffer.clear();
                }
            }
            if (buffer.length() > 0) {
                copy.writeToCopy(buffer.bytes(), 0, buffer.length());
            }
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        try (Statement s = store.createStatement()) {
            s.execute("SELECT ensure_month_partition('sf_query', m) FROM (SELECT DISTINCT date_trunc('month', "
                    + "start_time) AS m FROM sf_query_stage) months");
        }
        String updates = fields.stream().map(Field::column).filter(c -> !c.equals("query_id") && !c.equals("start_time"))
                .map(c -> c + " = excluded." + c).collect(Collectors.joining(", "));
        try (PreparedStatement ps = store.prepareStatement("INSERT INTO sf_query (source_id, collected_at, " + columns
                + ") SELECT DISTINCT ON (query_id, start_time) source_id, collected_at, " + columns
                + " FROM sf_query_stage ORDER BY query_id, start_time, collected_at "
                + "ON CONFLICT (source_id, query_id, start_time) DO UPDATE SET " + updates
                + ", collected_at = excluded.collected_at")) {
            return ps.executeUpdate();
        }
    }
}
