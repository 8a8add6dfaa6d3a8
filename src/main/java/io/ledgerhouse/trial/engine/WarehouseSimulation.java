package io.ledgerhouse.trial.engine;

import io.ledgerhouse.trial.engine.GeneratedAccount.LoadInterval;
import io.ledgerhouse.trial.engine.GeneratedAccount.MeteringHour;
import io.ledgerhouse.trial.engine.GeneratedAccount.Query;
import io.ledgerhouse.trial.engine.GeneratedAccount.Sink;
import io.ledgerhouse.trial.engine.GeneratedAccount.TableRead;
import io.ledgerhouse.trial.engine.GeneratedAccount.Warehouse;
import io.ledgerhouse.trial.engine.GeneratedAccount.WarehouseEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * One warehouse of a generated account, run as Snowflake runs it: queries arrive in submission order; a suspended
 * warehouse resumes on arrival (a second or two of provisioning, billed from the resume with a 60-second minimum); a
 * cluster runs at most eight queries at once; when every running cluster is full a multi-cluster warehouse starts
 * another (standard scaling policy), else the query queues for load; an added cluster stops after two idle minutes;
 * at its minimum cluster count and idle, the warehouse suspends its AUTO_SUSPEND seconds after the last query ended on
 * any cluster (an extra cluster that has already stopped included), rounded up to the 30-second check, and never
 * before its last extra cluster stopped. Metering is what the clusters were up, per hour, at the size's credit rate;
 * QUERY_ATTRIBUTION credits share each busy instant equally among the queries running on the cluster then.
 */
final class WarehouseSimulation {

    static final long MINIMUM_BILLED_MS = 60_000;
    static final long SUSPEND_CHECK_MS = 30_000;
    static final long SPIN_DOWN_IDLE_MS = 120_000;
    static final int CONCURRENCY = 8;
    private static final long HOUR_MS = 3_600_000;
    private static final long LOAD_MS = 300_000;
    /** Credits are reported to nine decimals: amounts are kept as integer nano-credits. */
    private static final BigDecimal NANO = BigDecimal.ONE.movePointLeft(9);

    private final Warehouse warehouse;
    private final Workload workload;
    private final int index;
    private final Sink sink;
    private final SplittableRandom random;
    private final long periodStartMs;
    private final Map<String, Long> tableIds;
    private final double creditsPerMs;
    private final double sizeSpeed;

    private final Cluster[] clusters;
    private boolean up;
    /** When the last extra cluster stopped since the warehouse resumed: it suspends only at its minimum count. */
    private long extrasStoppedMs = Long.MIN_VALUE;
    private final List<Pending> buffer = new ArrayList<>();
    private long sequence;

    /** Per hour of the period: billed cluster-ms, busy cluster-ms of attributed queries, cloud-services nano-credits. */
    private final long[] billedMs;
    private final double[] attributedMs;
    private final long[] cloudNanos;
    private final long[] accelerationNanos;
    /** Per five minutes: running, queued-for-load and provisioning query-ms, and cluster up-ms. */
    private final double[] runningMs;
    private final double[] queuedMs;
    private final double[] provisioningMs;
    private final double[] upMs;

    private static final class Cluster {
        final int number;
        boolean up;
        long upSinceMs;
        long readyAtMs;
        long lastEndMs;
        final PriorityQueue<Long> running = new PriorityQueue<>();

        Cluster(int number) {
            this.number = number;
        }
    }

    /** A query placed on a cluster, waiting for its attribution share before it is written. */
    private static final class Pending {
        Workload.Pattern pattern;
        int cluster;
        long submittedMs;
        long compilationMs;
        long provisioningMs;
        long overloadMs;
        long executionStartMs;
        long executionEndMs;
        boolean coldCache;
        int concurrent;
        double shareMs;
        long seq;
        String param;
    }

