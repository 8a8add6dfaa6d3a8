package io.ledgerhouse.collect.aws.engine;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * Which GetCostAndUsage requests a run makes. Cost Explorer takes at most two GroupBy per request and charges 0.01 USD
 * per request (each page is one), so a run asks once per configured tag key, grouped by SERVICE and that key, over
 * one period that covers every month it re-reads: {@code 1 + …} pages per tag key and run, whatever the number of
 * days. With no tag key it asks once, grouped by SERVICE alone. The first key's answer becomes the charges; the
 * others only name their key's value where it is certain (see {@link CostExplorerCharges}).
 */
public final class CostRequestPlan {

    private CostRequestPlan() {
    }

    /** One series of requests (its pages): the tag key grouped beside SERVICE, or null for SERVICE alone. */
    public record Grouping(String tagKey) {
    }

    /** Days {@code [start, end)} (Cost Explorer's end is exclusive) and the months they restate. */
    public record Period(LocalDate start, LocalDate end, List<YearMonth> months) {
    }

    public static List<Grouping> groupings(List<String> tagKeys) {
        List<Grouping> out = new ArrayList<>();
        if (tagKeys.isEmpty()) {
            out.add(new Grouping(null));
        }
        for (String key : tagKeys) {
            out.add(new Grouping(key));
        }
        return out;
    }

    /**
     * The period a run on {@code today} (UTC) re-reads: from the first day of the month {@code months - 1} before this
     * one up to and including today (Cost Explorer shows today's cost so far, estimated). Every month in it is
     * restated whole: the run's answer replaces what the source held for those months.
     */
    public static Period period(LocalDate today, int months) {
        if (months < 1) {
            throw new IllegalArgumentException("a run reads at least the current month");
        }
        YearMonth first = YearMonth.from(today).minusMonths(months - 1L);
        List<YearMonth> restated = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(YearMonth.from(today)); m = m.plusMonths(1)) {
            restated.add(m);
        }
        return new Period(first.atDay(1), today.plusDays(1), restated);
    }
}
