package io.ledgerhouse.store;

import io.ledgerhouse.collect.snowflake.engine.DailyMetering;
import io.ledgerhouse.collect.snowflake.engine.WarehouseHourMetering;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Snowflake metering in the store (loaded by {@link SnowflakeViewLoader}): reads of what is stored, the rate sheet's
 * upsert, and the replacement of the source's derived charges from a day on.
 */
public final class SnowflakeMeteringStore {

    private SnowflakeMeteringStore() {
    }

    /** Stored warehouse-hours starting on or after {@code day}. */
    public static List<WarehouseHourMetering> hoursSince(Connection connection, long sourceId, LocalDate day)
            throws SQLException {
        List<WarehouseHourMetering> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT warehouse_id, warehouse_name, start_time, "
                + "end_time, credits_used, credits_used_compute, credits_used_cloud_services, "
                + "credits_attributed_compute_queries FROM sf_warehouse_metering WHERE source_id = ? AND start_time >= ? "
                + "ORDER BY start_time, warehouse_id")) {
            ps.setLong(1, sourceId);
            ps.setObject(2, day.atStartOfDay().atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WarehouseHourMetering(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            rs.getTimestamp(4).toInstant(), rs.getBigDecimal(5), rs.getBigDecimal(6),
                            rs.getBigDecimal(7), rs.getBigDecimal(8)));
                }
            }
        }
        return out;
    }

    /** Stored days on or after {@code day}. */
    public static List<DailyMetering> daysSince(Connection connection, long sourceId, LocalDate day)
            throws SQLException {
        List<DailyMetering> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT usage_date, service_type, credits_used_compute, "
                + "credits_used_cloud_services, credits_used, credits_adjustment_cloud_services, credits_billed "
                + "FROM sf_metering_daily WHERE source_id = ? AND usage_date >= ? ORDER BY usage_date, service_type")) {
            ps.setLong(1, sourceId);
            ps.setObject(2, day);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DailyMetering(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getBigDecimal(3),
                            rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7)));
                }
            }
        }
        return out;
    }

    /** Upserts rate-sheet rows on (day, service type, usage type). */
    public static void upsertRates(Connection connection, long sourceId,
            List<io.ledgerhouse.collect.snowflake.engine.RateSheetRow> rows, Instant collectedAt) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO sf_rate_sheet (source_id, rate_date, "
                + "service_type, usage_type, currency, effective_rate, collected_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (source_id, rate_date, service_type, usage_type) DO UPDATE SET "
                + "currency = excluded.currency, effective_rate = excluded.effective_rate, "
                + "collected_at = excluded.collected_at")) {
            for (io.ledgerhouse.collect.snowflake.engine.RateSheetRow r : rows) {
                ps.setLong(1, sourceId);
                ps.setObject(2, r.date());
                ps.setString(3, r.serviceType());
                ps.setString(4, r.usageType());
                ps.setString(5, r.currency());
                ps.setBigDecimal(6, r.effectiveRate());
                ps.setObject(7, collectedAt.atOffset(ZoneOffset.UTC));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The stored price of a warehouse compute credit per day, from {@code day} on. */
    public static java.util.Map<LocalDate, io.ledgerhouse.collect.snowflake.engine.CreditPrice> computeRatesSince(
            Connection connection, long sourceId, LocalDate day) throws SQLException {
        java.util.Map<LocalDate, io.ledgerhouse.collect.snowflake.engine.CreditPrice> out = new java.util.HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT rate_date, effective_rate, currency "
                + "FROM sf_rate_sheet WHERE source_id = ? AND rate_date >= ? AND service_type = ? AND usage_type = ?")) {
            ps.setLong(1, sourceId);
            ps.setObject(2, day);
            ps.setString(3, io.ledgerhouse.collect.snowflake.engine.CreditPrice.WAREHOUSE_METERING);
            ps.setString(4, io.ledgerhouse.collect.snowflake.engine.CreditPrice.COMPUTE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, LocalDate.class),
                            new io.ledgerhouse.collect.snowflake.engine.CreditPrice(rs.getBigDecimal(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** Stored METERING_HISTORY rows starting on or after {@code day}. */
    public static List<io.ledgerhouse.collect.snowflake.engine.ServiceMetering> serviceMeteringSince(
            Connection connection, long sourceId, LocalDate day) throws SQLException {
        List<io.ledgerhouse.collect.snowflake.engine.ServiceMetering> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT service_type, entity_id, entity_type, name, "
                + "start_time, end_time, credits_used FROM sf_metering WHERE source_id = ? AND start_time >= ? "
                + "ORDER BY start_time, service_type, entity_id")) {
            ps.setLong(1, sourceId);
            ps.setObject(2, day.atStartOfDay().atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new io.ledgerhouse.collect.snowflake.engine.ServiceMetering(rs.getString(1), rs.getLong(2),
                            rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                            rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(), rs.getBigDecimal(7)));
                }
            }
        }
        return out;
    }

    /** Stored DATABASE_STORAGE_USAGE_HISTORY days on or after {@code day}. */
    public static List<io.ledgerhouse.collect.snowflake.engine.DatabaseStorageDay> storageSince(Connection connection,
            long sourceId, LocalDate day) throws SQLException {
        List<io.ledgerhouse.collect.snowflake.engine.DatabaseStorageDay> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT usage_date, database_id, database_name, "
                + "average_database_bytes, average_failsafe_bytes FROM sf_database_storage WHERE source_id = ? "
                + "AND usage_date >= ? ORDER BY usage_date, database_id")) {
            ps.setLong(1, sourceId);
            ps.setObject(2, day);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new io.ledgerhouse.collect.snowflake.engine.DatabaseStorageDay(
                            rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getString(3), rs.getBigDecimal(4),
                            rs.getBigDecimal(5)));
                }
            }
        }
        return out;
    }
}
