package io.ledgerhouse.collect.snowflake.engine;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/** The price of one credit, in a currency. */
public record CreditPrice(BigDecimal perCredit, String currency) {

    /** RATE_SHEET_DAILY's service and usage type for warehouse compute credits. */
    public static final String WAREHOUSE_METERING = "WAREHOUSE_METERING";
    public static final String COMPUTE = "compute";

    /** The day's price from the rate sheet when it has one, else the configured price. */
    public static CreditPrice forDay(LocalDate day, Map<LocalDate, CreditPrice> rateSheet, CreditPrice configured) {
        CreditPrice p = rateSheet.get(day);
        return p != null ? p : configured;
    }
}
