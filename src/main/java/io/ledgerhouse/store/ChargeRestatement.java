package io.ledgerhouse.store;

import io.ledgerhouse.collect.files.engine.ImportTally.BillingPeriodKey;
import io.ledgerhouse.domain.ChargeRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

/**
 * Removes the rows an import restates: for each (billing account, billing period) the new import states, the rows of
 * the same source that earlier imports loaded for it. Runs in the importing transaction, so readers see either the
 * old statement or the new one, never both or neither.
 */
public final class ChargeRestatement {

    private ChargeRestatement() {
    }

    /** Deletes superseded rows and returns how many were removed. */
    public static long replaceEarlier(Connection connection, long sourceId, long importRunId,
            Collection<BillingPeriodKey> periods) throws SQLException {
        long removed = 0;
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM charge WHERE source_id = ? "
                + "AND billing_account_id = ? AND billing_period_start = ? "
                + "AND import_run_id IS DISTINCT FROM ?")) {
            for (BillingPeriodKey k : periods) {
                ps.setLong(1, sourceId);
                ps.setString(2, k.billingAccountId());
                ps.setObject(3, k.billingPeriodStart().atOffset(ZoneOffset.UTC));
                ps.setLong(4, importRunId);
                removed += ps.executeUpdate();
            }
        }
        return removed;
    }

    /**
     * Deletes a collector source's rows of the given billing periods of {@code billingAccountId} (a collector that
     * re-reads whole months restates them the same way a file does), in the caller's transaction; returns how many.
     */
    public static long replacePeriods(Connection connection, long sourceId, String billingAccountId,
            Collection<java.time.Instant> billingPeriodStarts) throws SQLException {
        long removed = 0;
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM charge WHERE source_id = ? "
                + "AND billing_account_id = ? AND billing_period_start = ?")) {
            for (java.time.Instant start : billingPeriodStarts) {
                ps.setLong(1, sourceId);
                ps.setString(2, billingAccountId);
                ps.setObject(3, start.atOffset(ZoneOffset.UTC));
                removed += ps.executeUpdate();
            }
        }
        return removed;
    }

    /**
     * Replaces a collector source's charges from {@code day} on with {@code charges}, which the collector rebuilt from
     * what it re-read (Snowflake metering, BigQuery jobs and reservations), in the caller's transaction; returns how
     * many rows were removed.
     */
    public static int replaceChargesSince(Connection connection, long sourceId, LocalDate day, List<ChargeRow> charges)
            throws SQLException {
        int removed;
        try (PreparedStatement ps = connection.prepareStatement(
                "DELETE FROM charge WHERE source_id = ? AND charge_period_start >= ?")) {
            ps.setLong(1, sourceId);
            ps.setObject(2, day.atStartOfDay().atOffset(ZoneOffset.UTC));
            removed = ps.executeUpdate();
        }
        try (ChargeCopyWriter writer = new ChargeCopyWriter(connection, sourceId, null, "1.2")) {
            for (ChargeRow c : charges) {
                writer.write(c);
            }
            writer.finish();
        }
        return removed;
    }
}
