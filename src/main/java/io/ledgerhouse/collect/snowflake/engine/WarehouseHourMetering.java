package io.ledgerhouse.collect.snowflake.engine;

import java.math.BigDecimal;
import java.time.Instant;

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
}
