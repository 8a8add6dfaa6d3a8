package io.ledgerhouse.allocate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.allocate.engine.Allocation;
import io.ledgerhouse.allocate.engine.Allocation.Category;
import io.ledgerhouse.allocate.engine.BigQueryAllocator;
import io.ledgerhouse.allocate.engine.BigQueryJobUsage;
import io.ledgerhouse.allocate.engine.Charge;
import io.ledgerhouse.allocate.engine.ChargeAllocator;
import io.ledgerhouse.allocate.engine.QueryUsage;
import io.ledgerhouse.allocate.engine.RuleBook;
import io.ledgerhouse.allocate.engine.SharedCostPolicy;
import io.ledgerhouse.allocate.engine.Subject;
import io.ledgerhouse.allocate.engine.SnowflakeAllocator;
import io.ledgerhouse.allocate.engine.SnowflakeAllocator.IdlePolicy;
import io.ledgerhouse.domain.NotFoundException;
import io.ledgerhouse.store.AllocationInputs;
import io.ledgerhouse.store.WarehouseSettingsStore;
import io.ledgerhouse.store.BigQueryAllocationInputs;
import io.ledgerhouse.store.AllocationInputs.StoredCharge;
import io.ledgerhouse.store.AllocationOutput;
import io.ledgerhouse.store.AllocationRuleStore;
import io.ledgerhouse.store.AllocationWriter;
import io.ledgerhouse.store.Source;
import io.ledgerhouse.store.SourceRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs allocation for one source and month: reads the month's charges and usage facts, lets the engines split every
 * charge, and replaces the (source, month)'s allocation rows and query costs in one transaction, so a re-run is
 * idempotent and a failed run leaves the previous result in place. Before committing it checks the invariant in the
 * store itself: every charge's shares sum to its billed cost.
 */
@ApplicationScoped
public class AllocationService {

    static final String RUNNING = "RUNNING";
    static final String SUCCEEDED = "SUCCEEDED";
    static final String FAILED = "FAILED";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SourceRepository sources;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper json;
    @Inject
    AllocationConfig config;

    /** The outcome of a run; {@code totals} per currency: billed, teams, idle, unallocated, difference. */
    public record RunSummary(long id, String source, String month, String status, long charges, long queries,
            Map<String, Map<String, BigDecimal>> totals, String error, Instant startedAt, Instant finishedAt) {
    }

    /** Allocates every source's charges of {@code month}. */
    public List<RunSummary> runAll(YearMonth month) {
        List<String> names = QuarkusTransaction.requiringNew().call(() -> sources.listAll().stream()
                .map(s -> s.name).sorted().toList());
        List<RunSummary> out = new ArrayList<>();
        for (String name : names) {
            out.add(run(name, month));
        }
        return out;
    }

