package io.ledgerhouse.advise.engine;

import io.ledgerhouse.domain.WarehouseKind;
import io.ledgerhouse.domain.WarehouseSize;
import java.math.BigDecimal;

/**
 * A warehouse's settings as the advisor needs them: its name (as SHOW WAREHOUSES spells it), size and kind, the cloud,
 * AUTO_SUSPEND in seconds (0 = never), the cluster range and the scaling policy.
 */
public record WarehouseConfiguration(String name, WarehouseSize size, WarehouseKind kind, WarehouseKind.Cloud cloud,
        int autoSuspendSeconds, int minClusters, int maxClusters, ScalingPolicy scalingPolicy) {

    public WarehouseConfiguration {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a warehouse needs a name");
        }
        if (autoSuspendSeconds < 0) {
            throw new IllegalArgumentException("AUTO_SUSPEND cannot be negative");
        }
        if (minClusters < 1 || maxClusters < minClusters) {
            throw new IllegalArgumentException("clusters must satisfy 1 <= min <= max");
        }
        kind.creditsPerHour(size, cloud); // rejects sizes the kind does not have
    }

    /** A single-cluster standard Gen1 warehouse on AWS with the standard policy. */
    public static WarehouseConfiguration single(String name, WarehouseSize size, int autoSuspendSeconds) {
        return new WarehouseConfiguration(name, size, WarehouseKind.STANDARD_GEN1, WarehouseKind.Cloud.AWS,
                autoSuspendSeconds, 1, 1, ScalingPolicy.STANDARD);
    }

    /** Credits an hour of one cluster. */
    public BigDecimal creditsPerHour() {
        return kind.creditsPerHour(size, cloud);
    }

    public WarehouseConfiguration withAutoSuspend(int seconds) {
        return new WarehouseConfiguration(name, size, kind, cloud, seconds, minClusters, maxClusters, scalingPolicy);
    }

    public WarehouseConfiguration withSize(WarehouseSize newSize) {
        return new WarehouseConfiguration(name, newSize, kind, cloud, autoSuspendSeconds, minClusters, maxClusters,
                scalingPolicy);
    }

    public WarehouseConfiguration withClusters(int min, int max) {
        return new WarehouseConfiguration(name, size, kind, cloud, autoSuspendSeconds, min, max, scalingPolicy);
    }
}
