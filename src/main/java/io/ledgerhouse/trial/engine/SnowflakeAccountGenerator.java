package io.ledgerhouse.trial.engine;

import io.ledgerhouse.domain.WarehouseKind;
import io.ledgerhouse.domain.WarehouseSize;
import io.ledgerhouse.trial.engine.GeneratedAccount.DailyUsage;
import io.ledgerhouse.trial.engine.GeneratedAccount.DatabaseStorage;
import io.ledgerhouse.trial.engine.GeneratedAccount.Rate;
import io.ledgerhouse.trial.engine.GeneratedAccount.ServiceHour;
import io.ledgerhouse.trial.engine.GeneratedAccount.Sink;
import io.ledgerhouse.trial.engine.GeneratedAccount.TableStorage;
import io.ledgerhouse.trial.engine.GeneratedAccount.Warehouse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Generates a Snowflake account's ACCOUNT_USAGE history, deterministically from a seed: warehouses of the kinds in
 * {@link Workload} (dashboards on a multi-cluster warehouse, ad hoc analysis, hourly and nightly dbt, notebooks on a
 * Snowpark-optimized warehouse, 15-minute ingestion with a 30-second auto-suspend, weekly finance reporting), run by
 * {@link WarehouseSimulation} so that metering, events, load and per-query attribution all follow from the queries and
 * the settings; plus serverless services, daily metering with the cloud-services adjustment, database and table
 * storage, table reads and a contract rate sheet. The same seed and spec give the same rows.
 */
public final class SnowflakeAccountGenerator {

