package io.ledgerhouse.allocate.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A charge to allocate, as the store holds it: the bill's line (money in the billing currency) and, for Snowflake,
 * its credits. {@code sku} says what it is (for Snowflake: WAREHOUSE_COMPUTE, WAREHOUSE_CLOUD_SERVICES,
 * CLOUD_SERVICES_ADJUSTMENT, QUERY_ACCELERATION, STORAGE or a serverless service type); {@code subject} is what rules
 * see of it.
 */
public record Charge(long id, String sku, Instant start, Instant end, BigDecimal credits, BigDecimal amount,
        String currency, String resourceId, Subject subject) {

    public LocalDate day() {
        return LocalDate.ofInstant(start, ZoneOffset.UTC);
    }

    /** Decimals money is split at: the charge's own, and at least the currency's cents. */
    public int amountScale() {
        return Math.max(2, Math.max(0, amount.stripTrailingZeros().scale()));
    }

    /** Decimals credits are split at: at least Snowflake's nine. */
    public int creditScale() {
        return credits == null ? 9 : Math.max(9, Math.max(0, credits.stripTrailingZeros().scale()));
    }
}
