package io.ledgerhouse.collect.snowflake.engine;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One row of METERING_DAILY_HISTORY: a service type's credits on one UTC day, after the cloud-services rule. */
public record DailyMetering(
        LocalDate usageDate,
        String serviceType,
        BigDecimal creditsUsedCompute,
        BigDecimal creditsUsedCloudServices,
        BigDecimal creditsUsed,
        BigDecimal creditsAdjustmentCloudServices,
        BigDecimal creditsBilled) {

    public static final String VIEW = "METERING_DAILY_HISTORY";
    public static final String WAREHOUSE_METERING = "WAREHOUSE_METERING";
}
