package io.ledgerhouse.allocate.engine;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A query as allocation sees it: when it was submitted and when it ran on the warehouse (after compilation and
 * queueing), on which cluster, what it cost in cloud services, what the query acceleration service scanned for it,
 * Snowflake's own attribution of compute to it (QUERY_ATTRIBUTION_HISTORY; null when absent), and what rules see.
 */
public record QueryUsage(String queryId, Instant start, Instant executionStart, Instant end, long warehouseId,
        String warehouseSize, String warehouseType, int cluster, BigDecimal cloudServicesCredits,
        long accelerationBytes, BigDecimal attributedCredits, String parameterizedHash, Subject subject) {

    /** Milliseconds of execution inside [from, to). */
    public long activeMs(Instant from, Instant to) {
        long a = Math.max(executionStart.toEpochMilli(), from.toEpochMilli());
        long b = Math.min(end.toEpochMilli(), to.toEpochMilli());
        return Math.max(0, b - a);
    }

    public long executionMs() {
        return Math.max(0, end.toEpochMilli() - executionStart.toEpochMilli());
    }
}
