package io.ledgerhouse.budget;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.budget.engine.BudgetEvaluator;
import io.ledgerhouse.budget.engine.BudgetRules;
import io.ledgerhouse.store.AlertOutbox;
import io.ledgerhouse.store.Budget;
import io.ledgerhouse.store.BudgetRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
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
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Evaluates budgets: reads each budget's spend of the month (allocation rows for team and workload budgets, charges
 * for total and provider ones, in the budget's currency), asks the projector for the month end, lets the evaluator
 * decide which thresholds are crossed, and puts each crossing into the outbox once per channel, with the figures
 * that explain it. Safe to run from several instances at once: the outbox's unique key admits each alert once.
 */
@ApplicationScoped
public class BudgetAlertService {

    /** Days of history handed to the projector before the month starts. */
    static final int HISTORY_DAYS = 120;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    BudgetRepository budgets;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper json;
    @Inject
    AlertConfig config;
    @Inject
    Instance<MonthEndProjector> projector;

    /** What one evaluation found and queued. */
    public record Evaluation(long budgetId, String budget, String month, BigDecimal actualToDate,
            BudgetEvaluator.Projection projection, List<BudgetEvaluator.Crossing> crossings, int queued) {
    }

    /** Evaluates every budget for the current UTC month. */
    public List<Evaluation> evaluateAll() {
        return evaluateAll(YearMonth.now(clock.withZone(ZoneOffset.UTC)));
    }

    public List<Evaluation> evaluateAll(YearMonth month) {
        List<Long> ids = QuarkusTransaction.requiringNew().call(() -> budgets.listAll().stream()
                .map(b -> b.id).sorted().toList());
        List<Evaluation> out = new ArrayList<>();
        for (long id : ids) {
            out.add(evaluate(id, month));
        }
        return out;
    }

    /** Evaluates one budget for the current UTC month. */
    public Evaluation evaluate(long budgetId) {
        return evaluate(budgetId, YearMonth.now(clock.withZone(ZoneOffset.UTC)));
    }

