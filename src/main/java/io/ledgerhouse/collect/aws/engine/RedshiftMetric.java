package io.ledgerhouse.collect.aws.engine;

/**
 * The AWS/Redshift metrics collected per cluster-hour, with the statistic asked of CloudWatch. Concurrency scaling is
 * reported only by clusters that use it; without data points those hours carry no value.
 */
public enum RedshiftMetric {
    CPU_UTILIZATION("CPUUtilization", "Average", "cpu"),
    DATABASE_CONNECTIONS("DatabaseConnections", "Average", "conn"),
    PERCENTAGE_DISK_SPACE_USED("PercentageDiskSpaceUsed", "Average", "disk"),
    CONCURRENCY_SCALING_ACTIVE_CLUSTERS("ConcurrencyScalingActiveClusters", "Maximum", "csac"),
    CONCURRENCY_SCALING_SECONDS("ConcurrencyScalingSeconds", "Sum", "css");

    public static final String NAMESPACE = "AWS/Redshift";
    public static final String DIMENSION = "ClusterIdentifier";

    public final String metricName;
    public final String statistic;
    /** Short form used in GetMetricData query ids. */
    public final String code;

    RedshiftMetric(String metricName, String statistic, String code) {
        this.metricName = metricName;
        this.statistic = statistic;
        this.code = code;
    }
}
