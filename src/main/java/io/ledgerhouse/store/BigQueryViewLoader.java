package io.ledgerhouse.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads rows of a BigQuery INFORMATION_SCHEMA view as they stream from the client: COPY into a temporary staging
 * table, then one upsert into the view's table on its natural key (duplicates in a result collapse). For
 * month-partitioned tables the partitions the rows need are created first. Memory stays flat whatever the window holds.
 */
public final class BigQueryViewLoader {

    private static final int CHUNK_BYTES = 256 << 10;

    private BigQueryViewLoader() {
    }

    /**
     * Streams {@code rows} (values of {@code columns}, in order, in PostgreSQL's text input form) into {@code table}
     * and upserts them on {@code (source_id, key...)}; returns the distinct rows stored.
     */
    public static long load(Connection store, String table, List<String> columns, List<String> key,
            String partitionColumn, Iterator<String[]> rows) throws SQLException {
        String stage = table + "_stage";
        try (Statement s = store.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + stage);
            s.execute("CREATE TEMP TABLE " + stage + " (LIKE " + table + ") ON COMMIT DROP");
        }
        String list = String.join(", ", columns);
        CopyTextBuffer buffer = new CopyTextBuffer(CHUNK_BYTES + (CHUNK_BYTES >> 1));
        CopyIn copy = store.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + stage + " (" + list + ") FROM STDIN");
        try {
            while (rows.hasNext()) {
                for (String v : rows.next()) {
                    buffer.field(v);
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
        if (partitionColumn != null) {
            try (Statement s = store.createStatement()) {
                s.execute("SELECT ensure_month_partition('" + table + "', m) FROM (SELECT DISTINCT date_trunc('month', "
                        + partitionColumn + ") AS m FROM " + stage + ") months");
            }
        }
        String conflict = "source_id, " + String.join(", ", key);
        String updates = columns.stream().filter(c -> !c.equals("source_id") && !key.contains(c))
                .map(c -> c + " = excluded." + c).collect(Collectors.joining(", "));
        try (PreparedStatement ps = store.prepareStatement("INSERT INTO " + table + " (" + list + ") SELECT DISTINCT ON ("
                + conflict + ") " + list + " FROM " + stage + " ORDER BY " + conflict + " ON CONFLICT (" + conflict
                + ") DO UPDATE SET " + updates)) {
            return ps.executeUpdate();
        }
    }
}