    /** Allocates the charges of {@code sourceName} in {@code month}, replacing any earlier run's result. */
    public RunSummary run(String sourceName, YearMonth month) {
        Source source = QuarkusTransaction.requiringNew().call(() -> sources.findByName(sourceName))
                .orElseThrow(() -> new NotFoundException("no source named '" + sourceName + "'"));
        Instant started = clock.instant();
        long runId = QuarkusTransaction.requiringNew().call(() -> insertRun(source.id, month, started));
        try {
            Result result = QuarkusTransaction.requiringNew().timeout(3_600)
                    .call(() -> allocate(runId, source, month));
            return finish(runId, source.name, month, SUCCEEDED, result, null, started);
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof SQLException)
                    && !(cause instanceof IllegalStateException)) {
                cause = cause.getCause();
            }
            String error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            Log.warnf("Allocation of %s for %s failed; the previous allocation stays: %s", sourceName, month, error);
            return finish(runId, source.name, month, FAILED, null, error, started);
        }
    }

    private record Result(long charges, long queries, Map<String, Map<String, BigDecimal>> totals) {
    }

    private Result allocate(long runId, Source source, YearMonth month) throws SQLException {
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, "ledgerhouse.allocate".hashCode());
                lock.setInt(2, Math.toIntExact(source.id));
                lock.execute();
            }
            RuleBook rules = new RuleBook(AllocationRuleStore.all(c).stream().map(AllocationRuleStore.StoredRule::rule)
                    .toList());
            AllocationWriter writer = new AllocationWriter(c, runId, source.id, month.atDay(1));
            Counts counts = allocate(c, source, from, to, rules, writer);
            long broken = brokenCharges(c, source.id, month, from, to);
            if (broken > 0) {
                throw new IllegalStateException(broken + " charges of " + source.name + " in " + month + " are not "
                        + "allocated exactly; nothing was written");
            }
            return new Result(counts.charges(), counts.queries(), totals(c, source.id, month, from, to));
        }
    }

    record Counts(long charges, long queries) {
    }

    /**
     * Allocates the source's charges in [from, to) with {@code rules} into {@code out}, group by group: a Snowflake
     * warehouse's compute, cloud services and query acceleration of a day with that day's queries; each day's
     * cloud-services adjustment with the day's queries; every other charge on its own; shared-cost charges last, when
     * every team's direct cost is known. Only one group's charges and queries are in memory at a time.
     */
    Counts allocate(Connection c, Source source, Instant from, Instant to, RuleBook rules, AllocationOutput out)
            throws SQLException {
        List<SharedCostPolicy> policies = AllocationRuleStore.sharedPolicies(c);
        Map<String, IdlePolicy> idle = AllocationRuleStore.idlePolicies(c);
        IdlePolicy fallback = idle.getOrDefault("*", IdlePolicy.OWNER);
        SnowflakeAllocator snowflake = new SnowflakeAllocator(rules, w -> w == null ? fallback
                : idle.getOrDefault(w.toUpperCase(Locale.ROOT), fallback),
                WarehouseSettingsStore.generations(c, source.id));
        ChargeAllocator whole = new ChargeAllocator(rules, policies);
        BigQueryAllocator bigqueryAllocator = new BigQueryAllocator(rules);
        Map<String, Map<String, BigDecimal>> direct = new HashMap<>(); // currency -> team -> direct cost
        List<Object[]> shared = new ArrayList<>();
        long charges = 0;
        long queries = 0;
        String account = null;
        for (AllocationInputs.ChargeGroup group : AllocationInputs.chargeGroups(c, source.id, from, to, 5_000)) {
            List<Charge> mine = new ArrayList<>();
            for (StoredCharge sc : AllocationInputs.chargesById(c, source.id, source.name, from, to, group.ids())) {
                Charge ch = sc.charge();
                charges++;
                out.charge(ch.id(), ch.start(), ch.currency(), ch.subject().warehouse());
                Optional<SharedCostPolicy> policy = whole.sharedPolicy(ch);
                if (policy.isPresent()) {
                    shared.add(new Object[] {ch, policy.get()});
                } else if (group.kind().equals("other")) {
                    add(out, whole.direct(ch, category(sc)), List.of(), direct, ch.currency());
                } else if (group.kind().startsWith("bq_")) {
                    queries += bigquery(c, source, ch, bigqueryAllocator, out, direct);
                } else {
                    account = ch.subject().account();
                    mine.add(ch);
                }
            }
            if (mine.isEmpty()) {
                continue;
            }
            Charge first = mine.get(0);
            Instant dayStart = first.day().atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant dayEnd = dayStart.plusSeconds(86_400);
            if (group.kind().equals("adjustment")) {
                List<AllocationInputs.Chunk> chunks = AllocationInputs.cloudServicesChunks(c, source.id, dayStart,
                        dayEnd, config.adjustmentChunk());
                for (Charge ch : mine) {
                    adjustment(c, source, account, ch, chunks, dayStart, dayEnd, snowflake, out, direct);
                }
                continue;
            }
            List<QueryUsage> q = AllocationInputs.warehouseQueries(c, source.id, source.name, account,
                    Long.parseLong(first.resourceId()), dayStart, dayEnd);
            queries += q.size();
            List<Allocation> lines = new ArrayList<>(snowflake.warehouseDay(mine.stream()
                    .filter(ch -> ch.sku().equals("WAREHOUSE_COMPUTE")).toList(), q));
            for (Charge ch : mine) {
                if (ch.sku().equals("WAREHOUSE_CLOUD_SERVICES")) {
                    lines.addAll(snowflake.cloudServices(ch, q.stream().filter(x -> !x.start().isBefore(ch.start())
                            && x.start().isBefore(ch.end())).toList()));
                } else if (ch.sku().equals("QUERY_ACCELERATION")) {
                    lines.addAll(snowflake.acceleration(ch, q.stream().filter(x -> x.accelerationBytes() > 0
                            && !x.executionStart().isBefore(ch.start()) && x.executionStart().isBefore(ch.end()))
                            .toList()));
                }
            }
            add(out, lines, q, direct, first.currency());
        }
        for (Object[] s : shared) {
            Charge ch = (Charge) s[0];
            out.add(whole.shared(ch, (SharedCostPolicy) s[1], direct.getOrDefault(ch.currency(), Map.of())),
                    Map.of());
        }
        out.finish();
        return new Counts(charges, queries);
    }

    /**
     * A BigQuery charge: an on-demand job-day over its jobs by bytes billed, a reservation-hour over the jobs that used
     * it by slot-ms with the unused billed slots idle, committed slots no reservation held idle as a whole. Returns how
     * many jobs shared in it.
     */
    private static long bigquery(Connection c, Source source, Charge ch, BigQueryAllocator allocator,
            AllocationOutput out, Map<String, Map<String, BigDecimal>> direct) throws SQLException {
        List<BigQueryJobUsage> jobs;
        List<Allocation> lines;
        if ("ON_DEMAND_QUERY".equals(ch.sku())) {
            jobs = BigQueryAllocationInputs.onDemandJobs(c, source.id, source.name, ch.id(), ch.start());
            lines = allocator.onDemand(ch, jobs);
        } else if ("COMMITMENT_UNUSED".equals(ch.sku())) {
            jobs = List.of();
            lines = allocator.unusedCommitment(ch, new Subject(ch.subject().provider(), source.name,
                    ch.subject().account(), ch.subject().warehouse(), null, null, null, null, ch.subject().service(),
                    ch.resourceId(), null, null));
        } else {
            String reservation = ch.resourceId();
            jobs = BigQueryAllocationInputs.reservationJobs(c, source.id, source.name, reservation,
                    ch.subject().warehouse(), ch.start(), ch.end());
            long capacity = BigQueryAllocationInputs.capacitySlotMs(c, source.id, reservation, ch.start(), ch.end());
            Subject owner = new Subject(ch.subject().provider(), source.name, ch.subject().account(),
                    ch.subject().warehouse(), null, null, null, null, ch.subject().service(), reservation, null, null);
            lines = allocator.reservationHour(ch, capacity, jobs, owner);
        }
        Map<String, AllocationWriter.QueryInfo> info = new HashMap<>();
        for (BigQueryJobUsage j : jobs) {
            info.put(j.jobId(), new AllocationWriter.QueryInfo(j.subject().warehouse(), j.subject().user(), null,
                    j.queryHash()));
        }
        for (Allocation a : lines) {
            if (a.team() != null) {
                direct.computeIfAbsent(ch.currency(), k -> new HashMap<>()).merge(a.team(), a.amount(),
                        BigDecimal::add);
            }
        }
        out.add(lines, info);
        return jobs.size();
    }

    /** What to do with one chunk's queries and shares of an adjustment; false stops. */
    @FunctionalInterface
    interface ChunkShares {
        boolean accept(int index, List<QueryUsage> queries, List<Allocation> shares) throws SQLException;
    }

    /**
     * A day's cloud-services adjustment: split over the day's chunks of queries by their cloud-services credits, then
     * each chunk's part over its queries the same way (both by largest remainder, so the parts still sum to the
     * charge), handing each chunk's shares to {@code each}. With one chunk, as on all but the largest accounts, this
     * is the plain split over the day's queries.
     */
    static void adjustmentShares(Connection c, long sourceId, String sourceName, String account, Charge ch,
            List<AllocationInputs.Chunk> chunks, Instant dayStart, Instant dayEnd, SnowflakeAllocator snowflake,
            ChunkShares each) throws SQLException {
        if (chunks.size() <= 1) {
            List<QueryUsage> q = chunks.isEmpty() ? List.of() : AllocationInputs.cloudServicesQueries(c, sourceId,
                    sourceName, account, dayStart, dayEnd, null, chunks.get(0).lastQueryId());
            each.accept(0, q, snowflake.adjustment(ch, q));
            return;
        }
        List<BigDecimal> weights = chunks.stream().map(AllocationInputs.Chunk::credits).toList();
        BigDecimal[] amounts = io.ledgerhouse.allocate.engine.Shares.split(ch.amount(), weights, ch.amountScale());
        BigDecimal[] credits = ch.credits() == null ? null
                : io.ledgerhouse.allocate.engine.Shares.split(ch.credits(), weights, ch.creditScale());
        String after = null;
        for (int i = 0; i < chunks.size(); i++) {
            List<QueryUsage> q = AllocationInputs.cloudServicesQueries(c, sourceId, sourceName, account, dayStart,
                    dayEnd, after, chunks.get(i).lastQueryId());
            Charge part = new Charge(ch.id(), ch.sku(), ch.start(), ch.end(), credits == null ? null : credits[i],
                    amounts[i], ch.currency(), ch.resourceId(), ch.subject());
            if (!each.accept(i, q, snowflake.adjustment(part, q))) {
                return;
            }
            after = chunks.get(i).lastQueryId();
        }
    }

    private static void adjustment(Connection c, Source source, String account, Charge ch,
            List<AllocationInputs.Chunk> chunks, Instant dayStart, Instant dayEnd, SnowflakeAllocator snowflake,
            AllocationOutput out, Map<String, Map<String, BigDecimal>> direct) throws SQLException {
        adjustmentShares(c, source.id, source.name, account, ch, chunks, dayStart, dayEnd, snowflake,
                (i, q, shares) -> {
                    if (i > 0) {
                        out.charge(ch.id(), ch.start(), ch.currency(), ch.subject().warehouse()); // its next batch
                    }
                    add(out, shares, q, direct, ch.currency());
                    return true;
                });
    }

    private static void add(AllocationOutput writer, List<Allocation> lines, List<QueryUsage> queries,
            Map<String, Map<String, BigDecimal>> direct, String currency) throws SQLException {
        Map<String, AllocationWriter.QueryInfo> info = new HashMap<>();
        for (QueryUsage q : queries) {
            info.put(q.queryId(), new AllocationWriter.QueryInfo(q.subject().warehouse(), q.subject().user(),
                    q.subject().role(), q.parameterizedHash()));
        }
        for (Allocation a : lines) {
            if (a.team() != null) {
                direct.computeIfAbsent(currency, k -> new HashMap<>()).merge(a.team(), a.amount(), BigDecimal::add);
            }
        }
        writer.add(lines, info);
    }

    /** The statement column of a whole charge. */
    private static Category category(StoredCharge sc) {
        String sku = sc.charge().sku() == null ? "" : sc.charge().sku();
        if ("Snowflake".equalsIgnoreCase(sc.provider())) {
            return sku.equals("STORAGE") ? Category.STORAGE : sku.startsWith("WAREHOUSE_") ? Category.COMPUTE
                    : sku.equals("CLOUD_SERVICES_ADJUSTMENT") ? Category.CLOUD_SERVICES : Category.SERVERLESS;
        }
        String service = sc.serviceCategory() == null ? "" : sc.serviceCategory();
        return switch (service) {
            case "Compute" -> Category.COMPUTE;
            case "Storage" -> Category.STORAGE;
            default -> Category.OTHER;
        };
    }

    /** Charges of the month whose shares do not sum to their billed cost (must be none). */
    private static long brokenCharges(Connection c, long sourceId, YearMonth month, Instant from, Instant to)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM charge ch LEFT JOIN (SELECT charge_id, "
                + "sum(amount) AS amount FROM allocation WHERE source_id = ? AND month = ? GROUP BY charge_id) a "
                + "ON a.charge_id = ch.id WHERE ch.source_id = ? AND ch.charge_period_start >= ? "
                + "AND ch.charge_period_start < ? AND coalesce(a.amount, 0) <> ch.billed_cost")) {
            ps.setLong(1, sourceId);
            ps.setObject(2, month.atDay(1));
            ps.setLong(3, sourceId);
            ps.setTimestamp(4, Timestamp.from(from));
            ps.setTimestamp(5, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Map<String, Map<String, BigDecimal>> totals(Connection c, long sourceId, YearMonth month,
            Instant from, Instant to) throws SQLException {
        Map<String, Map<String, BigDecimal>> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT currency, "
                + "sum(amount) FILTER (WHERE team IS NOT NULL), "
                + "sum(amount) FILTER (WHERE team IS NULL AND category = 'IDLE'), "
                + "sum(amount) FILTER (WHERE team IS NULL AND category <> 'IDLE') "
                + "FROM allocation WHERE source_id = ? AND month = ? GROUP BY currency")) {
            ps.setLong(1, sourceId);
            ps.setObject(2, month.atDay(1));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, BigDecimal> t = new LinkedHashMap<>();
                    t.put("teams", zero(rs.getBigDecimal(2)));
                    t.put("idle", zero(rs.getBigDecimal(3)));
                    t.put("unallocated", zero(rs.getBigDecimal(4)));
                    out.put(rs.getString(1), t);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT billing_currency, sum(billed_cost) FROM charge "
                + "WHERE source_id = ? AND charge_period_start >= ? AND charge_period_start < ? "
                + "GROUP BY billing_currency")) {
            ps.setLong(1, sourceId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, BigDecimal> t = out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>(Map.of(
                            "teams", BigDecimal.ZERO, "idle", BigDecimal.ZERO, "unallocated", BigDecimal.ZERO)));
                    BigDecimal billed = rs.getBigDecimal(2);
                    Map<String, BigDecimal> ordered = new LinkedHashMap<>();
                    ordered.put("billed", billed);
                    ordered.putAll(t);
                    ordered.put("difference", billed.subtract(t.get("teams")).subtract(t.get("idle"))
                            .subtract(t.get("unallocated")));
                    out.put(rs.getString(1), ordered);
                }
            }
        }
        return out;
    }

    private static BigDecimal zero(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }

    private long insertRun(long sourceId, YearMonth month, Instant started) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
                + "allocation_run (source_id, month, status, started_at) VALUES (?, ?, ?, ?) RETURNING id")) {
            ps.setLong(1, sourceId);
            ps.setObject(2, month.atDay(1));
            ps.setString(3, RUNNING);
            ps.setTimestamp(4, Timestamp.from(started));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private RunSummary finish(long runId, String source, YearMonth month, String status, Result result, String error,
            Instant started) {
        Instant finished = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                    + "allocation_run SET status = ?, finished_at = ?, charges = ?, queries = ?, totals = ?::jsonb, "
                    + "error = ? WHERE id = ?")) {
                ps.setString(1, status);
                ps.setTimestamp(2, Timestamp.from(finished));
                ps.setObject(3, result == null ? null : result.charges());
                ps.setObject(4, result == null ? null : result.queries());
                ObjectNode totals = result == null ? null : json.valueToTree(result.totals());
                ps.setString(5, totals == null ? null : totals.toString());
                ps.setString(6, error);
                ps.setLong(7, runId);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return new RunSummary(runId, source, month.toString(), status, result == null ? 0 : result.charges(),
                result == null ? 0 : result.queries(), result == null ? Map.of() : result.totals(), error, started,
                finished);
    }
}
