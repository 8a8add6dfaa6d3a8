package io.ledgerhouse.store;

import io.ledgerhouse.collect.snowflake.engine.AccountUsageView;
import io.ledgerhouse.collect.snowflake.engine.ViewField;
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
 * Loads an ACCOUNT_USAGE view's rows as they stream from Snowflake: COPY into a temporary staging table, then one
 * upsert into the view's table on its natural key, duplicates the view served collapsed. For month-partitioned tables
 * the partitions the rows need are created first. Memory stays flat however many rows the window holds.
 */
public final class SnowflakeViewLoader {

    private static final int CHUNK_BYTES = 256 << 10;

    private SnowflakeViewLoader() {
    }

    /** Streams {@code rows} (the view's fields, in order) into the view's table; returns the distinct rows stored. */
    public static long load(Connection store, AccountUsageView target, long sourceId, ResultSet rows,
            Instant collectedAt) throws SQLException {
        List<ViewField> fields = target.fields();
        String columns = fields.stream().map(ViewField::column).collect(Collectors.joining(", "));
        String stage = target.table() + "_stage";
        try (Statement s = store.createStatement()) {
            s.execute("CREATE TEMP TABLE " + stage + " (LIKE " + target.table() + ") ON COMMIT DROP");
        }
        CopyTextBuffer buffer = new CopyTextBuffer(CHUNK_BYTES + (CHUNK_BYTES >> 1));
        CopyIn copy = store.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + stage + " (source_id, collected_at, " + columns + ") FROM STDIN");
        String source = Long.toString(sourceId);
        String collected = collectedAt.toString();
        try {
            while (rows.next()) {
                buffer.field(source);
                buffer.field(collected);
                for (int i = 1; i <= fields.size(); i++) {
                    if (fields.get(i - 1).timestamp()) {
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
        if (target.monthPartitioned()) {
            try (Statement s = store.createStatement()) {
                s.execute("SELECT ensure_month_partition('" + target.table() + "', m) FROM (SELECT DISTINCT "
                        + "date_trunc('month', " + target.key().get(target.key().size() - 1) + ") AS m FROM " + stage
                        + ") months");
            }
        }
        String key = String.join(", ", target.key());
        String updates = fields.stream().map(ViewField::column).filter(c -> !target.key().contains(c))
                .map(c -> c + " = excluded." + c).collect(Collectors.joining(", "));
        try (PreparedStatement ps = store.prepareStatement("INSERT INTO " + target.table() + " (source_id, "
                + "collected_at, " + columns + ") SELECT DISTINCT ON (" + key + ") source_id, collected_at, " + columns
                + " FROM " + stage + " ORDER BY " + key + " ON CONFLICT (source_id, " + key + ") DO UPDATE SET "
                + updates + ", collected_at = excluded.collected_at")) {
            return ps.executeUpdate();
        }
    }
}