    public Evaluation evaluate(long budgetId, YearMonth month) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Budget b = budgets.findByIdOptional(budgetId).orElseThrow(() ->
                    new io.ledgerhouse.domain.NotFoundException("no budget " + budgetId));
            BudgetRules rules = BudgetService.rules(b);
            Instant now = clock.instant();
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            LocalDate first = month.atDay(1);
            LocalDate last = month.atEndOfMonth();
            LocalDate asOf = today.isBefore(first) ? first : today.isAfter(last) ? last : today;
            try (Connection c = dataSource.getConnection()) {
                SortedMap<LocalDate, BigDecimal> daily = daily(c, rules, first.minusDays(HISTORY_DAYS),
                        last.plusDays(1));
                BigDecimal actual = daily.subMap(first, last.plusDays(1)).values().stream()
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                BudgetEvaluator.Projection projection = null;
                if (!today.isAfter(last) && projector.isResolvable()) {
                    projection = projector.get().project(daily.headMap(asOf.plusDays(1)), month, asOf).orElse(null);
                }
                BudgetEvaluator.Month figures = new BudgetEvaluator.Month(actual, projection,
                        today.isAfter(last) ? month.lengthOfMonth() : asOf.getDayOfMonth(), month.lengthOfMonth());
                List<BudgetEvaluator.Crossing> crossings = new BudgetEvaluator(config.minDaysForProjection())
                        .evaluate(rules, figures);
                int queued = 0;
                for (BudgetEvaluator.Crossing crossing : crossings) {
                    String facts = json.writeValueAsString(facts(c, b, rules, month, crossing, actual, projection,
                            daily.subMap(first, last.plusDays(1)), now));
                    if (!rules.recipients().isEmpty() && AlertOutbox.insert(c, b.id, first, crossing.kind().name(),
                            crossing.threshold(), "EMAIL", json.writeValueAsString(rules.recipients()), facts, now)) {
                        queued++;
                    }
                    if (rules.webhookUrl() != null && AlertOutbox.insert(c, b.id, first, crossing.kind().name(),
                            crossing.threshold(), "WEBHOOK", json.writeValueAsString(List.of(rules.webhookUrl())),
                            facts, now)) {
                        queued++;
                    }
                }
                return new Evaluation(b.id, b.name, month.toString(), actual, projection, crossings, queued);
            }
        });
    }

    /** A budget's month so far, read only: its daily spend, the cumulative actual and the month-end projection. */
    public record BurnDown(long budgetId, String month, BigDecimal amount, String currency,
            SortedMap<LocalDate, BigDecimal> daily, BigDecimal actualToDate, BudgetEvaluator.Projection projection,
            int dayOfMonth, int daysInMonth) {
    }

    /** As {@link #evaluate(long, YearMonth)}, without queuing anything: what a page shows. */
    public BurnDown burnDown(long budgetId, YearMonth month) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Budget b = budgets.findByIdOptional(budgetId).orElseThrow(() ->
                    new io.ledgerhouse.domain.NotFoundException("no budget " + budgetId));
            BudgetRules rules = BudgetService.rules(b);
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            LocalDate first = month.atDay(1);
            LocalDate last = month.atEndOfMonth();
            LocalDate asOf = today.isBefore(first) ? first : today.isAfter(last) ? last : today;
            try (Connection c = dataSource.getConnection()) {
                SortedMap<LocalDate, BigDecimal> daily = daily(c, rules, first.minusDays(HISTORY_DAYS),
                        last.plusDays(1));
                SortedMap<LocalDate, BigDecimal> inMonth = new TreeMap<>(daily.subMap(first, last.plusDays(1)));
                BigDecimal actual = inMonth.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                BudgetEvaluator.Projection projection = null;
                if (!today.isAfter(last) && projector.isResolvable()) {
                    projection = projector.get().project(daily.headMap(asOf.plusDays(1)), month, asOf).orElse(null);
                }
                return new BurnDown(b.id, month.toString(), b.amount, b.currency, inMonth, actual, projection,
                        today.isAfter(last) ? month.lengthOfMonth() : asOf.getDayOfMonth(), month.lengthOfMonth());
            }
        });
    }

    /** The scope's billed cost per UTC day in [from, to), in the budget's currency. */
    SortedMap<LocalDate, BigDecimal> daily(Connection c, BudgetRules b, LocalDate from, LocalDate to)
            throws SQLException {
        Timestamp start = Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp end = Timestamp.from(to.atStartOfDay(ZoneOffset.UTC).toInstant());
        List<Object> args = new ArrayList<>();
        String sql;
        if (b.scope() == BudgetRules.Scope.TEAM || b.scope() == BudgetRules.Scope.WORKLOAD) {
            // name the months too, so the (month, team) index serves the read
            sql = "SELECT (charge_period_start AT TIME ZONE 'UTC')::date, sum(amount) FROM allocation "
                    + "WHERE month >= ? AND month < ? AND charge_period_start >= ? AND charge_period_start < ? "
                    + "AND currency = ? AND team = ?";
            args.addAll(List.of(from.withDayOfMonth(1), to, start, end, b.currency()));
            String[] tw = b.scopeValue().split("/", 2);
            args.add(tw[0]);
            if (b.scope() == BudgetRules.Scope.WORKLOAD) {
                sql += " AND workload = ?";
                args.add(tw[1]);
            }
        } else {
            sql = "SELECT (charge_period_start AT TIME ZONE 'UTC')::date, sum(billed_cost) FROM charge "
                    + "WHERE charge_period_start >= ? AND charge_period_start < ? AND billing_currency = ?";
            args.addAll(List.of(start, end, b.currency()));
            if (b.scope() == BudgetRules.Scope.PROVIDER) {
                sql += " AND lower(provider_name) = lower(?)";
                args.add(b.scopeValue());
            }
        }
        SortedMap<LocalDate, BigDecimal> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql + " GROUP BY 1")) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, LocalDate.class), rs.getBigDecimal(2));
                }
            }
        }
        return out;
    }

    private ObjectNode facts(Connection c, Budget b, BudgetRules rules, YearMonth month,
            BudgetEvaluator.Crossing crossing, BigDecimal actual, BudgetEvaluator.Projection projection,
            SortedMap<LocalDate, BigDecimal> monthDaily, Instant now) throws SQLException {
        ObjectNode f = json.createObjectNode();
        f.put("budget", b.name);
        f.put("budgetId", b.id);
        f.put("scope", b.scope);
        f.put("scopeValue", b.scopeValue);
        f.put("amount", b.amount);
        f.put("currency", b.currency);
        f.put("month", month.toString());
        f.put("kind", crossing.kind().name());
        f.put("threshold", crossing.threshold());
        f.put("limit", crossing.limit());
        f.put("value", crossing.value());
        f.put("percent", crossing.percent());
        f.put("actualToDate", actual);
        if (projection != null) {
            ObjectNode p = f.putObject("projection");
            p.put("point", projection.point());
            p.put("lo80", projection.lo80());
            p.put("hi80", projection.hi80());
            p.put("lo95", projection.lo95());
            p.put("hi95", projection.hi95());
        }
        f.put("evaluatedAt", now.toString());
        ArrayNode days = f.putArray("daily");
        monthDaily.forEach((d, v) -> days.addObject().put("day", d.toString()).put("amount", v));
        ArrayNode contributors = f.putArray("contributors");
        for (Object[] c0 : contributors(c, rules, month)) {
            contributors.addObject().put("kind", (String) c0[0]).put("name", (String) c0[1])
                    .put("amount", (BigDecimal) c0[2]);
        }
        return f;
    }

    /** The five largest contributors of each kind that explains the scope's spend. */
    private static List<Object[]> contributors(Connection c, BudgetRules b, YearMonth month) throws SQLException {
        List<Object[]> out = new ArrayList<>();
        LocalDate first = month.atDay(1);
        Timestamp from = Timestamp.from(first.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp to = Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        String team = b.scope() == BudgetRules.Scope.TEAM ? b.scopeValue()
                : b.scope() == BudgetRules.Scope.WORKLOAD ? b.scopeValue().split("/", 2)[0] : null;
        String workload = b.scope() == BudgetRules.Scope.WORKLOAD ? b.scopeValue().split("/", 2)[1] : null;
        List<String[]> kinds = new ArrayList<>();
        if (team != null) {
            String where = " WHERE month = ? AND currency = ? AND team = ?" + (workload == null ? ""
                    : " AND workload = ?");
            if (workload == null) {
                kinds.add(new String[] {"workload", "SELECT coalesce(workload, '(none)'), sum(amount) FROM allocation"
                        + where + " GROUP BY 1"});
            }
            kinds.add(new String[] {"warehouse", "SELECT warehouse, sum(amount) FROM allocation" + where
                    + " AND warehouse IS NOT NULL GROUP BY 1"});
            kinds.add(new String[] {"queryPattern", "SELECT query_parameterized_hash, sum(amount) FROM query_cost"
                    + where + " AND query_parameterized_hash IS NOT NULL GROUP BY 1"});
            for (String[] k : kinds) {
                try (PreparedStatement ps = c.prepareStatement(k[1] + " ORDER BY 2 DESC LIMIT 5")) {
                    ps.setObject(1, first);
                    ps.setString(2, b.currency());
                    ps.setString(3, team);
                    if (workload != null) {
                        ps.setString(4, workload);
                    }
                    read(ps, k[0], out);
                }
            }
            return out;
        }
        String provider = b.scope() == BudgetRules.Scope.PROVIDER ? " AND lower(provider_name) = lower(?)" : "";
        kinds.add(new String[] {"service", "SELECT coalesce(service_name, '(none)'), sum(billed_cost) FROM charge"});
        kinds.add(new String[] {"account", "SELECT coalesce(sub_account_name, sub_account_id, billing_account_id), "
                + "sum(billed_cost) FROM charge"});
        for (String[] k : kinds) {
            try (PreparedStatement ps = c.prepareStatement(k[1] + " WHERE charge_period_start >= ? "
                    + "AND charge_period_start < ? AND billing_currency = ?" + provider
                    + " GROUP BY 1 ORDER BY 2 DESC LIMIT 5")) {
                ps.setTimestamp(1, from);
                ps.setTimestamp(2, to);
                ps.setString(3, b.currency());
                if (!provider.isEmpty()) {
                    ps.setString(4, b.scopeValue());
                }
                read(ps, k[0], out);
            }
        }
        if (b.scope() == BudgetRules.Scope.TOTAL) {
            try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(team, '(unallocated or idle)'), "
                    + "sum(amount) FROM allocation WHERE month = ? AND currency = ? GROUP BY 1 "
                    + "ORDER BY 2 DESC LIMIT 5")) {
                ps.setObject(1, first);
                ps.setString(2, b.currency());
                read(ps, "team", out);
            }
        }
        return out;
    }

    private static void read(PreparedStatement ps, String kind, List<Object[]> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Object[] {kind, rs.getString(1), rs.getBigDecimal(2)});
            }
        }
    }
}
