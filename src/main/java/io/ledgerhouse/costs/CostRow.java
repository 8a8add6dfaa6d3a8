package io.ledgerhouse.costs;

import java.math.BigDecimal;
import java.util.Map;

/** Summed costs of one group in one billing currency. Sums are exact. */
public record CostRow(
        Map<String, String> group,
        String currency,
        BigDecimal billedCost,
        BigDecimal effectiveCost,
        BigDecimal listCost,
        BigDecimal contractedCost,
        long charges) {
}