    WarehouseSimulation(Warehouse warehouse, Workload workload, int index, int hours, long periodStartMs,
            Map<String, Long> tableIds, SplittableRandom random, Sink sink) {
        this.warehouse = warehouse;
        this.workload = workload;
        this.index = index;
        this.sink = sink;
        this.random = random;
        this.periodStartMs = periodStartMs;
        this.tableIds = tableIds;
        this.creditsPerMs = warehouse.creditsPerHour().doubleValue() / HOUR_MS;
        // a size up halves a query's time, as far as the query parallelises (the usual 0.8 scaling assumption)
        this.sizeSpeed = Math.pow(SnowflakeAccountGenerator.creditsPerHour(warehouse.size(), "STANDARD")
                .doubleValue() / SnowflakeAccountGenerator.creditsPerHour(workload.size, "STANDARD").doubleValue(), 0.8);
        this.clusters = new Cluster[warehouse.maxClusters()];
        for (int c = 0; c < clusters.length; c++) {
            clusters[c] = new Cluster(c + 1);
        }
        int slots = hours + 24; // room for work running past the last hour (not generated: arrivals stop earlier)
        this.billedMs = new long[slots];
        this.attributedMs = new double[slots];
        this.cloudNanos = new long[slots];
        this.accelerationNanos = new long[slots];
        this.runningMs = new double[slots * 12];
        this.queuedMs = new double[slots * 12];
        this.provisioningMs = new double[slots * 12];
        this.upMs = new double[slots * 12];
    }

    /** A query submitted at {@code atMs} (arrivals must come in time order). */
    void submit(long atMs, Workload.Pattern pattern) {
        advanceTo(atMs);
        if (!up) {
            resume(atMs);
        }
        Pending q = new Pending();
        q.pattern = pattern;
        q.submittedMs = atMs;
        q.compilationMs = 40 + (long) Math.exp(Math.log(180) + 0.7 * Workload.gaussian(random));
        if (pattern.queryType().equals("COPY")) {
            q.compilationMs += 8_000 + random.nextLong(20_000); // listing the stage's files is cloud-services work
        }
        long ready = atMs + q.compilationMs;
        Cluster cluster = null;
        for (Cluster c : clusters) {
            if (c.up && c.running.size() < CONCURRENCY
                    && (cluster == null || c.running.size() < cluster.running.size())) {
                cluster = c;
            }
        }
        long start;
        if (cluster == null) {
            for (Cluster c : clusters) {
                if (!c.up) {
                    cluster = c;
                    startCluster(c, atMs, "RESUME_CLUSTER", "MULTICLUSTER_SPINUP");
                    break;
                }
            }
        }
        if (cluster != null) {
            start = Math.max(ready, cluster.readyAtMs);
            q.provisioningMs = start - ready;
        } else {
            // every cluster is full: wait for the earliest finishing query's slot
            for (Cluster c : clusters) {
                if (cluster == null || c.running.peek() < cluster.running.peek()) {
                    cluster = c;
                }
            }
            long freed = cluster.running.poll();
            start = Math.max(ready, freed);
            q.overloadMs = start - ready;
        }
        q.cluster = cluster.number;
        q.executionStartMs = start;
        q.coldCache = start - cluster.upSinceMs < 60_000;
        q.concurrent = cluster.running.size() + 1;
        double seconds = Math.exp(Math.log(workload.medianSeconds) + workload.sigma * Workload.gaussian(random));
        long executionMs = Math.max(5, (long) (Math.min(seconds, workload.capSeconds) * 1000 / sizeSpeed));
        q.executionEndMs = start + executionMs;
        q.seq = sequence++;
        cluster.running.add(q.executionEndMs);
        cluster.lastEndMs = Math.max(cluster.lastEndMs, q.executionEndMs);
        q.param = parameter(pattern, atMs);
        buffer.add(q);
    }

    private String parameter(Workload.Pattern pattern, long atMs) {
        if (pattern.text().contains("'{p}'")) {
            // dates: dashboards ask for today or a recent day, so many runs share a query hash
            long day = Math.floorDiv(atMs, 86_400_000L) - (random.nextInt(4) == 0 ? random.nextInt(30) : 0);
            return java.time.LocalDate.ofEpochDay(day).toString();
        }
        if (pattern.queryType().equals("COPY")) {
            return java.time.Instant.ofEpochMilli(atMs).toString().substring(0, 13).replace('T', '/');
        }
        return Long.toString(1 + random.nextInt(pattern.queryType().equals("SELECT") ? 5_000 : 50));
    }

    /** Brings clusters and the warehouse to their state at {@code t}: finished queries leave, idle capacity stops. */
    private void advanceTo(long t) {
        if (!up) {
            return;
        }
        for (Cluster c : clusters) {
            while (c.up && !c.running.isEmpty() && c.running.peek() <= t) {
                c.running.poll();
            }
        }
        for (int i = warehouse.minClusters(); i < clusters.length; i++) {
            Cluster c = clusters[i];
            long idleFrom = Math.max(c.lastEndMs, c.readyAtMs);
            if (c.up && c.running.isEmpty() && idleFrom + SPIN_DOWN_IDLE_MS <= t) {
                stopCluster(c, idleFrom + SPIN_DOWN_IDLE_MS, "SUSPEND_CLUSTER", "MULTICLUSTER_SPINDOWN");
            }
        }
        long suspendAt = suspendTime();
        if (suspendAt <= t) {
            suspend(suspendAt);
        }
    }

