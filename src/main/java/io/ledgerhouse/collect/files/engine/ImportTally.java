package io.ledgerhouse.collect.files.engine;

import io.ledgerhouse.domain.ChargeRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Running figures of an import: rows, exact BilledCost and EffectiveCost totals per currency, rows per provider, the
 * (billing account, billing period) pairs the file states.
 */
public final class ImportTally {

    /** A billing account's billing period, the unit a restating file replaces. */
    public record BillingPeriodKey(String billingAccountId, Instant billingPeriodStart) {
    }

    /** Exact totals for one currency. */
    public record CurrencyTotal(String currency, BigDecimal billedCost, BigDecimal effectiveCost) {
    }

    private long rows;
    private final Map<String, BigDecimal[]> totals = new TreeMap<>();
    private final Map<String, Long> providers = new TreeMap<>();
    private final Set<BillingPeriodKey> billingPeriods = new LinkedHashSet<>();

    /** Counts a charge. */
    public void add(ChargeRow c) {
        rows++;
        BigDecimal[] t = totals.computeIfAbsent(c.billingCurrency(), k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        t[0] = t[0].add(c.billedCost());
        t[1] = t[1].add(c.effectiveCost());
        providers.merge(c.providerName() == null ? "(none)" : c.providerName(), 1L, Long::sum);
        billingPeriods.add(new BillingPeriodKey(c.billingAccountId(), c.billingPeriodStart()));
    }

    public long rows() {
        return rows;
    }

    public java.util.List<CurrencyTotal> totals() {
        return totals.entrySet().stream()
                .map(e -> new CurrencyTotal(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .toList();
    }

    public Map<String, Long> providers() {
        return Map.copyOf(providers);
    }

    public Set<BillingPeriodKey> billingPeriods() {
        return Set.copyOf(billingPeriods);
    }
}
