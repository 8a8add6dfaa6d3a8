package io.ledgerhouse.budget.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which of a budget's thresholds a month has crossed: an actual threshold when spend to date reaches that
 * percentage of the amount; a projection threshold when the month-end projection's point does (the interval is
 * carried into the alert so the reader sees how sure it is). Projections are only trusted from a few days into the
 * month ({@code minDaysForProjection}), and never once the month is over (then actuals say it all). The evaluator
 * is stateless: the outbox's uniqueness on (budget, month, kind, threshold) makes each alert go out once however
 * often it is called.
 */
public final class BudgetEvaluator {

    /** What kind of figure crossed. */
    public enum Kind {
        ACTUAL, PROJECTION
    }

    /** A month-end projection with its 80% and 95% interval. */
    public record Projection(BigDecimal point, BigDecimal lo80, BigDecimal hi80, BigDecimal lo95, BigDecimal hi95) {
    }

    /** The month's figures for a budget. */
    public record Month(BigDecimal actualToDate, Projection projection, int dayOfMonth, int daysInMonth) {
    }

    /** One crossed threshold: the figure, the limit it reached, and the percentage of the amount it stands at. */
    public record Crossing(Kind kind, BigDecimal threshold, BigDecimal limit, BigDecimal value, BigDecimal percent) {
    }

    private final int minDaysForProjection;

    public BudgetEvaluator(int minDaysForProjection) {
        this.minDaysForProjection = minDaysForProjection;
    }

    public List<Crossing> evaluate(BudgetRules budget, Month month) {
        List<Crossing> out = new ArrayList<>();
        List<BigDecimal> actual = budget.actualThresholds() == null ? BudgetRules.DEFAULT_ACTUAL
                : budget.actualThresholds();
        List<BigDecimal> projected = budget.projectionThresholds() == null ? BudgetRules.DEFAULT_PROJECTION
                : budget.projectionThresholds();
        for (BigDecimal t : actual.stream().sorted().toList()) {
            BigDecimal limit = limit(budget.amount(), t);
            if (month.actualToDate().compareTo(limit) >= 0) {
                out.add(new Crossing(Kind.ACTUAL, t, limit, month.actualToDate(), percent(month.actualToDate(),
                        budget.amount())));
            }
        }
        boolean trusted = month.projection() != null && month.dayOfMonth() >= minDaysForProjection
                && month.dayOfMonth() < month.daysInMonth();
        if (trusted) {
            BigDecimal point = month.projection().point();
            for (BigDecimal t : projected.stream().sorted().toList()) {
                BigDecimal limit = limit(budget.amount(), t);
                // a projection alert says something only while actual spend has not already reached that threshold
                if (point.compareTo(limit) >= 0 && month.actualToDate().compareTo(limit) < 0) {
                    out.add(new Crossing(Kind.PROJECTION, t, limit, point, percent(point, budget.amount())));
                }
            }
        }
        return out;
    }

    static BigDecimal limit(BigDecimal amount, BigDecimal percent) {
        return amount.multiply(percent).divide(BigDecimal.valueOf(100));
    }

    static BigDecimal percent(BigDecimal value, BigDecimal amount) {
        return value.multiply(BigDecimal.valueOf(100)).divide(amount, 1, RoundingMode.HALF_UP);
    }
}
