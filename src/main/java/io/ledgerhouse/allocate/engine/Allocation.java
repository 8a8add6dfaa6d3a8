package io.ledgerhouse.allocate.engine;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A share of one charge: to a team and workload (team null: the unowned idle line or, for other categories, the
 * unallocated line), in a category, by a method, with the rule version that decided it, and the query it came from
 * when it came from one. Shares of a charge sum exactly to the charge, in credits and in money.
 */
public record Allocation(long chargeId, String team, String workload, String costCenter, Category category,
        Method method, Long ruleId, Integer ruleVersion, String queryId, Instant queryStart, BigDecimal credits,
        BigDecimal amount) {

    /** What a share is for, as the chargeback statement's columns. */
    public enum Category {
        COMPUTE, IDLE, CLOUD_SERVICES, QUERY_ACCELERATION, SERVERLESS, STORAGE, OTHER, SHARED
    }

    /** How a share was computed. */
    public enum Method {
        /** A query's share of the warehouse-hour's busy credits by its execution time in the hour. */
        ACTIVE_TIME,
        /** A query's share by Snowflake's QUERY_ATTRIBUTION_HISTORY credits. */
        ATTRIBUTION,
        /** Idle credits on the warehouse owner's own line. */
        IDLE_OWNER,
        /** Idle credits shared over the same hour's queries. */
        IDLE_HOUR,
        /** Idle credits shared over the same day's queries of the warehouse. */
        IDLE_DAY,
        /** A query's share of cloud services by its cloud-services credits (and of the daily adjustment). */
        CLOUD_SERVICES_CREDITS,
        /** A query's share of query acceleration by the bytes the service scanned for it. */
        ACCELERATION_BYTES,
        /** A BigQuery on-demand job's share of its job-day charge by its bytes billed (its own price). */
        BYTES_BILLED,
        /** A BigQuery job's share of a reservation-hour by the slot-milliseconds it used in the hour. */
        SLOT_MS,
        /** A charge with no usage to split it by, on the resource owner's line. */
        OWNER,
        /** A whole charge assigned by a rule. */
        RULE,
        /** No rule matched. */
        UNMATCHED,
        /** Split by a shared-cost policy. */
        SHARED_EVEN,
        SHARED_PROPORTIONAL,
        SHARED_FIXED
    }
}
