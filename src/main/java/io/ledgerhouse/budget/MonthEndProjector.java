package io.ledgerhouse.budget;

import io.ledgerhouse.budget.engine.BudgetEvaluator;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import java.util.SortedMap;

/** The month-end projection of a daily cost series (month to date actual + forecast of the remaining days). */
public interface MonthEndProjector {

    /**
     * {@code daily}: the scope's cost per UTC day up to and including {@code today} (history before the month
     * included, as far back as the forecaster wants it); empty when it cannot project.
     */
    Optional<BudgetEvaluator.Projection> project(SortedMap<LocalDate, BigDecimal> daily, YearMonth month,
            LocalDate today);
}
