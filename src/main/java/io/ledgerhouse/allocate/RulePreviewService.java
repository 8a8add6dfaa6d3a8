package io.ledgerhouse.allocate;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.allocate.engine.Allocation;
import io.ledgerhouse.allocate.engine.Rule;
import io.ledgerhouse.allocate.engine.RuleBook;
import io.ledgerhouse.domain.NotFoundException;
import io.ledgerhouse.domain.ValidationException;
import io.ledgerhouse.store.AllocationOutput;
import io.ledgerhouse.store.AllocationRuleStore;
import io.ledgerhouse.store.AllocationRuleStore.StoredRule;
import io.ledgerhouse.store.AllocationWriter;
import io.ledgerhouse.store.Source;
import io.ledgerhouse.store.SourceRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a rule change would move, in money, before it is saved. The month is allocated twice from the store, read
 * only: once with the rules as they are, once with the change in force for the whole month (as a restatement would
 * apply it), and the two results are compared per team and workload. Nothing is written.
 */
@ApplicationScoped
public class RulePreviewService {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SourceRepository sources;
    @Inject
    AllocationService allocation;

    /** What to try: add a rule ({@code id} null), change rule {@code id}, or end it ({@code end}). */
    public record PreviewRequest(String month, String source, Long id, Boolean end, RuleService.RuleRequest rule) {
    }

    /** One team and workload's cost before and after; team null is the unallocated (or unowned idle) line. */
    public record Line(String team, String workload, String category, BigDecimal before, BigDecimal after,
            BigDecimal change) {
    }

    /** Per currency: the lines that change, the total that moves, and the month's totals for context. */
    public record CurrencyPreview(String currency, BigDecimal total, BigDecimal moved, BigDecimal unallocatedBefore,
            BigDecimal unallocatedAfter, List<Line> lines) {
    }

    public record Preview(String month, List<String> sources, String change, List<CurrencyPreview> currencies) {
    }

