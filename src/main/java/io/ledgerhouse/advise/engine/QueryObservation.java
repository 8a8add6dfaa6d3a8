package io.ledgerhouse.advise.engine;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One query as QUERY_HISTORY shows it, reduced to what the query insights need. {@code allocatedCost} is its cost from
 * the allocation (all categories), or null when allocation did not run. A query answered from the result cache has
 * no bytes scanned.
 */
public record QueryObservation(String queryHash, String parameterizedHash, Instant start, long executionMs,
        long bytesScanned, long partitionsScanned, long partitionsTotal, long bytesSpilledLocal,
        long bytesSpilledRemote, long rowsProduced, String warehouse, String user, String database, String queryText,
        BigDecimal allocatedCost) {
}
