package io.ledgerhouse.advise.engine;

/**
 * The advisor's thresholds. The configuration mapping extends this interface; tests pass {@link Defaults} or their
 * own record.
 */
public interface AdvisorSettings {

    /** Largest |replay of the current setting - metered| / metered, in percent, that still allows advice. */
    double fidelityBoundPercent();

    /** Smallest saving worth recommending, as a share of the current cost. */
    double minimumSavingsShare();

    /** Smallest saving worth recommending, in credits a month. */
    double minimumMonthlyCredits();

    /** How many more of an interactive warehouse's queries (share of all) may arrive to a cold cache. */
    double interactiveColdBudget();

    /** The same for ETL warehouses. */
    double etlColdBudget();

    /** A candidate within this share of the current cost of the best saving counts as a tie; the longest wins. */
    double tieShare();

    /** Upsize when at least this share of queries spilled to remote storage. */
    double remoteSpillQueryShare();

    /** Downsizing needs no more than this share of queries spilling locally. */
    double localSpillQueryShare();

    /** Queueing is material when time queued for load is at least this share of execution time ... */
    double queuedTimeShare();

    /** ... and at least this share of queries queued. */
    double queuedQueryShare();

    /** Queries are short when the 90th percentile of execution is at most this many seconds. */
    double shortQuerySeconds();

    /** Load is low when fewer than this many queries run on average while a cluster is billed. */
    double lowLoad();

    /** Queries one cluster runs at once (Snowflake's MAX_CONCURRENCY_LEVEL default). */
    int clusterConcurrency();

    default double coldBudget(WorkloadClass c) {
        return c == WorkloadClass.ETL ? etlColdBudget() : interactiveColdBudget();
    }

    static AdvisorSettings defaults() {
        return new Defaults(10, 0.05, 1, 0.05, 1.0, 0.02, 0.01, 0.01, 0.05, 0.01, 10, 0.5, 8);
    }

    /** The settings as values. */
    record Defaults(double fidelityBoundPercent, double minimumSavingsShare, double minimumMonthlyCredits,
            double interactiveColdBudget, double etlColdBudget, double tieShare, double remoteSpillQueryShare,
            double localSpillQueryShare, double queuedTimeShare, double queuedQueryShare, double shortQuerySeconds,
            double lowLoad, int clusterConcurrency) implements AdvisorSettings {
    }
}
