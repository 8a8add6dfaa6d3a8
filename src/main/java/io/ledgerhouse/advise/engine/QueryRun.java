package io.ledgerhouse.advise.engine;

import java.time.Instant;

/**
 * A query as the advisor sees it (QUERY_HISTORY): submitted at {@code start}, ended at {@code end}, on cluster
 * {@code cluster} (from 1), with its compilation, queueing (provisioning, repair, overload) and execution times in
 * milliseconds, what it scanned and spilled, its type and query tag.
 */
public record QueryRun(Instant start, Instant end, int cluster, long compilationMs, long queuedProvisioningMs,
        long queuedRepairMs, long queuedOverloadMs, long executionMs, long bytesScanned, long partitionsScanned,
        long bytesSpilledLocal, long bytesSpilledRemote, String queryType, String queryTag) {

    /** When it ran on the warehouse: after compilation and any queueing (DOMAIN.md's execution interval). */
    public Instant executionStart() {
        return end.minusMillis(executionMs);
    }
}
