package io.ledgerhouse.allocate;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.allocate.engine.Allocation;
import io.ledgerhouse.allocate.engine.Charge;
import io.ledgerhouse.allocate.engine.QueryUsage;
import io.ledgerhouse.allocate.engine.RuleBook;
import io.ledgerhouse.allocate.engine.SnowflakeAllocator;
import io.ledgerhouse.allocate.engine.SnowflakeAllocator.IdlePolicy;
import io.ledgerhouse.domain.AccessDeniedException;
import io.ledgerhouse.domain.InvalidParameterException;
import io.ledgerhouse.domain.NotFoundException;
import io.ledgerhouse.store.AllocationInputs;
import io.ledgerhouse.store.WarehouseSettingsStore;
import io.ledgerhouse.store.AllocationRuleStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The costliest queries and patterns, and how a query's or a team's cost was allocated. */
@ApplicationScoped
public class QueryCostService {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    AllocationConfig config;

    /** A query or a pattern (QUERY_PARAMETERIZED_HASH) with its cost over the range. */
    public record TopItem(String queryId, String pattern, String source, String warehouse, String user, String team,
            Instant firstStart, long queries, String currency, BigDecimal credits, BigDecimal amount) {
    }

    public List<TopItem> top(LocalDate from, LocalDate to, String by, String groupBy, String team, int limit) {
        return top(from, to, by, groupBy, team, limit, null);
    }

