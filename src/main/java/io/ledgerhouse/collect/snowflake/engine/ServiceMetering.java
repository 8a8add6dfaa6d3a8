package io.ledgerhouse.collect.snowflake.engine;

import java.math.BigDecimal;
import java.time.Instant;

/** One METERING_HISTORY row: credits of a service type (serverless feature) for one entity and hour. */
public record ServiceMetering(
        String serviceType,
        long entityId,
        String entityType,
        String name,
        Instant startTime,
        Instant endTime,
        BigDecimal creditsUsed) {
}
