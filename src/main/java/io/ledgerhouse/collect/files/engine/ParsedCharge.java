package io.ledgerhouse.collect.files.engine;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One FOCUS row, checked and normalised, ready to be stored.
 *
 * @param values          text of each {@link FocusColumn} by ordinal, in the store's input form (decimal text, ISO
 *                        instants, compact JSON), null for no value
 * @param tagsNormalized  the tags as a JSON object keyed by normalised key (trimmed, lower case), or null
 * @param extra           the non-FOCUS columns as a JSON object, or null when there are none with a value
 */
public record ParsedCharge(
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
