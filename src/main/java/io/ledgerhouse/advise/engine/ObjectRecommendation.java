package io.ledgerhouse.advise.engine;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A change the advisor proposes for an object other than a warehouse: a table (storage lifecycle) or a query pattern
 * (query insights). Savings are money a month in {@code currency}, or null when they cannot be estimated (the
 * performance effect and the evidence then say why). {@code assumptions} state what an estimate rests on;
 * {@code context} names what helps a person find the object (a sample of the query text, its user, warehouse,
 * database). {@code sql} is null when no single statement makes the change.
 */
public record ObjectRecommendation(String kind, String targetType, String target, String currentValue,
        String proposedValue, BigDecimal monthlySavingsMoney, String currency, String performanceEffect,
        Recommendation.Evidence evidence, List<String> assumptions, Map<String, String> context,
        Recommendation.Confidence confidence, String sql) {

    public ObjectRecommendation {
        assumptions = List.copyOf(assumptions);
        context = context == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
                context));
    }
}
