package io.ledgerhouse.store;

import io.ledgerhouse.domain.FocusColumn;
import io.ledgerhouse.domain.ChargeRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Bulk-loads charges with PostgreSQL COPY (text format) into the partitioned {@code charge} table. One COPY stays open
 * while rows flow, sent in chunks of a few hundred kilobytes, so the server ingests one chunk while the caller parses
 * the next, and memory stays flat whatever the input size. When a row needs a month partition not yet known to exist,
 * the open COPY is ended, the partition created (inside the caller's transaction, so a rolled-back import leaves no
 * trace) and a new COPY begun.
 */
public final class ChargeCopyWriter implements AutoCloseable {

    static final String COPY_SQL;

    static {
        StringBuilder sb = new StringBuilder("COPY charge (source_id, import_run_id, focus_version, tags_norm, extra");
        for (FocusColumn c : FocusColumn.values()) {
            sb.append(", ").append(c.dbName);
        }
        COPY_SQL = sb.append(") FROM STDIN").toString();
    }

    private static final int CHUNK_BYTES = 256 << 10;

    private final Connection connection;
    private final CopyManager copy;
    private final String[] prefix;
    private final Set<YearMonth> ensured = new HashSet<>();
    private final CopyTextBuffer rows = new CopyTextBuffer(CHUNK_BYTES + (CHUNK_BYTES >> 1));
    private CopyIn open;

    public ChargeCopyWriter(Connection connection, long sourceId, Long importRunId, String focusVersion)
            throws SQLException {
        this.connection = connection;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        this.prefix = new String[] {Long.toString(sourceId), importRunId == null ? null : importRunId.toString(),
                focusVersion};
    }

    /** Adds one charge; sends a chunk to the server whenever one is full. */
    public void write(ChargeRow c) throws SQLException {
        YearMonth month = YearMonth.from(c.chargePeriodStart().atOffset(ZoneOffset.UTC));
        if (!ensured.contains(month)) {
            endCopy();
            try (PreparedStatement ps = connection.prepareStatement("SELECT ensure_charge_partition(?)")) {
                ps.setObject(1, month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC));
                ps.execute();
            }
            ensured.add(month);
        }
        for (String p : prefix) {
            rows.field(p);
        }
        rows.field(c.tagsNormalized());
        rows.field(c.extra());
        for (String v : c.values()) {
            rows.field(v);
        }
        rows.endRow();
        if (rows.length() >= CHUNK_BYTES) {
            sendChunk();
        }
    }

    private void sendChunk() throws SQLException {
        if (rows.length() == 0) {
            return;
        }
        if (open == null) {
            open = copy.copyIn(COPY_SQL);
        }
        open.writeToCopy(rows.bytes(), 0, rows.length());
        rows.clear();
    }

    /** Sends what is buffered and ends the open COPY, so the connection can run other statements. */
    private void endCopy() throws SQLException {
        sendChunk();
        if (open != null) {
            CopyIn ending = open;
            open = null;
            ending.endCopy();
        }
    }

    /** Sends the last rows and completes the COPY. Without it, nothing written is kept. */
    public void finish() throws SQLException {
        endCopy();
    }

    /**
     * Abandons an unfinished COPY (an import that was rejected sends nothing more); the caller's transaction is then
     * rolled back.
     */
    @Override
    public void close() throws SQLException {
        rows.clear();
        if (open != null) {
            CopyIn abandoned = open;
            open = null;
            if (abandoned.isActive()) {
                abandoned.cancelCopy();
            }
        }
    }
}
