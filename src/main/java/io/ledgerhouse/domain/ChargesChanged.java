package io.ledgerhouse.domain;

import java.time.LocalDate;

/** A source's charges changed for the days {@code from} to {@code to} (inclusive): a collection or import committed. */
public record ChargesChanged(String source, LocalDate from, LocalDate to) {
}
