package io.ledgerhouse.store;

import io.ledgerhouse.allocate.engine.WarehouseGenerations;
import io.ledgerhouse.collect.snowflake.engine.WarehouseSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** The history of warehouse settings (sf_warehouse_setting). */
public final class WarehouseSettingsStore {

    private WarehouseSettingsStore() {
    }

    /** The settings in force now, by warehouse name. */
    public static Map<String, WarehouseSettings> inForce(Connection c, long sourceId) throws SQLException {
        Map<String, WarehouseSettings> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT warehouse_name, size, type, resource_constraint, "
                + "auto_suspend, auto_resume, min_cluster_count, max_cluster_count, scaling_policy, "
                + "enable_query_acceleration, query_acceleration_max_scale_factor FROM sf_warehouse_setting "
                + "WHERE source_id = ? AND valid_to IS NULL")) {
            ps.setLong(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new WarehouseSettings(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), (Integer) rs.getObject(5), (Boolean) rs.getObject(6),
                            (Integer) rs.getObject(7), (Integer) rs.getObject(8), rs.getString(9),
                            (Boolean) rs.getObject(10), (Integer) rs.getObject(11)));
                }
            }
        }
        return out;
    }

    /** Each warehouse's generation (resource constraint) over time, for the allocator to price busy time. */
    public static WarehouseGenerations generations(Connection c, long sourceId) throws SQLException {
        Map<String, TreeMap<Instant, String>> history = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT warehouse_name, valid_from, resource_constraint "
                + "FROM sf_warehouse_setting WHERE source_id = ? AND resource_constraint IS NOT NULL")) {
            ps.setLong(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    history.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                            .put(rs.getTimestamp(2).toInstant(), rs.getString(3));
                }
            }
        }
        return new WarehouseGenerations(history);
    }

    /** Applies a diff observed at {@code at}: closes the rows of changed or dropped warehouses, opens new rows. */
    public static void apply(Connection c, long sourceId, WarehouseSettings.Changes changes, Instant at)
            throws SQLException {
        try (PreparedStatement close = c.prepareStatement("UPDATE sf_warehouse_setting SET valid_to = ? "
                + "WHERE source_id = ? AND warehouse_name = ? AND valid_to IS NULL")) {
            for (String name : changes.close()) {
                close.setObject(1, at.atOffset(ZoneOffset.UTC));
                close.setLong(2, sourceId);
                close.setString(3, name);
                close.addBatch();
            }
            close.executeBatch();
        }
        try (PreparedStatement open = c.prepareStatement("INSERT INTO sf_warehouse_setting (source_id, warehouse_name, "
                + "valid_from, size, type, resource_constraint, auto_suspend, auto_resume, min_cluster_count, "
                + "max_cluster_count, scaling_policy, enable_query_acceleration, query_acceleration_max_scale_factor) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (WarehouseSettings w : changes.open()) {
                open.setLong(1, sourceId);
                open.setString(2, w.name());
                open.setObject(3, at.atOffset(ZoneOffset.UTC));
                open.setString(4, w.size());
                open.setString(5, w.type());
                open.setString(6, w.resourceConstraint());
                open.setObject(7, w.autoSuspend(), Types.INTEGER);
                open.setObject(8, w.autoResume(), Types.BOOLEAN);
                open.setObject(9, w.minClusterCount(), Types.INTEGER);
                open.setObject(10, w.maxClusterCount(), Types.INTEGER);
                open.setString(11, w.scalingPolicy());
                open.setObject(12, w.enableQueryAcceleration(), Types.BOOLEAN);
                open.setObject(13, w.queryAccelerationMaxScaleFactor(), Types.INTEGER);
                open.addBatch();
            }
            open.executeBatch();
        }
    }
}
