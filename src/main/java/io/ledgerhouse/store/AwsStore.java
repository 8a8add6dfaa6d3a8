package io.ledgerhouse.store;

import io.ledgerhouse.collect.aws.engine.RedshiftHour;
import io.ledgerhouse.domain.ChargeRow;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** AWS data in the store: Cost Explorer charges restated by month, and Redshift cluster-hours. */
public final class AwsStore {

    private AwsStore() {
    }

    /**
     * Replaces the source's charges of the given billing periods (months) of {@code payer} with {@code charges}, in the
     * caller's transaction: readers see the old months or the new ones, never both. Returns the rows removed.
     */
    public static long replaceMonths(Connection connection, long sourceId, String payer,
            Collection<Instant> periodStarts, List<ChargeRow> charges) throws SQLException {
        long removed = ChargeRestatement.replacePeriods(connection, sourceId, payer, periodStarts);
        try (ChargeCopyWriter writer = new ChargeCopyWriter(connection, sourceId, null, "1.2")) {
            for (ChargeRow c : charges) {
                writer.write(c);
            }
            writer.finish();
        }
        return removed;
    }

    /** Upserts cluster-hours on (source, cluster, hour): a re-read hour takes the newer values. */
    public static void upsertRedshiftHours(Connection connection, long sourceId, List<RedshiftHour> hours,
            Instant collectedAt) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO aws_redshift_hour (source_id, cluster_id, "
                + "hour, cpu_percent, connections, disk_used_percent, concurrency_scaling_clusters, "
                + "concurrency_scaling_seconds, collected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (source_id, cluster_id, hour) DO UPDATE SET cpu_percent = excluded.cpu_percent, "
                + "connections = excluded.connections, disk_used_percent = excluded.disk_used_percent, "
                + "concurrency_scaling_clusters = excluded.concurrency_scaling_clusters, "
                + "concurrency_scaling_seconds = excluded.concurrency_scaling_seconds, "
                + "collected_at = excluded.collected_at")) {
            for (RedshiftHour h : hours) {
                ps.setLong(1, sourceId);
                ps.setString(2, h.cluster());
                ps.setObject(3, h.hour().atOffset(ZoneOffset.UTC));
                setDouble(ps, 4, h.cpuPercent());
                setDouble(ps, 5, h.connections());
                setDouble(ps, 6, h.diskUsedPercent());
                setDouble(ps, 7, h.concurrencyScalingClusters());
                setDouble(ps, 8, h.concurrencyScalingSeconds());
                ps.setObject(9, collectedAt.atOffset(ZoneOffset.UTC));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    /** A cluster's stored hours in {@code [from, to)}, in hour order. */
    public static List<RedshiftHour> redshiftHours(Connection connection, long sourceId, String cluster, Instant from,
            Instant to) throws SQLException {
        List<RedshiftHour> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT hour, cpu_percent, connections, "
                + "disk_used_percent, concurrency_scaling_clusters, concurrency_scaling_seconds FROM aws_redshift_hour "
                + "WHERE source_id = ? AND cluster_id = ? AND hour >= ? AND hour < ? ORDER BY hour")) {
            ps.setLong(1, sourceId);
            ps.setString(2, cluster);
            ps.setObject(3, from.atOffset(ZoneOffset.UTC));
            ps.setObject(4, to.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RedshiftHour(cluster, rs.getTimestamp(1).toInstant(), d(rs, 2), d(rs, 3), d(rs, 4),
                            d(rs, 5), d(rs, 6)));
                }
            }
        }
        return out;
    }

    private static Double d(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    /** Clusters with stored hours. */
    public static List<String> redshiftClusters(Connection connection, long sourceId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT DISTINCT cluster_id FROM aws_redshift_hour "
                + "WHERE source_id = ? ORDER BY 1")) {
            ps.setLong(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * The source's Amazon Redshift cost (BilledCost) per currency on days in {@code [from, to)}: charges whose service
     * name mentions Redshift,.
     */
    public static Map<String, BigDecimal> redshiftCost(Connection connection, long sourceId, Instant from, Instant to)
            throws SQLException {
        Map<String, BigDecimal> out = new TreeMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT billing_currency, sum(billed_cost) FROM charge "
                + "WHERE source_id = ? AND charge_period_start >= ? AND charge_period_start < ? "
                + "AND service_name ILIKE '%redshift%' GROUP BY 1")) {
            ps.setLong(1, sourceId);
            ps.setObject(2, from.atOffset(ZoneOffset.UTC));
            ps.setObject(3, to.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getBigDecimal(2));
                }
            }
        }
        return out;
    }
}
