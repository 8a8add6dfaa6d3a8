package io.ledgerhouse.advise.engine;

import java.time.Duration;
import java.time.Instant;

/** The stretch of history an advice is drawn from: {@code [from, to)}. */
public record AnalysisPeriod(Instant from, Instant to) {

    /** Days in an average month (365.25 / 12): monthly figures are the period's scaled by this over its days. */
    public static final double DAYS_PER_MONTH = 365.25 / 12;

    public AnalysisPeriod {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("a period must end after it starts");
        }
    }

    public long fromMs() {
        return from.toEpochMilli();
    }

    public long toMs() {
        return to.toEpochMilli();
    }

    public double days() {
        return Duration.between(from, to).toMillis() / 86_400_000.0;
    }

    /** The factor that turns an amount over this period into an amount per average month. */
    public double monthlyFactor() {
        return DAYS_PER_MONTH / days();
    }

    @Override
    public String toString() {
        return from + " .. " + to;
    }
}
