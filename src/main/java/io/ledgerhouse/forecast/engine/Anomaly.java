package io.ledgerhouse.forecast.engine;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A day whose actual cost fell outside the 99% band of the one-step-ahead forecast made from the days before it.
 */
public record Anomaly(LocalDate date, BigDecimal actual, BigDecimal expected, BigDecimal lo99, BigDecimal hi99) {
}
