package io.ledgerhouse.advise.engine;

import java.math.BigDecimal;

/**
 * One point of the auto-suspend curve: what the warehouse would have cost over the period under AUTO_SUSPEND =
 * {@code autoSuspendSeconds} (0 = never), suspending {@code effectiveSuspendSeconds} after its last query (the setting
 * rounded up to the 30-second check). {@code credits} are the billed cluster time at the warehouse's rate (nine
 * decimals), {@code money} those credits at the given price (not rounded). {@code resumes} counts warehouse resumes,
 * {@code clusterStarts} extra clusters started, {@code coldQueries} queries that arrived to a cold local cache (their
 * cluster was suspended, or had started less than a minute before).
 */
public record ReplayedSetting(int autoSuspendSeconds, int effectiveSuspendSeconds, long billedClusterMs,
        BigDecimal credits, BigDecimal money, long resumes, long clusterStarts, long coldQueries, long queries) {

    public boolean never() {
        return autoSuspendSeconds == 0;
    }

    /** Cold-cache queries as a share of the period's queries (0 when there are none). */
    public double coldShare() {
        return queries == 0 ? 0 : (double) coldQueries / queries;
    }

    /** The setting as ALTER WAREHOUSE would write it, "never" for 0. */
    public String label() {
        return never() ? "never" : autoSuspendSeconds + " s";
    }
}