    public Preview preview(YearMonth month, String sourceName, Long id, boolean end, RuleService.RuleRequest rule) {
        List<Source> scope = QuarkusTransaction.requiringNew().call(() -> {
            if (sourceName == null) {
                return sources.listAll().stream().sorted(Comparator.comparing((Source s) -> s.name)).toList();
            }
            return List.of(sources.findByName(sourceName).orElseThrow(() -> new NotFoundException(
                    "no source named '" + sourceName + "'")));
        });
        LocalDate first = month.atDay(1);
        Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return QuarkusTransaction.requiringNew().timeout(3_600).call(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION READ ONLY");
                }
                List<Rule> current = AllocationRuleStore.all(c).stream().map(StoredRule::rule).toList();
                Changed changed = change(c, current, month, id, end, rule);
                Totals before = new Totals();
                Totals after = new Totals();
                for (Source source : scope) {
                    allocation.allocate(c, source, from, to, new RuleBook(current), before);
                    allocation.allocate(c, source, from, to, new RuleBook(changed.rules()), after);
                }
                return new Preview(month.toString(), scope.stream().map(s -> s.name).toList(), changed.description(),
                        compare(before, after));
            }
        });
    }

    private record Changed(List<Rule> rules, String description) {
    }

    /** The rules with the change in force over the whole month (and the versions it replaces taken out of it). */
    private static Changed change(Connection c, List<Rule> current, YearMonth month, Long id, boolean end,
            RuleService.RuleRequest request) throws SQLException {
        LocalDate first = month.atDay(1);
        LocalDate next = month.plusMonths(1).atDay(1);
        List<Rule> out = new ArrayList<>();
        if (id == null) {
            if (end) {
                throw new ValidationException("Nothing to end", List.of("id: required when end is true"));
            }
            Rule added = proposed(-1, 1, AllocationRuleStore.maxPosition(c).map(p -> p + 10).orElse(10), first,
                    request);
            out.addAll(current);
            out.add(added);
            return new Changed(out, "add a rule at position " + added.position());
        }
        List<Rule> versions = current.stream().filter(r -> r.id() == id).toList();
        if (versions.isEmpty()) {
            throw new NotFoundException("no rule " + id);
        }
        Rule last = versions.get(versions.size() - 1);
        for (Rule r : current) {
            if (r.id() != id) {
                out.add(r);
            } else if (!r.effectiveFrom().isBefore(next) || (r.effectiveTo() != null
                    && !r.effectiveTo().isAfter(first))) {
                out.add(r); // a version outside the month is untouched
            }
            // versions overlapping the month give way to the change
        }
        if (end) {
            return new Changed(out, "end rule " + id + " for all of " + month);
        }
        if (request == null) {
            throw new ValidationException("A rule is required", List.of("rule: required unless end is true"));
        }
        Rule changedRule = proposed(id, last.version() + 1, request.position() != null ? request.position()
                : last.position(), first, request);
        out.add(new Rule(changedRule.id(), changedRule.version(), changedRule.position(), first, next,
                changedRule.match(), changedRule.team(), changedRule.workload(), changedRule.costCenter()));
        return new Changed(out, "change rule " + id + " for all of " + month);
    }

    private static Rule proposed(long id, int version, int defaultPosition, LocalDate first,
            RuleService.RuleRequest r) {
        if (r == null) {
            throw new ValidationException("A rule is required", List.of("rule: required"));
        }
        Rule rule = new Rule(id, version, r.position() != null ? r.position() : defaultPosition, first, null,
                r.match(), trim(r.team()), trim(r.workload()), trim(r.costCenter()));
        List<String> problems = rule.problems();
        if (!problems.isEmpty()) {
            throw new ValidationException("The rule cannot be previewed: " + problems.size() + " problem(s)",
                    problems.stream().map(p -> "rule." + p).toList());
        }
        return rule;
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private record Key(String currency, String team, String workload, String category) {
    }

    /** Sums of shares by currency, team, workload and (for lines without a team) idle or unallocated. */
    private static final class Totals implements AllocationOutput {
        private final Map<Long, String> currencies = new HashMap<>();
        private final Map<Key, BigDecimal> sums = new HashMap<>();

        @Override
        public void charge(long chargeId, Instant start, String currency, String warehouse) {
            currencies.put(chargeId, currency);
        }

        @Override
        public void add(List<Allocation> shares, Map<String, AllocationWriter.QueryInfo> queries) {
            for (Allocation a : shares) {
                String currency = currencies.get(a.chargeId());
                String category = a.team() != null ? null
                        : a.category() == Allocation.Category.IDLE ? "idle" : "unallocated";
                sums.merge(new Key(currency, a.team(), a.team() == null ? null : a.workload(), category), a.amount(),
                        BigDecimal::add);
            }
        }

        @Override
        public void finish() {
            currencies.clear(); // charges of the next source follow
        }
    }

    private static List<CurrencyPreview> compare(Totals before, Totals after) {
        Map<String, List<Line>> lines = new TreeMap<>();
        Map<String, BigDecimal[]> figures = new TreeMap<>(); // total, moved, unallocated before, after
        java.util.Set<Key> keys = new java.util.HashSet<>(before.sums.keySet());
        keys.addAll(after.sums.keySet());
        for (Key k : keys) {
            BigDecimal b = before.sums.getOrDefault(k, BigDecimal.ZERO);
            BigDecimal a = after.sums.getOrDefault(k, BigDecimal.ZERO);
            BigDecimal[] f = figures.computeIfAbsent(k.currency(), x -> new BigDecimal[] {BigDecimal.ZERO,
                    BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            f[0] = f[0].add(a);
            BigDecimal change = a.subtract(b);
            if (change.signum() > 0) {
                f[1] = f[1].add(change);
            }
            if ("unallocated".equals(k.category())) {
                f[2] = f[2].add(b);
                f[3] = f[3].add(a);
            }
            if (change.signum() != 0) {
                lines.computeIfAbsent(k.currency(), x -> new ArrayList<>()).add(new Line(k.team(), k.workload(),
                        k.category(), b, a, change));
            }
        }
        List<CurrencyPreview> out = new ArrayList<>();
        for (var e : figures.entrySet()) {
            List<Line> ls = new ArrayList<>(lines.getOrDefault(e.getKey(), List.of()));
            ls.sort(Comparator.comparing((Line l) -> l.change().abs()).reversed()
                    .thenComparing(l -> Objects.toString(l.team(), ""))
                    .thenComparing(l -> Objects.toString(l.workload(), "")));
            BigDecimal[] f = e.getValue();
            out.add(new CurrencyPreview(e.getKey(), f[0], f[1], f[2], f[3], ls));
        }
        return out;
    }
}
