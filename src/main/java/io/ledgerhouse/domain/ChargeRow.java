package io.ledgerhouse.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One charge in the store's terms, whatever its source: a FOCUS file row, checked and normalised, or a charge a
 * collector derived (a Snowflake warehouse-hour). Ready to be written.
 *
 * @param values          text of each {@link FocusColumn} by ordinal, in the store's input form (decimal text, ISO
 *                        instants, compact JSON), null for no value
 * @param tagsNormalized  the tags as a JSON object keyed by normalised key (trimmed, lower case), or null
 * @param extra           the non-FOCUS columns as a JSON object, or null when there are none with a value
 */
public record ChargeRow(
        String[] values,
        String tagsNormalized,
        String extra,
        BigDecimal billedCost,
        BigDecimal effectiveCost,
        String billingCurrency,
        String providerName,
        String billingAccountId,
        Instant billingPeriodStart,
        Instant chargePeriodStart) {

    public String value(FocusColumn column) {
        return values[column.ordinal()];
    }
}
