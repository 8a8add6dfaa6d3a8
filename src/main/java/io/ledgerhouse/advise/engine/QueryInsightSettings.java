package io.ledgerhouse.advise.engine;

/** Thresholds of the query insights. Tests pass {@link Defaults}. */
public interface QueryInsightSettings {

    /** How many patterns the top list keeps. */
    int topPatterns();

    /** A rule needs at least this many of a pattern's runs to show the problem. */
    int minimumRuns();

    /** A run prunes poorly when its table has at least this many partitions ... */
    long poorPruningMinimumPartitions();

    /** ... and it scans at least this share of them. */
    double poorPruningScanShare();

    /** A pattern prunes poorly when at least this share of its runs do. */
    double poorPruningRunShare();

    /** A pattern spills when at least this share of its runs spill (locally or remotely). */
    double spillRunShare();

    /** An identical query (same query_hash) is repeated when it executes at least this many times in the period. */
    int repeatedMinimumRuns();

    /** Its data hardly changed when bytes scanned and rows produced vary by at most this share of their maximum. */
    double repeatedStableSpread();

    /** Smallest monthly cost of a pattern worth a recommendation, in money. */
    double minimumMonthlyCost();

    /** Longest sample of query text kept, in characters. */
    int sampleTextLength();

    static QueryInsightSettings defaults() {
        return new Defaults(20, 5, 1_000, 0.8, 0.5, 0.25, 20, 0.1, 1.0, 200);
    }

    record Defaults(int topPatterns, int minimumRuns, long poorPruningMinimumPartitions, double poorPruningScanShare,
            double poorPruningRunShare, double spillRunShare, int repeatedMinimumRuns, double repeatedStableSpread,
            double minimumMonthlyCost, int sampleTextLength) implements QueryInsightSettings {
    }
}
