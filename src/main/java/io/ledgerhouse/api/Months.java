package io.ledgerhouse.api;

import io.ledgerhouse.domain.InvalidParameterException;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** Reads a {@code month} query parameter. */
final class Months {

    private Months() {
    }

    static YearMonth parse(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidParameterException(name, "'" + name + "' is required, as YYYY-MM (e.g. 2026-10)");
        }
        try {
            return YearMonth.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(name, "'" + value + "' is not a month; use YYYY-MM (e.g. 2026-10)");
        }
    }
}
