package io.ledgerhouse.forecast.engine;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * The projected total of a calendar month: the actual cost of its days before the origin ({@code actualToDate}, from
 * {@code actualDays} observed days, plus {@code imputedDays} missing days filled with the model's one-step forecast),
 * plus the forecasts of its {@code forecastDays} remaining days; with an 80% and 95% interval for the total.
 */
public record MonthProjection(YearMonth month, BigDecimal actualToDate, int actualDays, int imputedDays,
        int forecastDays, BigDecimal projected, BigDecimal lo80, BigDecimal hi80, BigDecimal lo95, BigDecimal hi95) {
}
