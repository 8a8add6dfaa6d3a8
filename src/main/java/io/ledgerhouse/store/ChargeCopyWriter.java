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
    private final byte[] prefix;
    private final Set<YearMonth> ensured = new HashSet<>();
    private CopyIn open;
    private byte[] buf = new byte[CHUNK_BYTES + (CHUNK_BYTES >> 1)];
    private int len;
    private long rowsWritten;

    public ChargeCopyWriter(Connection connection, long sourceId, Long importRunId, String focusVersion)
            throws SQLException {
        this.connection = connection;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        StringBuilder p = new StringBuilder();
        p.append(sourceId).append('\t').append(importRunId == null ? "\\N" : importRunId).append('\t');
        p.append(focusVersion == null ? "\\N" : focusVersion).append('\t');
        this.prefix = p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
        append(prefix);
        field(c.tagsNormalized());
        put((byte) '\t');
        field(c.extra());
        for (String v : c.values()) {
            put((byte) '\t');
            field(v);
        }
        put((byte) '\n');
        rowsWritten++;
        if (len >= CHUNK_BYTES) {
            sendChunk();
        }
    }

    private void sendChunk() throws SQLException {
        if (len == 0) {
            return;
        }
        if (open == null) {
            open = copy.copyIn(COPY_SQL);
        }
        open.writeToCopy(buf, 0, len);
        len = 0;
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

    public long rowsWritten() {
        return rowsWritten;
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
        len = 0;
        if (open != null) {
            CopyIn abandoned = open;
            open = null;
            if (abandoned.isActive()) {
                abandoned.cancelCopy();
            }
        }
    }

    private void field(String v) {
        if (v == null) {
            ensure(2);
            buf[len++] = '\\';
            buf[len++] = 'N';
            return;
        }
        int n = v.length();
        ensure(n * 4 + 4);
        for (int i = 0; i < n; i++) {
            char ch = v.charAt(i);
            if (ch < 0x80) {
                switch (ch) {
                    case '\\' -> {
                        buf[len++] = '\\';
                        buf[len++] = '\\';
                    }
                    case '\t' -> {
                        buf[len++] = '\\';
                        buf[len++] = 't';
                    }
                    case '\n' -> {
                        buf[len++] = '\\';
                        buf[len++] = 'n';
                    }
                    case '\r' -> {
                        buf[len++] = '\\';
                        buf[len++] = 'r';
                    }
                    case '\0' -> {
                        // PostgreSQL text cannot hold NUL; drop it rather than fail the whole import
                    }
                    default -> buf[len++] = (byte) ch;
                }
            } else if (ch < 0x800) {
                buf[len++] = (byte) (0xC0 | (ch >> 6));
                buf[len++] = (byte) (0x80 | (ch & 0x3F));
            } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(v.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, v.charAt(++i));
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(ch)) {
                buf[len++] = (byte) 0xEF; // lone surrogate: U+FFFD replacement character
                buf[len++] = (byte) 0xBF;
                buf[len++] = (byte) 0xBD;
            } else {
                buf[len++] = (byte) (0xE0 | (ch >> 12));
                buf[len++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
