package io.ledgerhouse.collect.snowflake.engine;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One RATE_SHEET_DAILY row of the collected account: a day's effective price for a service and usage type. */
public record RateSheetRow(LocalDate date, String serviceType, String usageType, String currency,
        BigDecimal effectiveRate) {
}