    /** As {@link #top(LocalDate, LocalDate, String, String, String, int)}, over the costs of {@code teams} only. */
    public List<TopItem> top(LocalDate from, LocalDate to, String by, String groupBy, String team, int limit,
            java.util.Set<String> teams) {
        String b = by == null ? "cost" : by.strip().toLowerCase(Locale.ROOT);
        String g = groupBy == null ? "query" : groupBy.strip().toLowerCase(Locale.ROOT);
        if (!b.equals("cost") && !b.equals("count")) {
            throw new InvalidParameterException("by", "'" + by + "' is not an order; use cost or count");
        }
        if (!g.equals("query") && !g.equals("pattern")) {
            throw new InvalidParameterException("groupBy", "'" + groupBy + "' is not a grouping; use query or pattern");
        }
        if (b.equals("count") && g.equals("query")) {
            throw new InvalidParameterException("by", "by=count ranks patterns by how many queries ran them; use it "
                    + "with groupBy=pattern");
        }
        String key = g.equals("query") ? "qc.query_id" : "qc.query_parameterized_hash";
        String sql = "SELECT " + (g.equals("query") ? "qc.query_id" : "NULL") + ", max(qc.query_parameterized_hash), "
                + "max(s.name), max(qc.warehouse), max(qc.user_name), "
                + (g.equals("query") ? "max(qc.team)" : "CASE WHEN count(DISTINCT qc.team) = 1 THEN max(qc.team) END")
                + ", min(qc.start_time), count(DISTINCT qc.query_id), qc.currency, sum(qc.credits), sum(qc.amount) "
                + "FROM query_cost qc JOIN source s ON s.id = qc.source_id "
                + "WHERE qc.usage_day >= ? AND qc.usage_day < ?" + (team == null ? "" : " AND qc.team = ?")
                + (teams == null ? "" : " AND qc.team = ANY (?)")
                + " GROUP BY " + key + ", qc.currency ORDER BY "
                + (b.equals("cost") ? "sum(qc.amount) DESC" : "count(DISTINCT qc.query_id) DESC, sum(qc.amount) DESC")
                + ", 1, 2 LIMIT ?";
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setObject(i++, from);
                ps.setObject(i++, to);
                if (team != null) {
                    ps.setString(i++, team);
                }
                if (teams != null) {
                    ps.setArray(i++, c.createArrayOf("text", teams.toArray()));
                }
                ps.setInt(i, limit);
                List<TopItem> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp first = rs.getTimestamp(7);
                        out.add(new TopItem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), first == null ? null : first.toInstant(),
                                rs.getLong(8), rs.getString(9), rs.getBigDecimal(10), rs.getBigDecimal(11)));
                    }
                }
                return out;
            }
        });
    }

    /** One step of an explanation: a charge, how a share of it was computed, the rule that assigned it, the share. */
    public record Step(long chargeId, String charge, Instant periodStart, Instant periodEnd, BigDecimal chargeCredits,
            BigDecimal chargeAmount, String currency, String category, String method, String team, String workload,
            Long ruleId, Integer ruleVersion, BigDecimal credits, BigDecimal amount) {
    }

    /** The explanation of a query's cost: its facts, the steps, and the totals. */
    public record QueryExplanation(String queryId, String source, String warehouse, String warehouseSize,
            Instant start, Instant executionStart, Instant end, String queryTag, String user, String role,
            List<Step> steps, BigDecimal credits, BigDecimal amount) {
    }

    /**
     * Recomputes, for the warehouse-days the query ran in, the shares of every charge it had part in (with the rules
     * and policies as they are now; the rules' versions keep past months as they were) and keeps the query's.
     */
    public QueryExplanation explainQuery(String queryId) {
        return explainQuery(queryId, null);
    }

    /**
     * As {@link #explainQuery(String)}, for a caller who sees {@code teams} only (null: all): the query must have
     * been allocated to those teams alone, or the answer is {@link AccessDeniedException}.
     */
    public QueryExplanation explainQuery(String queryId, java.util.Set<String> teams) {
        if (teams != null) {
            requireOwnQuery(queryId, teams);
        }
        QueryExplanation e = explainQueryOf(queryId);
        if (teams != null && e.steps().stream().anyMatch(s -> s.team() == null || !teams.contains(s.team()))) {
            throw new AccessDeniedException("This query's cost is not only your teams'; you may explain your own "
                    + "teams' queries only.");
        }
        return e;
    }

    private void requireOwnQuery(String queryId, java.util.Set<String> teams) {
        List<String> owners = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT team FROM query_cost WHERE query_id = ?")) {
                ps.setString(1, queryId);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
        if (owners.isEmpty() || owners.stream().anyMatch(t -> t == null || !teams.contains(t))) {
            throw new AccessDeniedException("This is not one of your teams' queries; you may explain your own "
                    + "teams' queries only.");
        }
    }

    private QueryExplanation explainQueryOf(String queryId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                long sourceId;
                String source;
                long warehouseId;
                String tag;
                try (PreparedStatement ps = c.prepareStatement("SELECT q.source_id, s.name, q.warehouse_id, "
                        + "q.query_tag FROM sf_query q JOIN source s ON s.id = q.source_id WHERE q.query_id = ? "
                        + "ORDER BY q.start_time DESC LIMIT 1")) {
                    ps.setString(1, queryId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new NotFoundException("no query " + queryId);
                        }
                        sourceId = rs.getLong(1);
                        source = rs.getString(2);
                        warehouseId = rs.getLong(3);
                        tag = rs.getString(4);
                    }
                }
                RuleBook rules = new RuleBook(AllocationRuleStore.all(c).stream()
                        .map(AllocationRuleStore.StoredRule::rule).toList());
                Map<String, IdlePolicy> idle = AllocationRuleStore.idlePolicies(c);
                IdlePolicy fallback = idle.getOrDefault("*", IdlePolicy.OWNER);
                SnowflakeAllocator allocator = new SnowflakeAllocator(rules, w -> w == null ? fallback
                        : idle.getOrDefault(w.toUpperCase(Locale.ROOT), fallback),
                        WarehouseSettingsStore.generations(c, sourceId));
                QueryUsage self = null;
                List<Step> steps = new ArrayList<>();
                // the query's own row first, to know its days
                List<AllocationInputs.StoredCharge> dayCharges;
                Instant probeFrom;
                try (PreparedStatement ps = c.prepareStatement("SELECT start_time, end_time FROM sf_query WHERE "
                        + "source_id = ? AND query_id = ? ORDER BY start_time DESC LIMIT 1")) {
                    ps.setLong(1, sourceId);
                    ps.setString(2, queryId);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        probeFrom = rs.getTimestamp(1).toInstant();
                    }
                }
                LocalDate firstDay = LocalDate.ofInstant(probeFrom, ZoneOffset.UTC);
                for (LocalDate day = firstDay; day.isBefore(firstDay.plusDays(3)); day = day.plusDays(1)) {
                    Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
                    Instant dayEnd = dayStart.plusSeconds(86_400);
                    dayCharges = AllocationInputs.charges(c, sourceId, source, dayStart, dayEnd);
                    String account = dayCharges.stream().map(x -> x.charge().subject().account()).findFirst()
                            .orElse(null);
                    List<QueryUsage> queries = AllocationInputs.warehouseQueries(c, sourceId, source, account,
                            warehouseId, dayStart, dayEnd);
                    for (QueryUsage q : queries) {
                        if (q.queryId().equals(queryId)) {
                            self = q;
                        }
                    }
                    if (self == null) {
                        continue;
                    }
                    QueryUsage me = self;
                    if (!me.end().isAfter(dayStart) || !me.start().isBefore(dayEnd)) {
                        continue;
                    }
                    String wh = Long.toString(warehouseId);
                    List<Charge> compute = dayCharges.stream().map(AllocationInputs.StoredCharge::charge)
                            .filter(ch -> wh.equals(ch.resourceId()) && "WAREHOUSE_COMPUTE".equals(ch.sku()))
                            .toList();
                    List<Allocation> lines = new ArrayList<>(allocator.warehouseDay(compute, queries));
                    for (AllocationInputs.StoredCharge sc : dayCharges) {
                        Charge ch = sc.charge();
                        if (wh.equals(ch.resourceId()) && "WAREHOUSE_CLOUD_SERVICES".equals(ch.sku())) {
                            lines.addAll(allocator.cloudServices(ch, queries.stream().filter(x -> !x.start()
                                    .isBefore(ch.start()) && x.start().isBefore(ch.end())).toList()));
                        } else if (wh.equals(ch.resourceId()) && "QUERY_ACCELERATION".equals(ch.sku())) {
                            lines.addAll(allocator.acceleration(ch, queries.stream().filter(x -> x.accelerationBytes()
                                    > 0 && !x.executionStart().isBefore(ch.start())
                                    && x.executionStart().isBefore(ch.end())).toList()));
                        } else if ("CLOUD_SERVICES_ADJUSTMENT".equals(ch.sku()) && ch.day().equals(
                                LocalDate.ofInstant(me.start(), ZoneOffset.UTC))) {
                            // the same chunks as the allocation run: the share of the chunk holding this query
                            AllocationService.adjustmentShares(c, sourceId, source, account, ch,
                                    AllocationInputs.cloudServicesChunks(c, sourceId, dayStart, dayEnd,
                                            config.adjustmentChunk()), dayStart, dayEnd, allocator,
                                    (i, q, shares) -> {
                                        if (q.stream().anyMatch(x -> x.queryId().equals(queryId))) {
                                            lines.addAll(shares);
                                            return false;
                                        }
                                        return true;
                                    });
                        }
                    }
                    for (Allocation a : lines) {
                        if (!queryId.equals(a.queryId())) {
                            continue;
                        }
                        Charge ch = dayCharges.stream().map(AllocationInputs.StoredCharge::charge)
                                .filter(x -> x.id() == a.chargeId()).findFirst().orElseThrow();
                        steps.add(new Step(ch.id(), ch.sku(), ch.start(), ch.end(), ch.credits(), ch.amount(),
                                ch.currency(), a.category().name(), a.method().name(), a.team(), a.workload(),
                                a.ruleId(), a.ruleVersion(), a.credits(), a.amount()));
                    }
                }
                if (self == null) {
                    throw new NotFoundException("query " + queryId + " ran on no metered warehouse-hour");
                }
                BigDecimal credits = steps.stream().map(Step::credits).reduce(BigDecimal.ZERO, BigDecimal::add);
                BigDecimal amount = steps.stream().map(Step::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
                return new QueryExplanation(queryId, source, self.subject().warehouse(), self.warehouseSize(),
                        self.start(), self.executionStart(), self.end(), tag, self.subject().user(),
                        self.subject().role(), steps, credits, amount);
            }
        });
    }

    /** A team's month: per category, method, rule version and warehouse, how many charges and how much. */
    public record TeamStep(String category, String method, Long ruleId, Integer ruleVersion, String warehouse,
            String currency, long charges, BigDecimal credits, BigDecimal amount) {
    }

    public List<TeamStep> explainTeam(String team, YearMonth month) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                    + "category, method, rule_id, rule_version, warehouse, currency, count(DISTINCT charge_id), "
                    + "sum(credits), sum(amount) FROM allocation WHERE month = ? AND team = ? "
                    + "GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY sum(amount) DESC")) {
                ps.setObject(1, month.atDay(1));
                ps.setString(2, team);
                List<TeamStep> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long rule = rs.getLong(3);
                        Long ruleId = rs.wasNull() ? null : rule;
                        int version = rs.getInt(4);
                        Integer ruleVersion = rs.wasNull() ? null : version;
                        out.add(new TeamStep(rs.getString(1), rs.getString(2), ruleId, ruleVersion, rs.getString(5),
                                rs.getString(6), rs.getLong(7), rs.getBigDecimal(8), rs.getBigDecimal(9)));
                    }
                }
                if (out.isEmpty()) {
                    throw new NotFoundException("team " + team + " has no allocated cost in " + month);
                }
                return out;
            }
        });
    }
}