    /** When the warehouse would suspend if nothing else arrives; {@code Long.MAX_VALUE} while busy or never. */
    private long suspendTime() {
        if (warehouse.autoSuspendSeconds() <= 0) {
            return Long.MAX_VALUE;
        }
        long last = Long.MIN_VALUE;
        long extrasDown = extrasStoppedMs;
        for (Cluster c : clusters) {
            long idleFrom = Math.max(c.lastEndMs, c.readyAtMs);
            // idle since the last query ended on any cluster, an extra one that has stopped since included
            last = Math.max(last, idleFrom);
            if (!c.up) {
                continue;
            }
            if (!c.running.isEmpty()) {
                return Long.MAX_VALUE;
            }
            if (c.number > warehouse.minClusters()) {
                extrasDown = Math.max(extrasDown, idleFrom + SPIN_DOWN_IDLE_MS);
            }
        }
        long delay = ((warehouse.autoSuspendSeconds() * 1000L + SUSPEND_CHECK_MS - 1) / SUSPEND_CHECK_MS)
                * SUSPEND_CHECK_MS;
        return Math.max(last + delay, extrasDown);
    }

    private void resume(long t) {
        up = true;
        extrasStoppedMs = Long.MIN_VALUE;
        long provisioning = 800 + random.nextLong(1_700);
        sink.event(new WarehouseEvent(Instant.ofEpochMilli(t), warehouse.id(), warehouse.name(), null,
                "RESUME_WAREHOUSE", "WAREHOUSE_AUTORESUME", "STARTED"));
        sink.event(new WarehouseEvent(Instant.ofEpochMilli(t + provisioning), warehouse.id(), warehouse.name(), null,
                "RESUME_WAREHOUSE", "WAREHOUSE_AUTORESUME", "COMPLETED"));
        for (int i = 0; i < warehouse.minClusters(); i++) {
            Cluster c = clusters[i];
            c.up = true;
            c.upSinceMs = t;
            c.readyAtMs = t + provisioning;
            c.lastEndMs = c.readyAtMs;
        }
    }

    private void startCluster(Cluster c, long t, String event, String reason) {
        long provisioning = 1_500 + random.nextLong(4_000);
        c.up = true;
        c.upSinceMs = t;
        c.readyAtMs = t + provisioning;
        c.lastEndMs = c.readyAtMs;
        sink.event(new WarehouseEvent(Instant.ofEpochMilli(t), warehouse.id(), warehouse.name(), c.number, event,
                reason, "STARTED"));
        sink.event(new WarehouseEvent(Instant.ofEpochMilli(c.readyAtMs), warehouse.id(), warehouse.name(), c.number,
                event, reason, "COMPLETED"));
    }

    private void stopCluster(Cluster c, long at, String event, String reason) {
        long billedUntil = Math.max(at, c.upSinceMs + MINIMUM_BILLED_MS);
        addBilled(c.upSinceMs, billedUntil);
        c.up = false;
        c.running.clear();
        extrasStoppedMs = Math.max(extrasStoppedMs, at);
        sink.event(new WarehouseEvent(Instant.ofEpochMilli(at), warehouse.id(), warehouse.name(), c.number, event,
                reason, "STARTED"));
        sink.event(new WarehouseEvent(Instant.ofEpochMilli(at + 1_000), warehouse.id(), warehouse.name(), c.number,
                event, reason, "COMPLETED"));
    }

    private void suspend(long at) {
        for (Cluster c : clusters) {
            if (c.up) {
                long billedUntil = Math.max(at, c.upSinceMs + MINIMUM_BILLED_MS);
                addBilled(c.upSinceMs, billedUntil);
                c.up = false;
            }
        }
        up = false;
        sink.event(new WarehouseEvent(Instant.ofEpochMilli(at), warehouse.id(), warehouse.name(), null,
                "SUSPEND_WAREHOUSE", "WAREHOUSE_AUTOSUSPEND", "STARTED"));
        sink.event(new WarehouseEvent(Instant.ofEpochMilli(at + 1_000), warehouse.id(), warehouse.name(), null,
                "SUSPEND_WAREHOUSE", "WAREHOUSE_AUTOSUSPEND", "COMPLETED"));
        flush();
    }

