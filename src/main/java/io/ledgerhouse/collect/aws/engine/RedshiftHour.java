package io.ledgerhouse.collect.aws.engine;

import java.time.Instant;

/**
 * One hour of one Redshift cluster as CloudWatch saw it: average CPU % and open connections, disk used %, the most
 * concurrency-scaling clusters active and the concurrency-scaling seconds used. A metric without a data point in the
 * hour is null.
 */
public record RedshiftHour(String cluster, Instant hour, Double cpuPercent, Double connections, Double diskUsedPercent,
        Double concurrencyScalingClusters, Double concurrencyScalingSeconds) {
}
