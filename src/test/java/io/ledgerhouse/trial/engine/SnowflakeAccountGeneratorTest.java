package io.ledgerhouse.trial.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ledgerhouse.trial.engine.GeneratedAccount.DailyUsage;
import io.ledgerhouse.trial.engine.GeneratedAccount.MeteringHour;
import io.ledgerhouse.trial.engine.GeneratedAccount.Query;
import io.ledgerhouse.trial.engine.GeneratedAccount.Warehouse;
import io.ledgerhouse.trial.engine.GeneratedAccount.WarehouseEvent;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated account behaves like a Snowflake account: metering follows from the queries and the settings, and the
 * workload has the shapes the allocation and the advisor must cope with.
 *
 * <pre>
 * spec: seed 42, 14 days from Monday 2026-10-05, six warehouses (one of each kind), about 20,000 queries
 * </pre>
 */
class SnowflakeAccountGeneratorTest {

    static final SnowflakeAccountGenerator.Spec SPEC = new SnowflakeAccountGenerator.Spec(42,
            LocalDate.of(2026, 10, 5), 14, 6, 20_000);
    static Collected account;
    static SnowflakeAccountGenerator.Totals totals;

    /** Keeps every row in memory (fine at this size). */
    static final class Collected extends GeneratedAccount.IgnoringSink {
        final List<Warehouse> warehouses = new ArrayList<>();
        final List<Query> queries = new ArrayList<>();
        final List<MeteringHour> hours = new ArrayList<>();
        final List<WarehouseEvent> events = new ArrayList<>();
        final List<DailyUsage> days = new ArrayList<>();
        final List<GeneratedAccount.ServiceHour> services = new ArrayList<>();
        final List<GeneratedAccount.LoadInterval> loads = new ArrayList<>();
        final List<GeneratedAccount.TableRead> reads = new ArrayList<>();
        final List<GeneratedAccount.TableStorage> tables = new ArrayList<>();
        final List<GeneratedAccount.DatabaseStorage> storage = new ArrayList<>();
        final List<GeneratedAccount.Rate> rates = new ArrayList<>();

        @Override
        public void warehouse(Warehouse w) {
            warehouses.add(w);
        }

        @Override
        public void query(Query q) {
            queries.add(q);
        }

        @Override
        public void meteringHour(MeteringHour h) {
            hours.add(h);
        }

        @Override
        public void event(WarehouseEvent e) {
            events.add(e);
        }

        @Override
        public void dailyMetering(DailyUsage d) {
            days.add(d);
        }

        @Override
        public void serviceHour(GeneratedAccount.ServiceHour s) {
            services.add(s);
        }

        @Override
        public void load(GeneratedAccount.LoadInterval l) {
            loads.add(l);
        }

        @Override
        public void tableRead(GeneratedAccount.TableRead r) {
            reads.add(r);
        }

        @Override
        public void table(GeneratedAccount.TableStorage t) {
            tables.add(t);
        }

        @Override
        public void databaseStorage(GeneratedAccount.DatabaseStorage d) {
            storage.add(d);
        }

        @Override
        public void rate(GeneratedAccount.Rate r) {
            rates.add(r);
        }
    }

    @BeforeAll
    static void generate() {
        account = new Collected();
        totals = new SnowflakeAccountGenerator().generate(SPEC, account);
    }

    @Test
    void theSameSeedGivesTheSameAccountAndAnotherSeedAnother() {
        Collected again = new Collected();
        new SnowflakeAccountGenerator().generate(SPEC, again);
        assertThat(again.queries).isEqualTo(account.queries);
        assertThat(again.hours).isEqualTo(account.hours);
        assertThat(again.events).isEqualTo(account.events);

        Collected other = new Collected();
        new SnowflakeAccountGenerator().generate(new SnowflakeAccountGenerator.Spec(43, SPEC.start(), SPEC.days(),
                SPEC.warehouses(), SPEC.targetQueries()), other);
        assertThat(other.queries).isNotEqualTo(account.queries);
    }

    @Test
    void theAccountHasAboutTheRequestedSizeWithUniqueQueryIdsInsideThePeriod() {
        assertThat(totals.queries()).isEqualTo(account.queries.size()).isBetween(17_000L, 23_000L);
        assertThat(account.queries.stream().map(Query::queryId).distinct().count()).isEqualTo(totals.queries());
        assertThat(account.queries).allSatisfy(q -> {
            assertThat(q.startTime()).isAfterOrEqualTo(SPEC.startInstant());
            assertThat(q.endTime()).isBefore(SPEC.end());
            assertThat(q.totalElapsedMs()).isEqualTo(q.compilationMs() + q.queuedProvisioningMs()
                    + q.queuedOverloadMs() + q.executionMs());
        });
    }