    /** Ends the period: every query finishes, the warehouse suspends, everything still held is written. */
    void finish() {
        advanceTo(Long.MAX_VALUE - 1);
        if (up) {
            suspend(suspendTime());
        }
        flush();
        for (int h = 0; h < billedMs.length; h++) {
            if (billedMs[h] == 0 && cloudNanos[h] == 0) {
                continue;
            }
            sink.meteringHour(new MeteringHour(warehouse.id(), warehouse.name(),
                    Instant.ofEpochMilli(periodStartMs + h * HOUR_MS), computeCredits(h), nanos(cloudNanos[h]),
                    credits(attributedMs[h])));
        }
        for (int b = 0; b < upMs.length; b++) {
            if (upMs[b] == 0 && runningMs[b] == 0 && queuedMs[b] == 0 && provisioningMs[b] == 0) {
                continue;
            }
            sink.load(new LoadInterval(warehouse.id(), warehouse.name(),
                    Instant.ofEpochMilli(periodStartMs + b * LOAD_MS), average(runningMs[b]), average(queuedMs[b]),
                    average(provisioningMs[b]), BigDecimal.ZERO.setScale(3)));
        }
    }

    /** The compute credits metered in hour {@code h}. */
    BigDecimal computeCredits(int h) {
        return warehouse.creditsPerHour().multiply(BigDecimal.valueOf(billedMs[h]))
                .divide(BigDecimal.valueOf(HOUR_MS), 9, RoundingMode.HALF_UP);
    }

    BigDecimal cloudServicesCredits(int h) {
        return nanos(cloudNanos[h]);
    }

    BigDecimal accelerationCredits(int h) {
        return nanos(accelerationNanos[h]);
    }

    int hours() {
        return billedMs.length;
    }

    private static BigDecimal nanos(long n) {
        return BigDecimal.valueOf(n, 9);
    }

    private BigDecimal credits(double clusterMs) {
        return BigDecimal.valueOf(Math.round(clusterMs * creditsPerMs * 1e9), 9);
    }

    private static BigDecimal average(double ms) {
        return BigDecimal.valueOf(ms / LOAD_MS).setScale(3, RoundingMode.HALF_UP);
    }

    private void addBilled(long from, long to) {
        for (long t = from; t < to; ) {
            int h = hour(t);
            long end = Math.min(to, periodStartMs + (h + 1) * HOUR_MS);
            billedMs[h] += end - t;
            t = end;
        }
        spread(upMs, from, to, 1);
    }

    private int hour(long t) {
        return (int) Math.floorDiv(t - periodStartMs, HOUR_MS);
    }

    private void spread(double[] buckets, long from, long to, double weight) {
        for (long t = from; t < to; ) {
            int b = (int) Math.floorDiv(t - periodStartMs, LOAD_MS);
            long end = Math.min(to, periodStartMs + (b + 1) * LOAD_MS);
            buckets[b] += (end - t) * weight;
            t = end;
        }
    }

    /** Shares every busy instant of each cluster among the queries running then, and writes the held queries. */
    private void flush() {
        if (buffer.isEmpty()) {
            return;
        }
        for (Cluster c : clusters) {
            attribute(c.number);
        }
        for (Pending q : buffer) {
            write(q);
        }
        buffer.clear();
    }

    private void attribute(int cluster) {
        List<Pending> mine = new ArrayList<>();
        for (Pending q : buffer) {
            if (q.cluster == cluster) {
                mine.add(q);
            }
        }
        if (mine.isEmpty()) {
            return;
        }
        int n = mine.size();
        long[] times = new long[2 * n];
        int[] who = new int[2 * n];
        Integer[] order = new Integer[2 * n];
        for (int i = 0; i < n; i++) {
            times[2 * i] = mine.get(i).executionStartMs;
            who[2 * i] = i + 1; // start
            times[2 * i + 1] = mine.get(i).executionEndMs;
            who[2 * i + 1] = -(i + 1); // end
        }
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // ends before starts at the same instant
        Arrays.sort(order, (a, b) -> times[a] != times[b] ? Long.compare(times[a], times[b])
                : Integer.compare(who[a], who[b]));
        List<Pending> active = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (int e : order) {
            long t = times[e];
            if (!active.isEmpty() && t > previous) {
                int attributed = 0;
                for (Pending q : active) {
                    if (attributable(q)) {
                        attributed++;
                    }
                }
                double each = (double) (t - previous) / active.size();
                for (Pending q : active) {
                    q.shareMs += each;
                }
                for (long s = previous; s < t; ) {
                    int h = hour(s);
                    long end = Math.min(t, periodStartMs + (h + 1) * HOUR_MS);
                    attributedMs[h] += (double) (end - s) * attributed / active.size();
                    s = end;
                }
            }
            previous = t;
            Pending q = mine.get(Math.abs(who[e]) - 1);
            if (who[e] > 0) {
                active.add(q);
            } else {
                active.remove(q);
            }
        }
    }

