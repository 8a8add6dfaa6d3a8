package io.ledgerhouse.advise.engine;

import io.ledgerhouse.domain.WarehouseSize;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * What one warehouse's queries did over a period, reduced to the figures the advisors use: the timeline for the
 * replay, the execution-time distribution with each query's partitions (for the scaling assumption), queueing,
 * spilling, concurrency, and the shape of arrivals (minute of the hour, weekends, statement types, pipeline tags).
 */
public final class WarehouseWorkload {

    private final QueryTimeline timeline;
    private final long[] executionMs; // sorted
    private final long[] byPartitionsExecution;
    private final long[] byPartitionsPartitions;
    private final int[] concurrency; // sorted: queries running at each query's execution start, itself included
    private final long queries;
    private final long totalExecutionMs;
    private final long queuedOverloadMs;
    private final long queriesQueued;
    private final long queriesSpillingLocal;
    private final long queriesSpillingRemote;
    private final long bytesSpilledRemote;
    private final long selects;
    private final long writes;
    private final long pipelineTagged;
    private final long weekend;
    private final long[] minuteOfHour;
    private final long[] queuedStarts; // sorted submissions of the queries that queued for load

    private WarehouseWorkload(Builder b) {
        this.timeline = b.timeline.build();
        this.queries = b.n;
        this.executionMs = Arrays.copyOf(b.exec, b.n);
        this.byPartitionsExecution = Arrays.copyOf(b.exec, b.n);
        this.byPartitionsPartitions = Arrays.copyOf(b.partitions, b.n);
        Arrays.sort(executionMs);
        this.concurrency = concurrency(Arrays.copyOf(b.execStart, b.n), Arrays.copyOf(b.exec, b.n));
        this.totalExecutionMs = b.totalExecutionMs;
        this.queuedOverloadMs = b.queuedOverloadMs;
        this.queriesQueued = b.queriesQueued;
        this.queriesSpillingLocal = b.queriesSpillingLocal;
        this.queriesSpillingRemote = b.queriesSpillingRemote;
        this.bytesSpilledRemote = b.bytesSpilledRemote;
        this.selects = b.selects;
        this.writes = b.writes;
        this.pipelineTagged = b.pipelineTagged;
        this.weekend = b.weekend;
        this.minuteOfHour = b.minuteOfHour.clone();
        this.queuedStarts = Arrays.copyOf(b.queuedStarts, (int) b.queriesQueued);
        Arrays.sort(queuedStarts);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static int[] concurrency(long[] start, long[] exec) {
        int n = start.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(start[a], start[b]));
        PriorityQueue<Long> ends = new PriorityQueue<>();
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            while (!ends.isEmpty() && ends.peek() <= start[i]) {
                ends.poll();
            }
            ends.add(start[i] + exec[i]);
            out[k] = ends.size();
        }
        Arrays.sort(out);
        return out;
    }

    public QueryTimeline timeline() {
        return timeline;
    }

    public long queries() {
        return queries;
    }

    public long totalExecutionMs() {
        return totalExecutionMs;
    }

    /** The {@code p}-quantile (0..1) of execution time, in ms (nearest rank; 0 without queries). */
    public long executionPercentileMs(double p) {
        return percentile(executionMs, p);
    }

    /** The {@code p}-quantile of concurrency: how many queries were running when each query started executing. */
    public int concurrencyPercentile(double p) {
        return concurrency.length == 0 ? 0 : concurrency[rank(concurrency.length, p)];
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[rank(sorted.length, p)];
    }

    private static int rank(int n, double p) {
        return Math.max(0, Math.min(n - 1, (int) Math.ceil(p * n) - 1));
    }

    public long queuedOverloadMs() {
        return queuedOverloadMs;
    }

    public long queriesQueued() {
        return queriesQueued;
    }

    /** Stretches of queueing for load: queued queries submitted within {@code gapMs} of the previous one share one. */
    public long queueingEpisodes(long gapMs) {
        long n = 0;
        for (int i = 0; i < queuedStarts.length; i++) {
            if (i == 0 || queuedStarts[i] - queuedStarts[i - 1] > gapMs) {
                n++;
            }
        }
        return n;
    }

    public double queuedQueryShare() {
        return share(queriesQueued);
    }

    /** Time queued for load over execution time. */
    public double queuedTimeShare() {
        return totalExecutionMs == 0 ? 0 : (double) queuedOverloadMs / totalExecutionMs;
    }

    public long queriesSpillingLocal() {
        return queriesSpillingLocal;
    }

    public long queriesSpillingRemote() {
        return queriesSpillingRemote;
    }

    public long bytesSpilledRemote() {
        return bytesSpilledRemote;
    }

    public double localSpillShare() {
        return share(queriesSpillingLocal);
    }

    public double remoteSpillShare() {
        return share(queriesSpillingRemote);
    }

    /** Share of queries that are SELECTs. */
    public double selectShare() {
        return share(selects);
    }

    /** Share of queries that write (INSERT, MERGE, COPY, CREATE TABLE AS, UPDATE, DELETE, ...). */
    public double writeShare() {
        return share(writes);
    }

    /** Share of queries whose tag names a pipeline tool (dbt, Airflow, Dagster, Fivetran, Prefect). */
    public double pipelineTagShare() {
        return share(pipelineTagged);
    }

    /** Share of queries submitted on Saturdays and Sundays (UTC). */
    public double weekendShare() {
        return share(weekend);
    }

    /** Share of queries submitted in the busiest six minutes of the hour (uniform arrivals give about 0.1). */
    public double minuteConcentration() {
        long[] m = minuteOfHour.clone();
        Arrays.sort(m);
        long top = 0;
        for (int i = 54; i < 60; i++) {
            top += m[i];
        }
        return share(top);
    }

    /** Share of queries executing for at most {@code seconds}. */
    public double shareAtMost(double seconds) {
        long limit = (long) (seconds * 1000);
        int lo = 0;
        int hi = executionMs.length;
        while (lo < hi) { // the first execution time above the limit
            int mid = (lo + hi) >>> 1;
            if (executionMs[mid] <= limit) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return share(lo);
    }

    /**
     * The scaling assumption, as a factor on total execution time when moving from {@code from} to {@code to}: a query
     * runs on as many threads as it has partitions to scan, up to the warehouse's (8 per credit an hour of a standard
     * cluster: X-Small 8, Small 16, ...), and its time is inversely proportional to the threads it uses. So scan-bound
     * work halves per size step up, capped by the parallelism the query showed, and at most doubles per step down.
     */
    public double executionFactor(WarehouseSize from, WarehouseSize to) {
        if (totalExecutionMs == 0) {
            return 1;
        }
        double threadsFrom = 8.0 * from.standardCreditsPerHour();
        double threadsTo = 8.0 * to.standardCreditsPerHour();
        double scaled = 0;
        for (int i = 0; i < byPartitionsExecution.length; i++) {
            double p = Math.max(1, byPartitionsPartitions[i]);
            scaled += byPartitionsExecution[i] * Math.min(p, threadsFrom) / Math.min(p, threadsTo);
        }
        return scaled / totalExecutionMs;
    }

    private double share(long count) {
        return queries == 0 ? 0 : (double) count / queries;
    }

    /** Collects a warehouse's queries one at a time, in any order. */
    public static final class Builder {
        private final QueryTimeline.Builder timeline = QueryTimeline.builder();
        private long[] exec = new long[256];
        private long[] execStart = new long[256];
        private long[] partitions = new long[256];
        private int n;
        private long totalExecutionMs;
        private long queuedOverloadMs;
        private long queriesQueued;
        private long queriesSpillingLocal;
        private long queriesSpillingRemote;
        private long bytesSpilledRemote;
        private long selects;
        private long writes;
        private long pipelineTagged;
        private long weekend;
        private final long[] minuteOfHour = new long[60];
        private long[] queuedStarts = new long[16];

        public Builder add(QueryRun q) {
            long start = q.start().toEpochMilli();
            long end = q.end().toEpochMilli();
            timeline.add(start, end, q.cluster());
            if (n == exec.length) {
                exec = Arrays.copyOf(exec, n * 2);
                execStart = Arrays.copyOf(execStart, n * 2);
                partitions = Arrays.copyOf(partitions, n * 2);
            }
            exec[n] = q.executionMs();
            execStart[n] = end - q.executionMs();
            partitions[n] = q.partitionsScanned();
            n++;
            totalExecutionMs += q.executionMs();
            queuedOverloadMs += q.queuedOverloadMs();
            if (q.queuedOverloadMs() > 0) {
                if (queriesQueued == queuedStarts.length) {
                    queuedStarts = Arrays.copyOf(queuedStarts, queuedStarts.length * 2);
                }
                queuedStarts[(int) queriesQueued++] = start;
            }
            if (q.bytesSpilledLocal() > 0) {
                queriesSpillingLocal++;
            }
            if (q.bytesSpilledRemote() > 0) {
                queriesSpillingRemote++;
                bytesSpilledRemote += q.bytesSpilledRemote();
            }
            String type = q.queryType() == null ? "" : q.queryType().toUpperCase(Locale.ROOT);
            if (type.equals("SELECT")) {
                selects++;
            } else if (type.startsWith("INSERT") || type.equals("MERGE") || type.equals("COPY")
                    || type.equals("CREATE_TABLE_AS_SELECT") || type.equals("UPDATE") || type.equals("DELETE")
                    || type.equals("UNLOAD") || type.equals("TRUNCATE_TABLE")) {
                writes++;
            }
            String tag = q.queryTag() == null ? "" : q.queryTag().toLowerCase(Locale.ROOT);
            if (tag.contains("dbt") || tag.contains("airflow") || tag.contains("dagster") || tag.contains("fivetran")
                    || tag.contains("prefect")) {
                pipelineTagged++;
            }
            ZonedDateTime at = q.start().atZone(ZoneOffset.UTC);
            if (at.getDayOfWeek() == DayOfWeek.SATURDAY || at.getDayOfWeek() == DayOfWeek.SUNDAY) {
                weekend++;
            }
            minuteOfHour[at.getMinute()]++;
            return this;
        }

        public WarehouseWorkload build() {
            return new WarehouseWorkload(this);
        }
    }
}
