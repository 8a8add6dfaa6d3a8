package io.ledgerhouse.collect.bigquery.engine;

import java.time.Instant;
import java.time.LocalDate;

/** What BigQuery charges are derived from, as the store sums it. */
public final class BigQueryUsage {

    private BigQueryUsage() {
    }

    /**
     * On-demand query jobs of one project, region, UTC day (of creation) and user: bytes billed, script parents,
     * cache hits and failed jobs left out.
     */
    public record OnDemandDay(String project, String region, LocalDate day, String userEmail, long bytesBilled,
            long jobs) {
    }

    /** One reservation's minute: billed slot-seconds (baseline x 60 + the minute's autoscaled slot-seconds). */
    public record ReservationMinute(String reservationId, String reservationName, String adminProject, String region,
            String edition, Instant minute, long slotSeconds) {
    }

    /**
     * One row of CAPACITY_COMMITMENT_CHANGES: from {@code at} the commitment has {@code slots} slots of
     * {@code edition} on {@code plan} (ANNUAL, THREE_YEAR, ...) in {@code state} (ACTIVE, PENDING, ...), until its next
     * change; a DELETE ends it. {@code region} is null for rows collected before the region was kept.
     */
    public record CommitmentChange(String commitmentId, String adminProject, String region, Instant at, String action,
            String plan, String state, long slots, String edition) {
    }

    /** One dataset's storage on one day (sum of its tables' snapshot), with its billing model. */
    public record DatasetStorageDay(String project, String region, String dataset, LocalDate day, String billingModel,
            long activeLogicalBytes, long longTermLogicalBytes, long activePhysicalBytes, long longTermPhysicalBytes,
            long failSafePhysicalBytes) {

        public boolean physical() {
            return "PHYSICAL".equalsIgnoreCase(billingModel);
        }
    }
}