    /**
     * Rebuilds each cluster's running periods from WAREHOUSE_EVENTS_HISTORY and bills them as Snowflake does (per
     * second, at least 60 seconds per start): that is exactly the metered compute of each warehouse.
     */
    @Test
    void meteredComputeIsTheBilledRunningTimeOfTheClustersWithTheSixtySecondMinimum() {
        Map<Long, Warehouse> byId = account.warehouses.stream().collect(Collectors.toMap(Warehouse::id, w -> w));
        Map<Long, BigDecimal> metered = new HashMap<>();
        account.hours.forEach(h -> metered.merge(h.warehouseId(), h.creditsCompute(), BigDecimal::add));
        Map<Long, Long> billedMs = new HashMap<>();
        Map<Long, Integer> minimumApplied = new HashMap<>();
        Map<String, Instant> upSince = new HashMap<>();
        List<WarehouseEvent> started = account.events.stream().filter(e -> e.eventState().equals("STARTED"))
                .sorted(Comparator.comparing(WarehouseEvent::timestamp)).toList();
        for (WarehouseEvent e : started) {
            Warehouse w = byId.get(e.warehouseId());
            switch (e.eventName()) {
                case "RESUME_WAREHOUSE" -> {
                    for (int c = 1; c <= w.minClusters(); c++) {
                        upSince.put(w.id() + "/" + c, e.timestamp());
                    }
                }
                case "RESUME_CLUSTER" -> upSince.put(w.id() + "/" + e.clusterNumber(), e.timestamp());
                case "SUSPEND_CLUSTER", "SUSPEND_WAREHOUSE" -> {
                    for (int c = 1; c <= w.maxClusters(); c++) {
                        if (e.clusterNumber() != null && e.clusterNumber() != c) {
                            continue;
                        }
                        Instant since = upSince.remove(w.id() + "/" + c);
                        if (since == null) {
                            continue;
                        }
                        long ran = e.timestamp().toEpochMilli() - since.toEpochMilli();
                        billedMs.merge(w.id(), Math.max(ran, 60_000), Long::sum);
                        if (ran < 60_000) {
                            minimumApplied.merge(w.id(), 1, Integer::sum);
                        }
                    }
                }
                default -> throw new AssertionError(e);
            }
        }
        assertThat(upSince).as("every cluster that started also stopped").isEmpty();
        for (Warehouse w : account.warehouses) {
            BigDecimal expected = w.creditsPerHour().multiply(BigDecimal.valueOf(billedMs.get(w.id())))
                    .divide(BigDecimal.valueOf(3_600_000), 9, java.math.RoundingMode.HALF_UP);
            assertThat(metered.get(w.id())).as(w.name()).isCloseTo(expected, within(new BigDecimal("0.000001")));
        }
        Warehouse load = account.warehouses.stream().filter(w -> w.name().equals("LOAD_WH")).findFirst().orElseThrow();
        assertThat(minimumApplied.get(load.id())).as("short ingestion runs are billed a full minute").isGreaterThan(50);
    }

