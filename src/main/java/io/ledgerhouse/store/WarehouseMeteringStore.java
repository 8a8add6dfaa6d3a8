package io.ledgerhouse.store;

import io.ledgerhouse.collect.snowflake.engine.WarehouseHourMetering;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;

/** Upserts WAREHOUSE_METERING_HISTORY rows on their natural key (warehouse, hour). */
public final class WarehouseMeteringStore {

    private WarehouseMeteringStore() {
    }

    public static int upsert(Connection connection, long sourceId, Collection<WarehouseHourMetering> rows,
            Instant collectedAt) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO sf_warehouse_metering (source_id, "
                + "warehouse_id, warehouse_name, start_time, end_time, credits_used, credits_used_compute, "
                + "credits_used_cloud_services, credits_attributed_compute_queries, collected_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_id, warehouse_id, start_time) DO UPDATE SET "
                + "warehouse_name = excluded.warehouse_name, end_time = excluded.end_time, "
                + "credits_used = excluded.credits_used, credits_used_compute = excluded.credits_used_compute, "
                + "credits_used_cloud_services = excluded.credits_used_cloud_services, "
                + "credits_attributed_compute_queries = excluded.credits_attributed_compute_queries, "
                + "collected_at = excluded.collected_at")) {
            for (WarehouseHourMetering r : rows) {
                ps.setLong(1, sourceId);
                ps.setLong(2, r.warehouseId());
                ps.setString(3, r.warehouseName());
                ps.setObject(4, r.startTime().atOffset(ZoneOffset.UTC));
                ps.setObject(5, r.endTime().atOffset(ZoneOffset.UTC));
                ps.setBigDecimal(6, r.creditsUsed());
                ps.setBigDecimal(7, r.creditsUsedCompute());
                ps.setBigDecimal(8, r.creditsUsedCloudServices());
                ps.setBigDecimal(9, r.creditsAttributedComputeQueries());
                ps.setObject(10, collectedAt.atOffset(ZoneOffset.UTC));
                ps.addBatch();
            }
            int n = 0;
            for (int c : ps.executeBatch()) {
                n += Math.max(c, 0);
            }
            return n;
        }
    }
}
