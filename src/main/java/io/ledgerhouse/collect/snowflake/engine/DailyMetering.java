package io.ledgerhouse.collect.snowflake.engine;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    public static final List<String> COLUMNS = List.of("USAGE_DATE", "SERVICE_TYPE", "CREDITS_USED_COMPUTE",
            "CREDITS_USED_CLOUD_SERVICES", "CREDITS_USED", "CREDITS_ADJUSTMENT_CLOUD_SERVICES", "CREDITS_BILLED");

    /** Rows with duplicates collapsed on the natural key (day, service type); the last one read wins. */
    public static Collection<DailyMetering> distinct(List<DailyMetering> rows) {
        Map<String, DailyMetering> byKey = new LinkedHashMap<>();
        for (DailyMetering r : rows) {
            byKey.put(r.usageDate() + "@" + r.serviceType(), r);
        }
        return byKey.values();
    }
}
