package io.ledgerhouse.advise.engine;

import java.util.List;

/**
 * Thresholds of the storage lifecycle advice. The configuration mapping can extend this; tests pass {@link Defaults}.
 */
public interface StorageSettings {

    /** Time-travel bytes at least this multiple of active bytes mark a churning table. */
    double timeTravelRatio();

    /** The retention proposed to a churning permanent table, in days (transient tables are proposed 0). */
    int proposedRetentionDays();

    /** The retention assumed when the table's current one is unknown, in days; stated with the estimate. */
    int assumedRetentionDays();

    /** Schema (or database) names, or name parts between underscores, that mark transitory data. */
    List<String> stagingNames();

    /** A table replaced within this many days of its creation is short-lived. */
    int shortLivedDays();

    /** A table not read for this many days is unused. */
    int unreadDays();

    /** Smallest saving worth recommending, money a month. */
    double minimumMonthlySavings();

    static StorageSettings defaults() {
        return new Defaults(0.5, 1, 7, List.of("STAGING", "STG", "TMP", "TEMP", "SCRATCH", "LANDING"), 7, 90, 1.0);
    }

    record Defaults(double timeTravelRatio, int proposedRetentionDays, int assumedRetentionDays,
            List<String> stagingNames, int shortLivedDays, int unreadDays, double minimumMonthlySavings)
            implements StorageSettings {
        public Defaults {
            stagingNames = List.copyOf(stagingNames);
        }
    }
}
