package io.ledgerhouse.advise.engine;

/** Thresholds of the BigQuery query-pattern and full-scan advice. Tests pass {@link #defaults()}. */
public interface BigQueryQuerySettings {

    /** How many patterns (normalized-literals hashes) the ranking keeps; advice is given for these only. */
    int topPatterns();

    /** Smallest monthly cost of a pattern or of a table's full scans worth a recommendation, in money. */
    double minimumMonthlyCost();

    /** A pattern is repeated when it executed (missed the cache) at least this many times in the period ... */
    int repeatedMinimumRuns();

    /** ... at least twice a day on the days it ran, scanning about the same bytes every time: at most this share apart. */
    double repeatedStableSpread();

    /** A SELECT * pattern is worth advice when its runs process at least this many GiB each on average. */
    double selectStarMinimumGib();

    /** A table is large from this many GiB of logical bytes. */
    double largeTableGib();

    /** A job scans a table in full when its bytes processed are at least this share of the table's logical bytes. */
    double fullScanShare();

    /**
     * The saving estimate of partitioning assumes each scan would read this many days of partitions (data spread
     * evenly over the table's age).
     */
    int assumedDaysRead();

    /** Longest example of query text kept, in characters. */
    int sampleTextLength();

    static BigQueryQuerySettings defaults() {
        return new Defaults(20, 10.0, 20, 0.1, 1.0, 100.0, 0.9, 30, 300);
    }

    record Defaults(int topPatterns, double minimumMonthlyCost, int repeatedMinimumRuns, double repeatedStableSpread,
            double selectStarMinimumGib, double largeTableGib, double fullScanShare, int assumedDaysRead,
            int sampleTextLength) implements BigQueryQuerySettings {
    }
}
