package io.ledgerhouse.allocate.engine;

import java.time.Instant;

/**
 * A BigQuery job as allocation sees it: when it was created, what it weighs in the charge being split (bytes billed
 * for an on-demand job-day, slot-milliseconds in the hour for a reservation-hour), its query pattern
 * (normalized-literals hash), and what rules see of it (project, user, labels, reservation).
 */
public record BigQueryJobUsage(String jobId, Instant creationTime, long weight, String queryHash, Subject subject) {
}