    @Test
    void everyQueryRunsWhileItsClusterIsUpAndAttributionNeverExceedsTheMeter() {
        for (MeteringHour h : account.hours) {
            assertThat(h.creditsAttributedComputeQueries()).isLessThanOrEqualTo(h.creditsCompute());
        }
        BigDecimal attributedQueries = account.queries.stream().map(Query::attributedComputeCredits)
                .filter(java.util.Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal attributedHours = account.hours.stream().map(MeteringHour::creditsAttributedComputeQueries)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(attributedQueries).isCloseTo(attributedHours, within(new BigDecimal("0.01")));
        BigDecimal compute = account.hours.stream().map(MeteringHour::creditsCompute)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(attributedHours).as("idle is a real share of the bill").isLessThan(compute.multiply(
                new BigDecimal("0.9")));
        // queries of 100 ms or less are not attributed, as in QUERY_ATTRIBUTION_HISTORY
        assertThat(account.queries).allSatisfy(q -> assertThat(q.attributedComputeCredits() == null)
                .isEqualTo(q.executionMs() <= 100));
    }

    @Test
    void dailyMeteringCarriesTheTenPercentCloudServicesAdjustment() {
        Map<LocalDate, BigDecimal[]> hourly = new TreeMap<>();
        for (MeteringHour h : account.hours) {
            BigDecimal[] d = hourly.computeIfAbsent(LocalDate.ofInstant(h.startTime(), ZoneOffset.UTC),
                    k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            d[0] = d[0].add(h.creditsCompute());
            d[1] = d[1].add(h.creditsCloudServices());
        }
        List<DailyUsage> warehouseDays = account.days.stream()
                .filter(d -> d.serviceType().equals("WAREHOUSE_METERING")).toList();
        assertThat(warehouseDays).hasSize(hourly.size());
        int above = 0;
        int below = 0;
        for (DailyUsage d : warehouseDays) {
            BigDecimal[] h = hourly.get(d.usageDate());
            assertThat(d.creditsCompute()).isEqualByComparingTo(h[0]);
            assertThat(d.creditsCloudServices()).isEqualByComparingTo(h[1]);
            BigDecimal tenPercent = h[0].multiply(new BigDecimal("0.1"));
            // the view reports credits to nine decimals
            assertThat(d.creditsAdjustmentCloudServices()).isEqualByComparingTo(h[1].min(tenPercent).negate()
                    .setScale(9, java.math.RoundingMode.HALF_UP));
            if (h[1].compareTo(tenPercent) > 0) {
                above++;
            } else {
                below++;
            }
        }
        assertThat(above).as("days whose cloud services exceed 10% of compute").isPositive();
        assertThat(below).as("days whose cloud services are free").isPositive();
        assertThat(account.services).extracting(GeneratedAccount.ServiceHour::serviceType)
                .contains("AUTO_CLUSTERING", "PIPE", "SERVERLESS_TASK", "QUERY_ACCELERATION", "WAREHOUSE_METERING");
    }

    @Test
    void theWorkloadHasTheShapesOfARealAccount() {
        List<Query> bi = account.queries.stream().filter(q -> q.warehouseName().equals("BI_WH")).toList();
        // diurnal and weekly: office hours on weekdays dominate
        long tenAm = bi.stream().filter(q -> hour(q) == 10 && weekday(q)).count();
        long threeAm = bi.stream().filter(q -> hour(q) == 3 && weekday(q)).count();
        long weekend = bi.stream().filter(q -> !weekday(q)).count();
        assertThat(tenAm).isGreaterThan(20 * Math.max(1, threeAm));
        assertThat(weekend * 10).isLessThan(bi.size());
        // heavy tails: the slowest 1% of ad hoc queries run many times longer than the median
        long[] adhoc = account.queries.stream().filter(q -> q.warehouseName().equals("ADHOC_WH"))
                .mapToLong(Query::executionMs).sorted().toArray();
        assertThat(adhoc[adhoc.length * 99 / 100]).isGreaterThan(20 * adhoc[adhoc.length / 2]);
        // dashboard bursts queue and spin up more clusters
        assertThat(bi).anyMatch(q -> q.queuedOverloadMs() > 0);
        assertThat(bi).anyMatch(q -> q.clusterNumber() == 2);
        assertThat(account.events).anyMatch(e -> e.eventReason().equals("MULTICLUSTER_SPINUP"));
        assertThat(account.queries).anyMatch(q -> q.queuedProvisioningMs() > 0);
        // spilling, locally and remotely
        assertThat(account.queries).anyMatch(q -> q.bytesSpilledLocal() > 0);
        assertThat(account.queries).anyMatch(q -> q.bytesSpilledRemote() > 0);
        // teams through query tags of every style, and untagged work
        assertThat(account.queries).anyMatch(q -> q.queryTag().startsWith("{\"app\":\"dbt\""));
        assertThat(account.queries).anyMatch(q -> q.queryTag().startsWith("{\"team\":"));
        assertThat(account.queries).anyMatch(q -> q.queryTag().startsWith("team="));
        assertThat(account.queries).anyMatch(q -> q.queryTag().isEmpty());
        assertThat(account.queries.stream().map(Query::userName).distinct().count()).isGreaterThanOrEqualTo(8);
        assertThat(account.queries.stream().map(Query::roleName).distinct().count()).isGreaterThanOrEqualTo(5);
        // repeated patterns share a parameterized hash
        assertThat(account.queries.stream().map(Query::queryParameterizedHash).distinct().count()).isLessThan(40);
        // idle gaps: the notebooks' warehouse stays up 30 minutes after its last query
        assertThat(account.hours).anyMatch(h -> h.warehouseName().equals("DS_WH")
                && h.creditsAttributedComputeQueries().signum() == 0 && h.creditsCompute().signum() > 0);
        // storage, reads and prices
        assertThat(account.tables).anyMatch(GeneratedAccount.TableStorage::deleted);
        assertThat(account.tables).anyMatch(t -> account.reads.stream().noneMatch(r -> r.objectId() == t.id()));
        assertThat(account.reads).isNotEmpty();
        assertThat(account.storage).hasSize(14 * 4);
        assertThat(account.rates).extracting(GeneratedAccount.Rate::effectiveRate).map(BigDecimal::toPlainString)
                .contains("2.55", "2.40");
        assertThat(account.loads).anyMatch(l -> l.avgQueuedLoad().signum() > 0);
    }

    private static int hour(Query q) {
        return q.startTime().atZone(ZoneOffset.UTC).getHour();
    }

    private static boolean weekday(Query q) {
        DayOfWeek d = q.startTime().atZone(ZoneOffset.UTC).getDayOfWeek();
        return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY;
    }
}
