package io.ledgerhouse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.allocate.AllocationService;
import io.ledgerhouse.allocate.ChargebackService;
import io.ledgerhouse.allocate.RuleService;
import io.ledgerhouse.allocate.engine.Match;
import io.ledgerhouse.collect.snowflake.SnowflakeCollector;
import io.ledgerhouse.trial.DemoSnowflakeLoader;
import io.ledgerhouse.trial.engine.SnowflakeAccountGenerator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Allocation throughput against the physical limit, in one run: a generated Snowflake account of about ten million
 * queries ({@code -Dbench.allocationQueries=N}) over 30 days and 50 warehouses, all inside one calendar month
 * ({@code -Dbench.allocationMonth=YYYY-MM}, default 2026-11, which has 30 days), is collected into the store by
 * {@link DemoSnowflakeLoader} (untimed; its seconds are reported), a few rules like a customer's are set up (by query
 * tag, by warehouse, by user and by database), and then one {@link AllocationService#run} allocates the month, with the
 * JVM capped at 256 MB of heap by the bench profile. Reported: the run's seconds, queries per second, the peak heap in
 * use during the run (sampled), the most heap still in use right after a collection, and the full collections.
 *
 * <p>The physical limit, measured in the same run and on the same (warm) data: one plain sequential scan, by one
 * backend (no parallel workers, since the allocation reads through one connection), of the month's {@code sf_query}
 * rows of the source, aggregating every column the allocator reads from that table, so that every row is fetched
 * and every such value deformed once ({@code scanSeconds}). That is the least work any allocation of those queries has
 * to do in PostgreSQL; the figure that matters is {@code allocateToScanRatio}. For context, the time to ship the
 * same columns joined with {@code sf_query_attribution} to the JVM (COPY to a sink that discards them) is reported as
 * {@code copyOutSeconds}.
 *
 * <p>The run must be correct to count: it must succeed, the chargeback statement's difference must be zero in every
 * currency, and the rules must have assigned part of the cost to teams. Results go to
 * {@code target/bench/allocation.json} and are printed as a line starting with {@code BENCH}. The fixture schema (the
 * simulated ACCOUNT_USAGE) is dropped once collected.
 *
 * <p>Run with {@code ./mvnw -Pbench verify -Dtest=AllocationBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
@TestProfile(AllocationBenchmark.WholeMonth.class)
@Tag("bench")
class AllocationBenchmark {

    /** The collector's first run reads 30 days back from now; the fixture's month must be read whole, whenever run. */
    public static class WholeMonth implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ledgerhouse.snowflake.initial-lookback", "3650d");
        }
    }

    private static final String SCHEMA = "alloc_bench_au";
    private static final String SOURCE = "sf-alloc-bench";
    private static final int DAYS = 30;
    private static final int WAREHOUSES = 50;

    /** Every sf_query column the allocator reads (see AllocationInputs). */
    private static final String[] QUERY_COLUMNS = {"query_id", "start_time", "end_time", "execution_time",
        "warehouse_id", "warehouse_name", "warehouse_size", "warehouse_type", "cluster_number",
        "credits_used_cloud_services", "query_acceleration_bytes_scanned", "query_parameterized_hash",
        "database_name", "schema_name", "user_name", "role_name", "query_tag"};

    @Inject
    DemoSnowflakeLoader loader;
    @Inject
    AllocationService allocation;
    @Inject
    ChargebackService chargeback;
    @Inject
    RuleService rules;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper json;

    @Test
    void allocationRunsAtAFractionOfSequentialScanSpeed() throws Exception {
        long target = Long.getLong("bench.allocationQueries", 10_000_000L);
        YearMonth month = YearMonth.parse(System.getProperty("bench.allocationMonth", "2026-11"));
        assertThat(month.lengthOfMonth()).as("the 30 days must fall in one month").isGreaterThanOrEqualTo(DAYS);
        LocalDate start = month.atDay(1);
        SnowflakeAccountGenerator.Spec spec = new SnowflakeAccountGenerator.Spec(2026, start, DAYS, WAREHOUSES,
                target);

        long l0 = System.nanoTime();
        SnowflakeCollector.RunReport load = loader.load(SOURCE, SCHEMA, spec);
        double loadSeconds = (System.nanoTime() - l0) / 1e9;
        assertThat(load.status()).as(load.error()).isEqualTo("SUCCEEDED");
        long sourceId;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
            try (ResultSet rs = s.executeQuery("SELECT id FROM source WHERE name = '" + SOURCE + "'")) {
                rs.next();
                sourceId = rs.getLong(1);
            }
            // what autovacuum does after a large collection, done now so the plans do not depend on its timing
            s.execute("ANALYZE sf_query");
            s.execute("ANALYZE sf_query_attribution");
            s.execute("ANALYZE charge");
            s.execute("ANALYZE sf_metering");
        }

        rules.create(rule(10, start, new Match.Builder().queryTagKey("team").build(), "{queryTag.team}",
                "{queryTag.workload}", null));
        rules.create(rule(20, start, new Match.Builder().warehouse("TRANSFORM_WH").build(), "data-platform", "etl",
                null));
        rules.create(rule(21, start, new Match.Builder().warehouse("BI_WH").build(), "finance", "dashboards",
                "CC-200"));
        rules.create(rule(22, start, new Match.Builder().user("SAM_OKAFOR").build(), "growth", "analysis", null));
        rules.create(rule(30, start, new Match.Builder().database("ANALYTICS").build(), "data-platform", "storage",
                null));

        Instant from = start.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Scan warmUp = scan(sourceId, from, to); // reads the rows once so the scan and the run both find them cached

        AfterGc afterGc = new AfterGc();
        long t0 = System.nanoTime();
        AllocationService.RunSummary run;
        long peakHeap;
        try (HeapSampler heap = new HeapSampler()) {
            run = allocation.run(SOURCE, month);
            peakHeap = heap.peakBytes();
        } finally {
            afterGc.close();
        }
        double allocateSeconds = (System.nanoTime() - t0) / 1e9;
        assertThat(run.status()).as(run.error()).isEqualTo("SUCCEEDED");
        assertThat(run.totals()).isNotEmpty();
        for (Map<String, BigDecimal> t : run.totals().values()) {
            assertThat(t.get("difference")).isEqualByComparingTo(BigDecimal.ZERO);
            assertThat(t.get("teams")).isPositive();
        }
        ChargebackService.Statement statement = chargeback.statement(month);
        assertThat(statement.totals()).isNotEmpty().allSatisfy(r -> assertThat(r.difference())
                .isEqualByComparingTo(BigDecimal.ZERO));

        Scan scan = scan(sourceId, from, to);
        assertThat(scan.rows()).isEqualTo(warmUp.rows()).isEqualTo(load.rowsByView().get("QUERY_HISTORY"));
        assertThat(run.queries()).isGreaterThanOrEqualTo(scan.rows());
        double copyOutSeconds = copyOut(sourceId, from, to);
        // what the run wrote, with an order-independent checksum of every column but the run id: equal checksums
        // for equal inputs show that a change to the allocation code left its results as they were
        String[] allocationDigest = digest("SELECT charge_id, charge_period_start, currency, team, workload, "
                + "cost_center, category, method, rule_id, rule_version, warehouse, credits, amount FROM allocation "
                + "WHERE source_id = " + sourceId + " AND month = '" + month.atDay(1) + "'");
        String[] queryCostDigest = digest("SELECT usage_day, query_id, start_time, warehouse, user_name, role_name, "
                + "query_parameterized_hash, team, workload, category, method, rule_id, rule_version, currency, "
                + "credits, amount FROM query_cost WHERE source_id = " + sourceId + " AND month = '"
                + month.atDay(1) + "'");
        long allocationRows = Long.parseLong(allocationDigest[0]);
        long queryCostRows = Long.parseLong(queryCostDigest[0]);

        ObjectNode result = json.createObjectNode();
        result.put("benchmark", "allocation");
        result.put("month", month.toString());
        result.put("days", DAYS);
        result.put("warehouses", WAREHOUSES);
        result.put("targetQueries", target);
        result.put("queryRows", scan.rows());
        result.put("fixtureLoadSeconds", loadSeconds);
        result.put("charges", run.charges());
        result.put("queriesAllocated", run.queries());
        result.put("allocationRows", allocationRows);
        result.put("queryCostRows", queryCostRows);
        result.put("allocationChecksum", allocationDigest[1]);
        result.put("queryCostChecksum", queryCostDigest[1]);
        result.put("heapMaxBytes", Runtime.getRuntime().maxMemory());
        result.put("peakHeapBytesDuringAllocation", peakHeap);
        result.put("peakHeapAfterGcBytesDuringAllocation", afterGc.peak.get());
        result.put("fullGcsDuringAllocation", afterGc.full.get());
        result.put("allocateSeconds", allocateSeconds);
        result.put("queriesPerSecond", scan.rows() / allocateSeconds);
        result.put("scanSeconds", scan.seconds());
        result.put("firstScanSeconds", warmUp.seconds());
        result.put("scanRowsPerSecond", scan.rows() / scan.seconds());
        result.put("allocateToScanRatio", allocateSeconds / scan.seconds());
        result.put("copyOutSeconds", copyOutSeconds);
        result.set("totals", json.valueToTree(run.totals()));
        Path dir = Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(dir.resolve("allocation.json"), json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(result));
        System.out.println("BENCH " + result);
    }

    /** Row count and the sum of the rows' 64-bit text hashes (independent of row order) of {@code select}. */
    private String[] digest(String select) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(hashtextextended(t::text, 0)::numeric), "
                        + "0) FROM (" + select + ") t")) {
            rs.next();
            return new String[] {Long.toString(rs.getLong(1)), rs.getBigDecimal(2).toPlainString()};
        }
    }

    private static RuleService.RuleRequest rule(int position, LocalDate from, Match match, String team,
            String workload, String costCenter) {
        return new RuleService.RuleRequest(position, from, match, team, workload, costCenter, "allocation benchmark");
    }

    private record Scan(long rows, double seconds) {
    }

    /**
     * The most heap in use right after any collection while open (what the run really holds, where the sum of the
     * pools' peaks also counts garbage not yet collected), and how many full collections there were.
     */
    private static final class AfterGc implements AutoCloseable {
        /** Only the heap's pools: metaspace and the code cache are not what the run holds. */
        static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
                .collect(java.util.stream.Collectors.toSet());
        final AtomicLong peak = new AtomicLong();
        final AtomicLong full = new AtomicLong();
        private final List<Runnable> removals = new ArrayList<>();

        AfterGc() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (!(gc instanceof NotificationEmitter emitter)) {
                    continue;
                }
                NotificationListener listener = (n, handback) -> {
                    if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                            (CompositeData) n.getUserData());
                    long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                            .filter(e -> HEAP_POOLS.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed())
                            .sum();
                    peak.accumulateAndGet(used, Math::max);
                    if (info.getGcAction().contains("major")) {
                        full.incrementAndGet();
                    }
                };
                emitter.addNotificationListener(listener, null, null);
                removals.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (ListenerNotFoundException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        }

        @Override
        public void close() {
            removals.forEach(Runnable::run);
        }
    }

    /**
     * One sequential scan of the source's query rows of the month, by one backend, touching every column the
     * allocator reads (count(column) deforms each value; the sums keep the numbers honest).
     */
    private Scan scan(long sourceId, Instant from, Instant to) throws Exception {
        StringBuilder sql = new StringBuilder("SELECT count(*), sum(execution_time), sum(credits_used_cloud_services)");
        for (String column : QUERY_COLUMNS) {
            sql.append(", count(").append(column).append(')');
        }
        sql.append(" FROM sf_query WHERE source_id = ? AND start_time >= ? AND start_time < ?");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL enable_indexscan = off");
                s.execute("SET LOCAL enable_bitmapscan = off");
                s.execute("SET LOCAL enable_indexonlyscan = off");
                s.execute("SET LOCAL max_parallel_workers_per_gather = 0");
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setLong(1, sourceId);
                ps.setTimestamp(2, Timestamp.from(from));
                ps.setTimestamp(3, Timestamp.from(to));
                long t0 = System.nanoTime();
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    long rows = rs.getLong(1);
                    c.rollback();
                    return new Scan(rows, seconds);
                }
            }
        }
    }

    /** Seconds to send the allocator's query columns (with the attributed credits) to the JVM, discarding them. */
    private double copyOut(long sourceId, Instant from, Instant to) throws Exception {
        String sql = "COPY (SELECT q." + String.join(", q.", QUERY_COLUMNS) + ", a.credits_attributed_compute "
                + "FROM sf_query q LEFT JOIN sf_query_attribution a ON a.source_id = q.source_id "
                + "AND a.query_id = q.query_id WHERE q.source_id = " + sourceId + " AND q.start_time >= '" + from
                + "' AND q.start_time < '" + to + "') TO STDOUT";
        try (Connection c = dataSource.getConnection()) {
            long t0 = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, OutputStream.nullOutputStream());
            return (System.nanoTime() - t0) / 1e9;
        }
    }
}
