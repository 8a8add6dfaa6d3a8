package io.ledgerhouse.collect.snowflake.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One row of WAREHOUSE_METERING_HISTORY: the credits a warehouse used in one hour. */
public record WarehouseHourMetering(
        long warehouseId,
        String warehouseName,
        Instant startTime,
        Instant endTime,
        BigDecimal creditsUsed,
        BigDecimal creditsUsedCompute,
        BigDecimal creditsUsedCloudServices,
        BigDecimal creditsAttributedComputeQueries) {

    public static final String VIEW = "WAREHOUSE_METERING_HISTORY";
    public static final List<String> COLUMNS = List.of("WAREHOUSE_ID", "WAREHOUSE_NAME", "START_TIME", "END_TIME",
            "CREDITS_USED", "CREDITS_USED_COMPUTE", "CREDITS_USED_CLOUD_SERVICES",
            "CREDITS_ATTRIBUTED_COMPUTE_QUERIES");

    /** Rows with their duplicates collapsed on the natural key (warehouse, hour); the last one read wins. */
    public static Collection<WarehouseHourMetering> distinct(List<WarehouseHourMetering> rows) {
        Map<String, WarehouseHourMetering> byKey = new LinkedHashMap<>();
        for (WarehouseHourMetering r : rows) {
            byKey.put(r.warehouseId() + "@" + r.startTime(), r);
        }
        return byKey.values();
    }
}
