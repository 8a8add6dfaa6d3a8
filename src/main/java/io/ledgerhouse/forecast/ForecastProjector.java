package io.ledgerhouse.forecast;

import io.ledgerhouse.budget.MonthEndProjector;
import io.ledgerhouse.budget.engine.BudgetEvaluator;
import io.ledgerhouse.forecast.engine.MonthProjection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import java.util.SortedMap;

/** Budgets' month-end projections come from the forecaster: actual before today + forecast from today. */
@ApplicationScoped
public class ForecastProjector implements MonthEndProjector {

    @Inject
    ForecastService forecasts;

    @Override
    public Optional<BudgetEvaluator.Projection> project(SortedMap<LocalDate, BigDecimal> daily, YearMonth month,
            LocalDate today) {
        if (!YearMonth.from(today).equals(month)) {
            return Optional.empty();
        }
        try {
            return forecasts.monthEnd(daily, today).map(ForecastProjector::projection);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // no cost in the history window: nothing to project from
        }
    }

    private static BudgetEvaluator.Projection projection(MonthProjection p) {
        return new BudgetEvaluator.Projection(p.projected(), p.lo80(), p.hi80(), p.lo95(), p.hi95());
    }
}
