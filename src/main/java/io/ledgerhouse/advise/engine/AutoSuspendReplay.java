package io.ledgerhouse.advise.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Rebuilds when a warehouse's clusters would have run under another AUTO_SUSPEND, from its queries alone (DOMAIN.md,
 * "Advice"). The rules, in the order the replay applies them at each query's arrival:
 *
 * <ol>
 *   <li>An extra cluster (number above the minimum count) that has held no query for the policy's spin-down idle time
 *       (standard 120 s, economy 300 s) stops then.</li>
 *   <li>The warehouse suspends at the later of (last query end on any cluster + the setting rounded up to the 30-second
 *       check) and (the last extra cluster's stop): it suspends only idle and at its minimum cluster count. A query
 *       arriving exactly then finds it suspended. AUTO_SUSPEND = 0 never suspends.</li>
 *   <li>A query arriving to a suspended warehouse resumes it: the minimum clusters start at the arrival.</li>
 *   <li>A query on an extra cluster that is stopped starts that cluster at its arrival. Queries keep the cluster they
 *       ran on: the replay changes when clusters run, not where queries go.</li>
 *   <li>Every start of a cluster is billed from the start to its stop, at least 60 seconds, at the size's credits an
 *       hour; what falls outside the period is not counted.</li>
 *   <li>A query is cold when its cluster was stopped at its arrival or had started less than 60 s before.</li>
 * </ol>
 *
 * The warehouse is suspended when the period starts; queries from before it may be passed in to warm it up.
 */
public final class AutoSuspendReplay {

    /** The candidate settings the advisor always tries (besides the current one), in seconds. */
    public static final List<Integer> CANDIDATES = List.of(30, 60, 120, 180, 300, 600, 900, 1800);
    public static final long SUSPEND_CHECK_MS = 30_000;
    public static final long MINIMUM_BILLED_MS = 60_000;
    public static final long WARM_UP_MS = 60_000;
    private static final long HOUR_MS = 3_600_000;

    private AutoSuspendReplay() {
    }

    /** The idle time after which an extra cluster stops under a scaling policy. */
    public static long spinDownIdleMs(ScalingPolicy policy) {
        return policy == ScalingPolicy.ECONOMY ? 300_000 : 120_000;
    }

    /** A setting rounded up to the 30-second idle check, in seconds (0 stays 0: never). */
    public static int effectiveSeconds(int autoSuspendSeconds) {
        if (autoSuspendSeconds <= 0) {
            return 0;
        }
        return (int) ((autoSuspendSeconds * 1000L + SUSPEND_CHECK_MS - 1) / SUSPEND_CHECK_MS * SUSPEND_CHECK_MS / 1000);
    }

    /** The settings to replay: the current one and every candidate, ascending, "never" (0) last. */
    public static List<Integer> settings(int current) {
        TreeSet<Integer> s = new TreeSet<>((a, b) -> Integer.compare(a == 0 ? Integer.MAX_VALUE : a,
                b == 0 ? Integer.MAX_VALUE : b));
        s.addAll(CANDIDATES);
        s.add(current);
        return new ArrayList<>(s);
    }

    /** The curve: {@link #replay} under the current setting and every candidate, in {@link #settings} order. */
    public static List<ReplayedSetting> curve(QueryTimeline queries, WarehouseConfiguration warehouse,
            AnalysisPeriod period, BigDecimal pricePerCredit) {
        List<ReplayedSetting> out = new ArrayList<>();
        for (int s : settings(warehouse.autoSuspendSeconds())) {
            out.add(replay(queries, warehouse.withAutoSuspend(s), period, pricePerCredit));
        }
        return out;
    }

    /**
     * The warehouse's billed cluster time, resumes and cold queries over {@code period} under its
     * {@code autoSuspendSeconds}; credits are billed milliseconds x credits an hour / 3,600,000 to nine decimals.
     */
    public static ReplayedSetting replay(QueryTimeline queries, WarehouseConfiguration warehouse,
            AnalysisPeriod period, BigDecimal pricePerCredit) {
        Run run = new Run(queries, warehouse, period, null);
        run.go();
        BigDecimal credits = warehouse.creditsPerHour().multiply(BigDecimal.valueOf(run.billedMs))
                .divide(BigDecimal.valueOf(HOUR_MS), 9, RoundingMode.HALF_UP);
        return new ReplayedSetting(warehouse.autoSuspendSeconds(), effectiveSeconds(warehouse.autoSuspendSeconds()),
                run.billedMs, credits, credits.multiply(pricePerCredit), run.resumes, run.clusterStarts, run.cold,
                run.queries);
    }

    /** One stretch a cluster ran, as the replay billed it ({@code billedMs} within the period). */
    public record ClusterRun(int cluster, long startMs, long stopMs, long billedMs) {
    }

    /** Every cluster run of the replay under the warehouse's own settings, in the order they stopped. */
    public static List<ClusterRun> clusterRuns(QueryTimeline queries, WarehouseConfiguration warehouse,
            AnalysisPeriod period) {
        List<ClusterRun> runs = new ArrayList<>();
        new Run(queries, warehouse, period, runs).go();
        return runs;
    }

    /** Milliseconds in the period during which each cluster held at least one query, summed over clusters. */
    public static long busyClusterMs(QueryTimeline queries, AnalysisPeriod period) {
        int k = queries.highestCluster() + 1;
        long[] from = new long[k];
        long[] to = new long[k];
        java.util.Arrays.fill(from, Long.MIN_VALUE);
        java.util.Arrays.fill(to, Long.MIN_VALUE);
        long busy = 0;
        for (int i = 0; i < queries.size(); i++) {
            int c = queries.cluster(i);
            long a = queries.arrivalMs(i);
            long e = queries.endMs(i);
            if (a > to[c]) {
                busy += clip(from[c], to[c], period.fromMs(), period.toMs());
                from[c] = a;
                to[c] = e;
            } else {
                to[c] = Math.max(to[c], e);
            }
        }
        for (int c = 0; c < k; c++) {
            busy += clip(from[c], to[c], period.fromMs(), period.toMs());
        }
        return busy;
    }

    private static long clip(long a, long b, long from, long to) {
        if (a == Long.MIN_VALUE) {
            return 0; // no stretch yet
        }
        return Math.max(0, Math.min(b, to) - Math.max(a, from));
    }

    /** One pass over the queries under one setting. */
    private static final class Run {
        private final QueryTimeline q;
        private final int minClusters;
        private final long delayMs;
        private final long spinDownMs;
        private final long fromMs;
        private final long toMs;
        private final List<ClusterRun> runs;
        private final boolean[] up;
        private final long[] since;
        private final long[] lastEnd;
        private int extrasUp;
        private boolean warehouseUp;
        private long warehouseLastEnd = Long.MIN_VALUE;
        private long extrasStopAt = Long.MIN_VALUE;
        long billedMs;
        long resumes;
        long clusterStarts;
        long cold;
        long queries;

        Run(QueryTimeline q, WarehouseConfiguration w, AnalysisPeriod period, List<ClusterRun> runs) {
            this.q = q;
            this.minClusters = w.minClusters();
            int s = effectiveSeconds(w.autoSuspendSeconds());
            this.delayMs = s == 0 ? -1 : s * 1000L;
            this.spinDownMs = spinDownIdleMs(w.scalingPolicy());
            this.fromMs = period.fromMs();
            this.toMs = period.toMs();
            this.runs = runs;
            int k = Math.max(minClusters, q.highestCluster()) + 1;
            this.up = new boolean[k];
            this.since = new long[k];
            this.lastEnd = new long[k];
        }

        void go() {
            int n = q.size();
            for (int i = 0; i < n; i++) {
                long t = q.arrivalMs(i);
                if (t >= toMs) {
                    break;
                }
                int c = q.cluster(i);
                long e = q.endMs(i);
                if (warehouseUp) {
                    if (extrasUp > 0) {
                        stopIdleExtras(t);
                    }
                    if (delayMs >= 0) {
                        long suspendAt = Math.max(warehouseLastEnd + delayMs, extrasStopAt);
                        if (suspendAt <= t) {
                            suspend(suspendAt);
                        }
                    }
                }
                boolean counted = t >= fromMs;
                if (!warehouseUp) {
                    warehouseUp = true;
                    if (counted) {
                        resumes++;
                    }
                    for (int b = 1; b <= minClusters; b++) {
                        start(b, t);
                    }
                    extrasStopAt = Long.MIN_VALUE;
                }
                if (!up[c]) {
                    start(c, t); // an extra cluster (base clusters are up whenever the warehouse is)
                    extrasUp++;
                    if (counted) {
                        clusterStarts++;
                    }
                }
                if (counted) {
                    queries++;
                    if (t - since[c] < WARM_UP_MS) {
                        cold++;
                    }
                }
                if (e > lastEnd[c]) {
                    lastEnd[c] = e;
                }
                if (e > warehouseLastEnd) {
                    warehouseLastEnd = e;
                }
                if (c > minClusters && lastEnd[c] + spinDownMs > extrasStopAt) {
                    extrasStopAt = lastEnd[c] + spinDownMs;
                }
            }
            // the period ends: what is up stops as the rules say, or at the period's end when it never suspends
            if (warehouseUp) {
                stopIdleExtras(Long.MAX_VALUE);
                long suspendAt = delayMs >= 0 ? Math.max(warehouseLastEnd + delayMs, extrasStopAt)
                        : Math.max(toMs, warehouseLastEnd);
                suspend(suspendAt);
            }
        }

        private void stopIdleExtras(long t) {
            for (int c = minClusters + 1; c < up.length; c++) {
                if (up[c] && lastEnd[c] + spinDownMs <= t) {
                    stop(c, lastEnd[c] + spinDownMs);
                    extrasUp--;
                }
            }
        }

        private void start(int c, long t) {
            up[c] = true;
            since[c] = t;
            lastEnd[c] = t;
        }

        private void stop(int c, long at) {
            up[c] = false;
            long until = Math.max(at, since[c] + MINIMUM_BILLED_MS);
            long billed = Math.max(0, Math.min(until, toMs) - Math.max(since[c], fromMs));
            billedMs += billed;
            if (runs != null) {
                runs.add(new ClusterRun(c, since[c], until, billed));
            }
        }

        private void suspend(long at) {
            for (int c = 1; c < up.length; c++) {
                if (up[c]) {
                    stop(c, at);
                }
            }
            extrasUp = 0;
            warehouseUp = false;
        }
    }
}