    /** QUERY_ATTRIBUTION_HISTORY leaves out queries of 100 ms or less. */
    private static boolean attributable(Pending q) {
        return q.executionEndMs - q.executionStartMs > 100;
    }

    private void write(Pending q) {
        Workload.Pattern p = q.pattern;
        long executionMs = q.executionEndMs - q.executionStartMs;
        int hour = hour(q.submittedMs);
        // cloud services: compilation (and a stage's file listing) at about 4.4 credits an hour, plus a small base
        long cloud = q.compilationMs * 1_222 + 2_000 + random.nextLong(8_000);
        cloudNanos[hour] += cloud;
        long bytes = (long) (executionMs / 1000.0 * 60e6 * warehouse.creditsPerHour().doubleValue()
                * Math.exp(0.5 * Workload.gaussian(random)));
        double memory = 16e9 * warehouse.creditsPerHour().doubleValue();
        long spillLocal = bytes > memory * 0.6 ? (long) (bytes * (0.1 + 0.5 * random.nextDouble())) : 0;
        long spillRemote = bytes > memory * 6 ? (long) (bytes * (0.05 + 0.2 * random.nextDouble())) : 0;
        long partitionsTotal = Math.max(1, bytes / 16_000_000 * (2 + random.nextInt(40)));
        long partitionsScanned = Math.max(1, Math.min(partitionsTotal, bytes / 16_000_000 + 1));
        long acceleration = 0;
        long accelerationCredits = 0;
        if (warehouse.queryAcceleration() && executionMs > 30_000 && random.nextDouble() < 0.2) {
            acceleration = bytes / 3;
            accelerationCredits = acceleration / 20_000; // nano-credits: 0.05 credits per TB scanned by the service
            accelerationNanos[hour(q.executionStartMs)] += accelerationCredits;
        }
        boolean failed = random.nextDouble() < 0.015;
        long queued = q.overloadMs;
        spread(runningMs, q.executionStartMs, q.executionEndMs, 1);
        spread(queuedMs, q.executionStartMs - queued, q.executionStartMs, 1);
        spread(provisioningMs, q.executionStartMs - queued - q.provisioningMs, q.executionStartMs - queued, 1);
        String text = p.text().replace("{p}", q.param);
        String dashboard = p.tag() == Workload.TagStyle.KEY_VALUE && p.queryType().equals("SELECT")
                ? "dashboard=" + p.table().toLowerCase().replace('_', '-') : null;
        String queryId = String.format("01b8%04x-%04x-%04x-0000-%012x", hour / 24, index, q.cluster, q.seq);
        String parameterized = hash(p.text().hashCode() * 31L + p.table().hashCode());
        Query row = new Query(queryId, text, p.database(), p.schema(), p.queryType(), p.user(), p.role(),
                warehouse.id(), warehouse.name(), warehouse.size(), warehouse.type(), q.cluster, p.tag(dashboard),
                failed ? "FAIL" : "SUCCESS", failed ? "000630" : null, Instant.ofEpochMilli(q.submittedMs),
                Instant.ofEpochMilli(q.executionEndMs), q.executionEndMs - q.submittedMs, bytes,
                q.coldCache ? 0 : Math.round(random.nextDouble() * 900) / 1000.0, partitionsScanned, partitionsTotal,
                spillLocal, spillRemote, failed ? 0 : (long) Math.exp(6 + 2 * random.nextDouble() * 3),
                q.compilationMs, executionMs, q.provisioningMs, 0, queued, 0, nanos(cloud),
                Math.max(1, 100 / q.concurrent), acceleration, hash(text.hashCode() * 131L + 7),
                parameterized, attributable(q) ? credits(q.shareMs) : null,
                acceleration > 0 ? nanos(accelerationCredits) : null);
        sink.query(row);
        Long table = tableIds.get(p.database() + "." + p.schema() + "." + p.table());
        if (table != null && p.queryType().equals("SELECT") && !failed) {
            sink.tableRead(new TableRead(queryId, row.startTime(), p.user(), table,
                    p.database() + "." + p.schema() + "." + p.table()));
        }
    }

    /** A 32-hex-digit hash, as QUERY_HASH looks. */
    static String hash(long seed) {
        return String.format("%016x%016x", mix(seed), mix(seed ^ 0x9E3779B97F4A7C15L));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
