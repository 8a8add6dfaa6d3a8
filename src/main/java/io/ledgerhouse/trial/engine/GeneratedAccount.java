package io.ledgerhouse.trial.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The rows of a generated Snowflake account, one record type per ACCOUNT_USAGE view, in the views' own units: times as
 * instants (UTC), durations in milliseconds, credits to nine decimals, bytes as counts. A {@link Sink} receives them as
 * the generator produces them, so an account of millions of queries never sits in memory at once.
 */
public final class GeneratedAccount {

    private GeneratedAccount() {
    }

    /** Receives the generated rows. Queries arrive per warehouse in bursts; everything else in no particular order. */
    public interface Sink {
        void warehouse(Warehouse warehouse);

        void query(Query query);

        void meteringHour(MeteringHour hour);

        void event(WarehouseEvent event);

        void load(LoadInterval interval);

        void serviceHour(ServiceHour hour);

        void dailyMetering(DailyUsage day);

        void databaseStorage(DatabaseStorage day);

        void table(TableStorage table);

        void tableRead(TableRead read);

        void rate(Rate rate);
    }

    /** A sink that ignores everything; extend it to keep only what a test needs. */
    public static class IgnoringSink implements Sink {
        @Override
        public void warehouse(Warehouse warehouse) {
        }

        @Override
        public void query(Query query) {
        }

        @Override
        public void meteringHour(MeteringHour hour) {
        }

        @Override
        public void event(WarehouseEvent event) {
        }

        @Override
        public void load(LoadInterval interval) {
        }

        @Override
        public void serviceHour(ServiceHour hour) {
        }

        @Override
        public void dailyMetering(DailyUsage day) {
        }

        @Override
        public void databaseStorage(DatabaseStorage day) {
        }

        @Override
        public void table(TableStorage table) {
        }

        @Override
        public void tableRead(TableRead read) {
        }

        @Override
        public void rate(Rate rate) {
        }
    }

    /** A warehouse as SHOW WAREHOUSES reports it at the end of the generated period. */
    public record Warehouse(long id, String name, String size, String type, int autoSuspendSeconds, boolean autoResume,
            int minClusters, int maxClusters, String scalingPolicy, boolean queryAcceleration,
            String resourceConstraint, BigDecimal creditsPerHour, String workloadClass) {
    }

    /**
     * A QUERY_HISTORY row, with the compute credits QUERY_ATTRIBUTION_HISTORY attributes to it ({@code null} when the
     * view leaves it out: queries of 100 ms or less).
     */
    public record Query(String queryId, String queryText, String databaseName, String schemaName, String queryType,
            String userName, String roleName, long warehouseId, String warehouseName, String warehouseSize,
            String warehouseType, int clusterNumber, String queryTag, String executionStatus, String errorCode,
            Instant startTime, Instant endTime, long totalElapsedMs, long bytesScanned, double percentScannedFromCache,
            long partitionsScanned, long partitionsTotal, long bytesSpilledLocal, long bytesSpilledRemote,
            long rowsProduced, long compilationMs, long executionMs, long queuedProvisioningMs, long queuedRepairMs,
            long queuedOverloadMs, long transactionBlockedMs, BigDecimal creditsCloudServices, int queryLoadPercent,
            long queryAccelerationBytes, String queryHash, String queryParameterizedHash,
            BigDecimal attributedComputeCredits, BigDecimal queryAccelerationCredits) {

        /** When the query ran on the warehouse: after compilation and any queueing, until it ended. */
        public Instant executionStart() {
            return endTime.minusMillis(executionMs);
        }
    }

    /** A WAREHOUSE_METERING_HISTORY row (one warehouse, one hour). */
    public record MeteringHour(long warehouseId, String warehouseName, Instant startTime, BigDecimal creditsCompute,
            BigDecimal creditsCloudServices, BigDecimal creditsAttributedComputeQueries) {

        public BigDecimal creditsUsed() {
            return creditsCompute.add(creditsCloudServices);
        }
    }

    /** A WAREHOUSE_EVENTS_HISTORY row; {@code clusterNumber} null for events of the whole warehouse. */
    public record WarehouseEvent(Instant timestamp, long warehouseId, String warehouseName, Integer clusterNumber,
            String eventName, String eventReason, String eventState) {
    }

    /** A WAREHOUSE_LOAD_HISTORY row (five minutes): average queries running, queued for load, queued provisioning. */
    public record LoadInterval(long warehouseId, String warehouseName, Instant startTime, BigDecimal avgRunning,
            BigDecimal avgQueuedLoad, BigDecimal avgQueuedProvisioning, BigDecimal avgBlocked) {
    }

    /** A METERING_HISTORY row (one service, one entity, one hour). */
    public record ServiceHour(String serviceType, Instant startTime, long entityId, String entityType, String name,
            String databaseName, String schemaName, BigDecimal creditsCompute, BigDecimal creditsCloudServices,
            long bytes, long files) {
    }

    /** A METERING_DAILY_HISTORY row. */
    public record DailyUsage(LocalDate usageDate, String serviceType, BigDecimal creditsCompute,
            BigDecimal creditsCloudServices, BigDecimal creditsAdjustmentCloudServices) {

        public BigDecimal creditsUsed() {
            return creditsCompute.add(creditsCloudServices);
        }

        public BigDecimal creditsBilled() {
            return creditsUsed().add(creditsAdjustmentCloudServices);
        }
    }

    /** A DATABASE_STORAGE_USAGE_HISTORY row. */
    public record DatabaseStorage(LocalDate usageDate, long databaseId, String databaseName, BigDecimal averageBytes,
            BigDecimal averageFailsafeBytes) {
    }

    /** A TABLE_STORAGE_METRICS row as of the end of the period. */
    public record TableStorage(long id, String tableName, long schemaId, String schemaName, long catalogId,
            String catalogName, boolean transientTable, long activeBytes, long timeTravelBytes, long failsafeBytes,
            long retainedForCloneBytes, boolean deleted, Instant created, Instant dropped) {

        public String qualifiedName() {
            return catalogName + "." + schemaName + "." + tableName;
        }
    }

    /** An ACCESS_HISTORY row reduced to the one base table the query read. */
    public record TableRead(String queryId, Instant queryStartTime, String userName, long objectId,
            String objectName) {
    }

    /** A RATE_SHEET_DAILY row of this account. */
    public record Rate(LocalDate date, String serviceType, String usageType, String currency, BigDecimal effectiveRate) {
    }
}
