package io.ledgerhouse.collect.aws.engine;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The GetMetricData queries for a set of clusters (one per cluster and metric, at an hour's period) and the assembly
 * of the answers, over any number of pages, into cluster-hours.
 */
public final class RedshiftMetricQueries {

    /** One query: its id (unique in the request, starting with a lower-case letter), cluster and metric. */
    public record Query(String id, String cluster, RedshiftMetric metric) {
    }

    /** Data points of one query from one page. */
    public record Points(String id, List<Instant> timestamps, List<Double> values) {
    }

    private final Map<String, Query> byId = new LinkedHashMap<>();

    public RedshiftMetricQueries(List<String> clusters) {
        for (int c = 0; c < clusters.size(); c++) {
            for (RedshiftMetric m : RedshiftMetric.values()) {
                String id = "c" + c + "_" + m.code;
                byId.put(id, new Query(id, clusters.get(c), m));
            }
        }
    }

    public List<Query> queries() {
        return List.copyOf(byId.values());
    }

    /**
     * Cluster-hours from every page's points, in cluster then hour order. A point served twice (an overlap across
     * pages) keeps the later value; points are placed at their hour (truncated).
     */
    public List<RedshiftHour> hours(List<Points> pages) {
        Map<String, TreeMap<Instant, Double[]>> byCluster = new LinkedHashMap<>();
        for (Query q : byId.values()) {
            byCluster.computeIfAbsent(q.cluster(), k -> new TreeMap<>());
        }
        for (Points p : pages) {
            Query q = byId.get(p.id());
            if (q == null) {
                continue;
            }
            TreeMap<Instant, Double[]> hours = byCluster.get(q.cluster());
            for (int i = 0; i < Math.min(p.timestamps().size(), p.values().size()); i++) {
                Instant hour = p.timestamps().get(i).truncatedTo(ChronoUnit.HOURS);
                hours.computeIfAbsent(hour, h -> new Double[RedshiftMetric.values().length])[q.metric().ordinal()] =
                        p.values().get(i);
            }
        }
        List<RedshiftHour> out = new ArrayList<>();
        byCluster.forEach((cluster, hours) -> hours.forEach((hour, v) -> out.add(new RedshiftHour(cluster, hour,
                v[RedshiftMetric.CPU_UTILIZATION.ordinal()], v[RedshiftMetric.DATABASE_CONNECTIONS.ordinal()],
                v[RedshiftMetric.PERCENTAGE_DISK_SPACE_USED.ordinal()],
                v[RedshiftMetric.CONCURRENCY_SCALING_ACTIVE_CLUSTERS.ordinal()],
                v[RedshiftMetric.CONCURRENCY_SCALING_SECONDS.ordinal()]))));
        return out;
    }
}