    /**
     * What to generate: the period (whole UTC days from {@code start}), warehouses, and about how many queries; plus
     * {@code serviceWarehouses} warehouses of an application's API after the others (short queries around the clock at
     * a fixed rate, never idle for long; none unless asked for, and not counted in {@code targetQueries}).
     */
    public record Spec(long seed, LocalDate start, int days, int warehouses, long targetQueries,
            int serviceWarehouses) {
        public Spec {
            if (days < 1 || warehouses < 1 || targetQueries < 1 || serviceWarehouses < 0) {
                throw new IllegalArgumentException("days, warehouses and target queries must be positive");
            }
        }

        public Spec(long seed, LocalDate start, int days, int warehouses, long targetQueries) {
            this(seed, start, days, warehouses, targetQueries, 0);
        }

        public Instant startInstant() {
            return start.atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        public Instant end() {
            return startInstant().plus(days, ChronoUnit.DAYS);
        }
    }

    /** No query is submitted in the last hours of the period, so everything generated has finished by its end. */
    public static final Duration QUIET_TAIL = Duration.ofHours(3);

    /** The totals of what was generated, for checks. */
    public record Totals(long queries, long meteringHours, BigDecimal computeCredits, BigDecimal cloudServicesCredits,
            BigDecimal adjustmentCredits, BigDecimal serverlessCredits) {
    }

    private record TableSpec(long id, String catalog, long catalogId, String schema, long schemaId, String name,
            long activeBytes, boolean transientTable, boolean dropped) {
    }

    private static final String[] SIZES = {"XSMALL", "SMALL", "MEDIUM", "LARGE", "XLARGE", "XXLARGE", "XXXLARGE",
        "X4LARGE"};

    /** Credits per hour per cluster of a size (standard Gen1; Snowpark-optimized 1.5 times). */
    public static BigDecimal creditsPerHour(String size, String type) {
        if (!List.of(SIZES).contains(size)) {
            throw new IllegalArgumentException("unknown warehouse size " + size);
        }
        return WarehouseKind.of(type, null).creditsPerHour(WarehouseSize.valueOf(size), WarehouseKind.Cloud.AWS);
    }

    /** Generates the account described by {@code spec} into {@code sink}. */
    public Totals generate(Spec spec, Sink sink) {
        SplittableRandom root = new SplittableRandom(spec.seed());
        long startMs = spec.startInstant().toEpochMilli();
        long cutoffMs = spec.end().minus(QUIET_TAIL).toEpochMilli();
        int hours = spec.days() * 24;
        List<TableSpec> tables = tables();
        Map<String, Long> tableIds = new LinkedHashMap<>();
        for (TableSpec t : tables) {
            if (!t.dropped()) {
                tableIds.put(t.catalog() + "." + t.schema() + "." + t.name(), t.id());
            }
        }

        List<Warehouse> warehouses = new ArrayList<>();
        List<Workload> workloads = new ArrayList<>();
        Workload[] kinds = Workload.ROTATION;
        for (int i = 0; i < spec.warehouses() + spec.serviceWarehouses(); i++) {
            boolean service = i >= spec.warehouses();
            Workload w = service ? Workload.SERVICE : kinds[i % kinds.length];
            int copy = service ? i - spec.warehouses() : i / kinds.length;
            int sizeIndex = Math.max(0, Math.min(SIZES.length - 1, List.of(SIZES).indexOf(w.size) + (copy % 3) - (copy
                    > 0 ? 1 : 0)));
            String size = SIZES[sizeIndex];
            Warehouse warehouse = new Warehouse(1000 + i, copy == 0 ? w.baseName : w.baseName + "_" + (copy + 1), size,
                    w.type, w.autoSuspend, true, w.minClusters, w.maxClusters, "STANDARD", w.accelerated > 0,
                    w.type.equals("SNOWPARK-OPTIMIZED") ? "MEMORY_16X" : "STANDARD_GEN_1",
                    creditsPerHour(size, w.type), w.workloadClass);
            warehouses.add(warehouse);
            workloads.add(w);
            sink.warehouse(warehouse);
        }

        // scale every workload by the same factor so the account has about the requested number of queries
        double expected = 0;
        for (Workload w : workloads) {
            for (int d = 0; d < spec.days(); d++) {
                expected += w.expectedPerDay(spec.start().plusDays(d).getDayOfWeek());
            }
        }
        double scale = spec.targetQueries() / expected;

        long queries = 0;
        long meteringHours = 0;
        // per day: warehouse compute and cloud services (for the daily adjustment); per hour: query acceleration
        TreeMap<LocalDate, BigDecimal[]> days = new TreeMap<>();
        CountingSink counting = new CountingSink(sink);
        List<ServiceHour> acceleration = new ArrayList<>();
        for (int i = 0; i < warehouses.size(); i++) {
            Warehouse warehouse = warehouses.get(i);
            SplittableRandom random = root.split();
            WarehouseSimulation simulation = new WarehouseSimulation(warehouse, workloads.get(i), i, hours, startMs,
                    tableIds, random.split(), counting);
            List<Workload.Arrival> pending = new ArrayList<>();
            for (int d = 0; d < spec.days(); d++) {
                LocalDate day = spec.start().plusDays(d);
                workloads.get(i).arrivals(startMs + d * 86_400_000L, day.getDayOfWeek(), scale, random, pending);
                pending.sort(Comparator.comparingLong(Workload.Arrival::atMs));
                long nextDay = startMs + (d + 1) * 86_400_000L;
                int fed = 0;
                for (Workload.Arrival a : pending) {
                    if (a.atMs() >= nextDay) {
                        break;
                    }
                    if (a.atMs() < cutoffMs) {
                        simulation.submit(a.atMs(), a.pattern());
                    }
                    fed++;
                }
                pending.subList(0, fed).clear();
            }
            simulation.finish();
            for (int h = 0; h < simulation.hours(); h++) {
                BigDecimal compute = simulation.computeCredits(h);
                BigDecimal cloud = simulation.cloudServicesCredits(h);
                if (compute.signum() == 0 && cloud.signum() == 0) {
                    continue;
                }
                Instant hourStart = Instant.ofEpochMilli(startMs + h * 3_600_000L);
                meteringHours++;
                BigDecimal[] day = days.computeIfAbsent(LocalDate.ofInstant(hourStart, ZoneOffset.UTC),
                        k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                day[0] = day[0].add(compute);
                day[1] = day[1].add(cloud);
                // METERING_HISTORY repeats warehouse metering as service WAREHOUSE_METERING
                sink.serviceHour(new ServiceHour("WAREHOUSE_METERING", hourStart, warehouse.id(), "WAREHOUSE",
                        warehouse.name(), null, null, compute, cloud, 0, 0));
                BigDecimal accelerated = simulation.accelerationCredits(h);
                if (accelerated.signum() > 0) {
                    acceleration.add(new ServiceHour("QUERY_ACCELERATION", hourStart, warehouse.id(), "WAREHOUSE",
                            warehouse.name(), null, null, accelerated, BigDecimal.ZERO.setScale(9), 0, 0));
                }
            }
        }
        queries = counting.queries;

        // serverless services: automatic clustering after the nightly run, Snowpipe and a serverless task all day
        TreeMap<LocalDate, Map<String, BigDecimal>> serverless = new TreeMap<>();
        SplittableRandom services = root.split();
        List<ServiceHour> serviceHours = new ArrayList<>(acceleration);
        for (int h = 0; h < hours; h++) {
            Instant hourStart = Instant.ofEpochMilli(startMs + h * 3_600_000L);
            int hourOfDay = h % 24;
            if (hourOfDay >= 3 && hourOfDay <= 5) {
                serviceHours.add(new ServiceHour("AUTO_CLUSTERING", hourStart, 5001, "TABLE", "FCT_EVENTS_DAILY",
                        "ANALYTICS", "MARTS", credits(0.2 + services.nextDouble() * 0.6), BigDecimal.ZERO.setScale(9),
                        0, 0));
            }
            serviceHours.add(new ServiceHour("PIPE", hourStart, 7001, "PIPE", "CLICKSTREAM_PIPE", "RAW", "EVENTS",
                    credits(0.02 + services.nextDouble() * 0.04), credits(0.001), 2_000_000_000L
                    + services.nextLong(500_000_000L), 400 + services.nextInt(200)));
            serviceHours.add(new ServiceHour("SERVERLESS_TASK", hourStart, 8001, "TASK", "REFRESH_FX_RATES",
                    "ANALYTICS", "FINANCE", credits(0.015 + services.nextDouble() * 0.01), BigDecimal.ZERO.setScale(9),
                    0, 0));
        }
        BigDecimal serverlessTotal = BigDecimal.ZERO;
        for (ServiceHour s : serviceHours) {
            sink.serviceHour(s);
            Map<String, BigDecimal> byService = serverless.computeIfAbsent(
                    LocalDate.ofInstant(s.startTime(), ZoneOffset.UTC), k -> new TreeMap<>());
            byService.merge(s.serviceType() + "\u0000compute", s.creditsCompute(), BigDecimal::add);
            byService.merge(s.serviceType() + "\u0000cloud", s.creditsCloudServices(), BigDecimal::add);
            serverlessTotal = serverlessTotal.add(s.creditsCompute()).add(s.creditsCloudServices());
        }

        // METERING_DAILY_HISTORY: cloud services are billed only above 10% of the day's warehouse compute
        BigDecimal compute = BigDecimal.ZERO;
        BigDecimal cloud = BigDecimal.ZERO;
        BigDecimal adjustment = BigDecimal.ZERO;
        for (var e : days.entrySet()) {
            BigDecimal dayCompute = e.getValue()[0];
            BigDecimal dayCloud = e.getValue()[1];
            BigDecimal dayAdjustment = dayCloud.min(dayCompute.multiply(new BigDecimal("0.1"))).negate()
                    .setScale(9, RoundingMode.HALF_UP);
            sink.dailyMetering(new DailyUsage(e.getKey(), "WAREHOUSE_METERING", dayCompute, dayCloud, dayAdjustment));
            compute = compute.add(dayCompute);
            cloud = cloud.add(dayCloud);
            adjustment = adjustment.add(dayAdjustment);
        }
        for (var e : serverless.entrySet()) {
            java.util.Set<String> types = new java.util.TreeSet<>();
            e.getValue().keySet().forEach(k -> types.add(k.substring(0, k.indexOf('\u0000'))));
            for (String type : types) {
                sink.dailyMetering(new DailyUsage(e.getKey(), type, e.getValue().get(type + "\u0000compute"),
                        e.getValue().get(type + "\u0000cloud"), BigDecimal.ZERO.setScale(9)));
            }
        }

        storage(spec, tables, root.split(), sink);
        rates(spec, sink);
        return new Totals(queries, meteringHours, compute, cloud, adjustment, serverlessTotal);
    }

    private static BigDecimal credits(double value) {
        return BigDecimal.valueOf(value).setScale(9, RoundingMode.HALF_UP);
    }

    /** Counts the queries passing through. */
    private static final class CountingSink extends ForwardingSink {
        long queries;

        CountingSink(Sink delegate) {
            super(delegate);
        }

        @Override
        public void query(GeneratedAccount.Query query) {
            queries++;
            super.query(query);
        }
    }

    /** The account's tables: the ones the workloads read and write, some never read, a dropped one in fail-safe. */
    private static List<TableSpec> tables() {
        List<TableSpec> out = new ArrayList<>();
        Object[][] rows = {
            {5001L, "ANALYTICS", 12L, "MARTS", 202L, "FCT_EVENTS_DAILY", 7_800_000_000_000L, false, false},
            {5002L, "ANALYTICS", 12L, "MARTS", 202L, "FCT_REVENUE", 2_300_000_000_000L, false, false},
            {5003L, "ANALYTICS", 12L, "MARTS", 202L, "FCT_CAMPAIGN_SPEND", 640_000_000_000L, false, false},
            {5004L, "ANALYTICS", 12L, "MARTS", 202L, "DIM_CUSTOMERS", 150_000_000_000L, false, false},
            {5005L, "ANALYTICS", 12L, "MARTS", 202L, "FCT_REVENUE_BACKUP_2023", 2_100_000_000_000L, false, false},
            {5006L, "ANALYTICS", 12L, "STAGING", 201L, "STG_ORDERS", 4_100_000_000_000L, true, false},
            {5007L, "ANALYTICS", 12L, "FINANCE", 203L, "GL_BALANCES", 95_000_000_000L, false, false},
            {5011L, "RAW", 11L, "SHOP", 101L, "ORDERS", 9_200_000_000_000L, false, false},
            {5012L, "RAW", 11L, "SHOP", 101L, "CUSTOMERS", 310_000_000_000L, false, false},
            {5013L, "RAW", 11L, "EVENTS", 102L, "CLICKSTREAM", 61_000_000_000_000L, false, false},
            {5014L, "RAW", 11L, "EVENTS", 102L, "CLICKSTREAM_2022_ARCHIVE", 38_000_000_000_000L, false, false},
            {5015L, "RAW", 11L, "ADS", 103L, "SPEND", 820_000_000_000L, false, false},
            {5016L, "RAW", 11L, "ERP", 104L, "JOURNAL", 1_400_000_000_000L, false, false},
            {5021L, "ML", 13L, "FEATURES", 301L, "USER_FEATURES", 3_300_000_000_000L, false, false},
            {5022L, "ML", 13L, "TRAINING", 302L, "CHURN_LABELS", 420_000_000_000L, false, false},
            {5023L, "ML", 13L, "TRAINING", 302L, "CHURN_LABELS_V1", 390_000_000_000L, false, true},
            {5031L, "SCRATCH", 14L, "MAYA", 401L, "TMP_COHORTS", 210_000_000_000L, true, false},
        };
        for (Object[] r : rows) {
            out.add(new TableSpec((Long) r[0], (String) r[1], (Long) r[2], (String) r[3], (Long) r[4], (String) r[5],
                    (Long) r[6], (Boolean) r[7], (Boolean) r[8]));
        }
        return out;
    }

    private static void storage(Spec spec, List<TableSpec> tables, SplittableRandom random, Sink sink) {
        Instant end = spec.end();
        for (TableSpec t : tables) {
            long active = t.dropped() ? 0 : t.activeBytes();
            long timeTravel = t.transientTable() ? t.activeBytes() / 200 : t.activeBytes() / 25;
            long failsafe = t.transientTable() ? 0 : t.dropped() ? t.activeBytes() : t.activeBytes() / 12;
            sink.table(new TableStorage(t.id(), t.name(), t.schemaId(), t.schema(), t.catalogId(), t.catalog(),
                    t.transientTable(), active, t.dropped() ? 0 : timeTravel, failsafe, 0, t.dropped(),
                    end.minus(400 + random.nextInt(400), ChronoUnit.DAYS),
                    t.dropped() ? end.minus(3, ChronoUnit.DAYS) : null));
        }
        Map<String, long[]> databases = new TreeMap<>();
        for (TableSpec t : tables) {
            long[] d = databases.computeIfAbsent(t.catalog() + "\u0000" + t.catalogId(), k -> new long[2]);
            d[0] += t.activeBytes() + (t.transientTable() ? t.activeBytes() / 200 : t.activeBytes() / 25);
            d[1] += t.transientTable() ? 0 : t.activeBytes() / 12;
        }
        for (int day = 0; day < spec.days(); day++) {
            LocalDate date = spec.start().plusDays(day);
            // storage grows about 0.4% a day towards today's size
            double factor = Math.pow(1.004, day - spec.days() + 1);
            for (var e : databases.entrySet()) {
                String[] key = e.getKey().split("\u0000");
                sink.databaseStorage(new DatabaseStorage(date, Long.parseLong(key[1]), key[0],
                        BigDecimal.valueOf(Math.round(e.getValue()[0] * factor)).setScale(6),
                        BigDecimal.valueOf(Math.round(e.getValue()[1] * factor)).setScale(6)));
            }
        }
    }

    /** The contract price: 2.55 USD a compute credit, renegotiated to 2.40 for the second half of the period. */
    private static void rates(Spec spec, Sink sink) {
        for (int day = 0; day < spec.days(); day++) {
            LocalDate date = spec.start().plusDays(day);
            BigDecimal compute = day < spec.days() / 2 ? new BigDecimal("2.55") : new BigDecimal("2.40");
            sink.rate(new Rate(date, "WAREHOUSE_METERING", "compute", "USD", compute));
            sink.rate(new Rate(date, "STORAGE", "storage", "USD", new BigDecimal("23.00")));
        }
    }

    /** The default demo account: 30 days to the start of {@code today}, six warehouses, about 60,000 queries. */
    public static Spec demo(LocalDate today) {
        return new Spec(20_261_122L, today.minusDays(30), 30, 6, 60_000);
    }
}
