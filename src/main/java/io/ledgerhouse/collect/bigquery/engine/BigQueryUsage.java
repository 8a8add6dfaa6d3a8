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

    /** One reservation's hour: billed slot-seconds (baseline x 60 per minute + autoscaled slot-seconds). */
    public record ReservationHour(String reservationId, String reservationName, String adminProject, String region,
            Instant hour, String edition, long slotSeconds) {
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
