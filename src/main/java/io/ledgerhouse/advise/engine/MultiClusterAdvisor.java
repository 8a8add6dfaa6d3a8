package io.ledgerhouse.advise.engine;

import io.ledgerhouse.advise.engine.AutoSuspendReplay.ClusterRun;
import io.ledgerhouse.advise.engine.Recommendation.Confidence;
import io.ledgerhouse.advise.engine.Recommendation.Evidence;
import io.ledgerhouse.advise.engine.Recommendation.Figure;
import io.ledgerhouse.advise.engine.Recommendation.Kind;
import io.ledgerhouse.advise.engine.Recommendation.Level;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cluster counts and scaling policy (thresholds in {@link AdvisorSettings}):
 *
 * <ol>
 *   <li><b>Minimum above need</b>: the clusters concurrency needs are ceil(p99 of queries running at once / 8); a
 *       minimum above that (including min = max on a lightly used warehouse) is lowered to it. Saving: the replay of
 *       the queries packed onto the fewest clusters (first cluster with room) at the lower minimum.</li>
 *   <li><b>Maximum reached while queueing</b>: a multi-cluster warehouse whose queries queued for load materially
 *       while all its maximum clusters ran gets one more (at most 10). Cost: the queued time spread over a cluster's
 *       8 slots, plus a 60-s minimum and the 2-minute spin-down per queueing episode.</li>
 *   <li><b>Policy</b>: STANDARD -> ECONOMY on an ETL warehouse when most extra-cluster runs are short (under 6
 *       minutes, which economy would not start); saving: those runs' credits. ECONOMY -> STANDARD on an interactive
 *       warehouse whose queries queue materially; cost as in 2.</li>
 * </ol>
 */
public final class MultiClusterAdvisor {

    private static final long ECONOMY_MINIMUM_RUN_MS = 360_000;
    private static final long EPISODE_GAP_MS = 120_000;

    private final AdvisorSettings settings;

    public MultiClusterAdvisor(AdvisorSettings settings) {
        this.settings = settings;
    }

