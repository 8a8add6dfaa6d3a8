package io.ledgerhouse.forecast.engine;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The forecast cost of one day with its central 80% and 95% prediction intervals; all values are at least zero and
 * {@code lo95 <= lo80 <= point <= hi80 <= hi95}.
 */
public record ForecastPoint(LocalDate date, BigDecimal point, BigDecimal lo80, BigDecimal hi80, BigDecimal lo95,
        BigDecimal hi95) {
}
