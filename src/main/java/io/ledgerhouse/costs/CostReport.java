package io.ledgerhouse.costs;

import java.time.LocalDate;
import java.util.List;

/**
 * The answer to a cost query: rows per group and currency, and the totals per currency of everything the filter
 * matched (totals cover all rows even when {@code truncated} says the row list was cut at the limit).
 */
public record CostReport(
        LocalDate from,
        LocalDate to,
        List<String> groupBy,
        List<String> filter,
        List<CostRow> rows,
        boolean truncated,
        List<CostRow> totals) {
}