    public MultiClusterAdvice advise(WarehouseConfiguration warehouse, WarehouseWorkload workload,
            WorkloadClass workloadClass, AnalysisPeriod period, BigDecimal pricePerCredit, String currency) {
        List<String> findings = new ArrayList<>();
        List<Recommendation> out = new ArrayList<>();
        int concurrency = settings.clusterConcurrency();
        int p99 = workload.concurrencyPercentile(0.99);
        int needed = Math.max(1, (p99 + concurrency - 1) / concurrency);
        List<ClusterRun> runs = AutoSuspendReplay.clusterRuns(workload.timeline(), warehouse, period);
        int peakClusters = peakClusters(runs);
        boolean queueing = workload.queuedTimeShare() >= settings.queuedTimeShare()
                && workload.queuedQueryShare() >= settings.queuedQueryShare();
        double monthly = period.monthlyFactor();
        BigDecimal rate = warehouse.creditsPerHour();

        // 1. minimum above need
        if (warehouse.minClusters() > needed) {
            WarehouseConfiguration lower = warehouse.withClusters(needed, warehouse.maxClusters());
            ReplayedSetting now = AutoSuspendReplay.replay(workload.timeline(), warehouse, period, pricePerCredit);
            ReplayedSetting then = AutoSuspendReplay.replay(workload.timeline().packed(concurrency), lower, period,
                    pricePerCredit);
            double saving = now.credits().subtract(then.credits()).doubleValue() * monthly;
            findings.add(String.format(Locale.ROOT, "minimum %d clusters, concurrency needs %d (p99 %d queries at "
                    + "once): lower the minimum%s", warehouse.minClusters(), needed, p99, warehouse.minClusters()
                    == warehouse.maxClusters() ? " (min = max runs every cluster whenever the warehouse runs)" : ""));
            out.add(recommendation(Kind.MIN_CLUSTER_COUNT, warehouse, String.valueOf(warehouse.minClusters()),
                    String.valueOf(needed), saving, pricePerCredit, currency, String.format(Locale.ROOT,
                            "the extra clusters start only when %d queries run at once; the first queries of a "
                            + "burst may wait a few seconds for one to start", concurrency * needed),
                    period, List.of(Figure.of("p99 concurrency", p99, "queries"),
                            Figure.of("max concurrency", workload.concurrencyPercentile(1.0), "queries"),
                            Figure.of("replayed credits now", now.credits().doubleValue(), "credits"),
                            Figure.of("replayed credits at the lower minimum", then.credits().doubleValue(),
                                    "credits")), AlterWarehouseSql.minClusterCount(warehouse.name(), needed),
                    workload.queries() >= 200 ? Level.MEDIUM : Level.LOW,
                    "replay of the same queries packed onto the fewest clusters"));
        } else {
            findings.add(String.format(Locale.ROOT, "minimum %d clusters, concurrency needs %d (p99 %d queries at "
                    + "once): fine", warehouse.minClusters(), needed, p99));
        }

        // 2. maximum reached while queueing
        long episodes = workload.queueingEpisodes(EPISODE_GAP_MS);
        double queuedExtraMs = workload.queuedOverloadMs() / (double) concurrency
                + episodes * (AutoSuspendReplay.MINIMUM_BILLED_MS + AutoSuspendReplay.spinDownIdleMs(
                        warehouse.scalingPolicy()));
        double queueCost = rate.doubleValue() * queuedExtraMs / 3_600_000 * monthly;
        if (warehouse.maxClusters() > 1 && queueing && peakClusters >= warehouse.maxClusters()
                && warehouse.maxClusters() < 10) {
            findings.add(String.format(Locale.ROOT, "queueing for load (%.1f%% of execution time) with all %d "
                    + "clusters running: raise the maximum", 100 * workload.queuedTimeShare(),
                    warehouse.maxClusters()));
            out.add(recommendation(Kind.MAX_CLUSTER_COUNT, warehouse, String.valueOf(warehouse.maxClusters()),
                    String.valueOf(warehouse.maxClusters() + 1), -queueCost, pricePerCredit, currency,
                    String.format(Locale.ROOT, "about %.1f h a month of queueing for load removed",
                            workload.queuedOverloadMs() / 3_600_000.0 * monthly), period, queueFigures(workload,
                            episodes, peakClusters), AlterWarehouseSql.maxClusterCount(warehouse.name(),
                            warehouse.maxClusters() + 1), Level.MEDIUM, "queued time is measured; the extra "
                            + "cluster's running time is estimated from it"));
        } else {
            findings.add(String.format(Locale.ROOT, "queueing for load %.1f%% of execution time, %d of %d clusters "
                    + "at the peak: no change to the maximum", 100 * workload.queuedTimeShare(), peakClusters,
                    warehouse.maxClusters()));
        }

        // 3. scaling policy
        if (warehouse.maxClusters() > 1) {
            List<ClusterRun> extra = runs.stream().filter(r -> r.cluster() > warehouse.minClusters()).toList();
            List<ClusterRun> shortRuns = extra.stream().filter(r -> r.stopMs() - r.startMs() < ECONOMY_MINIMUM_RUN_MS)
                    .toList();
            double shortCredits = rate.doubleValue() * shortRuns.stream().mapToLong(ClusterRun::billedMs).sum()
                    / 3_600_000 * monthly;
            if (warehouse.scalingPolicy() == ScalingPolicy.STANDARD && workloadClass == WorkloadClass.ETL
                    && !extra.isEmpty() && shortRuns.size() * 2 > extra.size()) {
                findings.add(String.format(Locale.ROOT, "%d of %d extra-cluster runs last under 6 minutes on an ETL "
                        + "warehouse: economy", shortRuns.size(), extra.size()));
                out.add(recommendation(Kind.SCALING_POLICY, warehouse, "STANDARD", "ECONOMY", shortCredits,
                        pricePerCredit, currency, "queries that used the short-lived clusters queue on the running "
                        + "ones instead (latency, not failures)", period, List.of(
                                Figure.of("extra-cluster runs", extra.size(), "runs"),
                                Figure.of("runs under 6 minutes", shortRuns.size(), "runs")),
                        AlterWarehouseSql.scalingPolicy(warehouse.name(), ScalingPolicy.ECONOMY), Level.LOW,
                        "assumes economy would have started none of the short runs"));
            } else if (warehouse.scalingPolicy() == ScalingPolicy.ECONOMY
                    && workloadClass == WorkloadClass.INTERACTIVE && queueing) {
                findings.add("interactive warehouse queueing under the economy policy: standard");
                out.add(recommendation(Kind.SCALING_POLICY, warehouse, "ECONOMY", "STANDARD", -queueCost,
                        pricePerCredit, currency, String.format(Locale.ROOT, "about %.1f h a month of queueing for "
                                + "load removed", workload.queuedOverloadMs() / 3_600_000.0 * monthly), period,
                        queueFigures(workload, episodes, peakClusters), AlterWarehouseSql.scalingPolicy(
                                warehouse.name(), ScalingPolicy.STANDARD), Level.MEDIUM,
                        "queued time is measured; the clusters' running time is estimated from it"));
            } else {
                findings.add(String.format(Locale.ROOT, "%s policy: %d of %d extra-cluster runs under 6 minutes; "
                        + "no change", warehouse.scalingPolicy(), shortRuns.size(), extra.size()));
            }
        }
        return new MultiClusterAdvice(List.copyOf(findings), List.copyOf(out));
    }

    private static List<Figure> queueFigures(WarehouseWorkload w, long episodes, int peak) {
        return List.of(Figure.of("queries queued for load", w.queriesQueued(), "queries"),
                Figure.of("time queued for load", w.queuedOverloadMs() / 1000.0, "s"),
                Figure.of("queueing episodes", episodes, "episodes"),
                Figure.of("peak clusters running", peak, "clusters"));
    }

    private Recommendation recommendation(Kind kind, WarehouseConfiguration w, String from, String to,
            double monthlyCredits, BigDecimal price, String currency, String effect, AnalysisPeriod period,
            List<Figure> figures, String sql, Level level, String why) {
        return new Recommendation(kind, w.name(), from, to, BigDecimal.valueOf(monthlyCredits).setScale(3,
                RoundingMode.HALF_UP), BigDecimal.valueOf(monthlyCredits).multiply(price).setScale(2,
                        RoundingMode.HALF_UP), currency, effect, new Evidence(period, figures),
                new Confidence(level, why), sql);
    }

    /** The most clusters running at once in the replay. */
    static int peakClusters(List<ClusterRun> runs) {
        long[] edges = new long[runs.size() * 2];
        int k = 0;
        for (ClusterRun r : runs) {
            edges[k++] = r.startMs() * 2 + 1; // starts after stops at the same instant
            edges[k++] = r.stopMs() * 2;
        }
        Arrays.sort(edges);
        int up = 0;
        int peak = 0;
        for (long e : edges) {
            up += (e & 1) == 1 ? 1 : -1;
            peak = Math.max(peak, up);
        }
        return peak;
    }
}
