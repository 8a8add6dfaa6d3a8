package io.ledgerhouse.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The alert outbox (V12): one row per (budget, month, kind, threshold, channel), inserted once, claimed by one
 * dispatcher at a time with {@code FOR UPDATE SKIP LOCKED}.
 */
public final class AlertOutbox {

    private AlertOutbox() {
    }

    /** An alert to deliver or delivered. {@code facts} and {@code recipients} are JSON text. */
    public record Entry(long id, Long budgetId, LocalDate month, String kind, java.math.BigDecimal threshold,
            String channel, String recipients, String facts, String status, int attempts, Instant nextAttemptAt,
            String lastError, Instant createdAt, Instant sentAt) {
    }

    /** Adds a budget alert unless it exists; true when this call added it. */
    public static boolean insert(Connection c, long budgetId, LocalDate month, String kind,
            java.math.BigDecimal threshold, String channel, String recipientsJson, String factsJson, Instant now)
            throws SQLException {
        return insert(c, "budget:" + budgetId + ":" + month + ":" + kind + ":" + threshold.stripTrailingZeros()
                .toPlainString() + ":" + channel, budgetId, null, month, kind, threshold, channel, recipientsJson,
                factsJson, now);
    }

    /**
     * Adds a message unless one with the same {@code dedupeKey} exists (whatever its state); true when this call
     * added it.
     */
    public static boolean insert(Connection c, String dedupeKey, Long budgetId, String team, LocalDate month,
            String kind, java.math.BigDecimal threshold, String channel, String recipientsJson, String factsJson,
            Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_outbox (dedupe_key, budget_id, team, month, "
                + "kind, threshold, channel, recipients, facts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, "
                + "?, ?::jsonb, ?::jsonb, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, dedupeKey);
            ps.setObject(2, budgetId);
            ps.setString(3, team);
            ps.setObject(4, month);
            ps.setString(5, kind);
            ps.setBigDecimal(6, threshold);
            ps.setString(7, channel);
            ps.setString(8, recipientsJson);
            ps.setString(9, factsJson);
            ps.setTimestamp(10, Timestamp.from(now));
            ps.setTimestamp(11, Timestamp.from(now));
            return ps.executeUpdate() == 1;
        }
    }

    /** The oldest due alert, locked for this transaction; others see past it. */
    public static Optional<Entry> claimDue(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE status = 'PENDING' AND next_attempt_at <= ? "
                + "ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED")) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public static void sent(Connection c, long id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE alert_outbox SET status = 'SENT', sent_at = ?, "
                + "attempts = attempts + 1, last_error = NULL WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    public static void failed(Connection c, long id, String error, Instant retryAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE alert_outbox SET attempts = attempts + 1, "
                + "last_error = ?, next_attempt_at = ? WHERE id = ?")) {
            ps.setString(1, error);
            ps.setTimestamp(2, Timestamp.from(retryAt));
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    /** The alerts of a month (all months when null), newest first. */
    public static List<Entry> list(Connection c, LocalDate month) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT + (month == null ? "" : " WHERE month = ?")
                + " ORDER BY created_at DESC, id DESC LIMIT 10000")) {
            if (month != null) {
                ps.setObject(1, month);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        }
        return out;
    }

    private static final String SELECT = "SELECT id, budget_id, month, kind, threshold, channel, recipients::text, "
            + "facts::text, status, attempts, next_attempt_at, last_error, created_at, sent_at FROM alert_outbox";

    private static Entry read(ResultSet rs) throws SQLException {
        Timestamp sent = rs.getTimestamp(14);
        return new Entry(rs.getLong(1), rs.getObject(2, Long.class), rs.getObject(3, LocalDate.class), rs.getString(4),
                rs.getBigDecimal(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getInt(10), rs.getTimestamp(11).toInstant(), rs.getString(12), rs.getTimestamp(13).toInstant(),
                sent == null ? null : sent.toInstant());
    }
}
