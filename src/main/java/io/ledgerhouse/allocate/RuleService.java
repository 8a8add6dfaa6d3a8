package io.ledgerhouse.allocate;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.allocate.engine.Match;
import io.ledgerhouse.allocate.engine.Rule;
import io.ledgerhouse.allocate.engine.SharedCostPolicy;
import io.ledgerhouse.allocate.engine.SnowflakeAllocator.IdlePolicy;
import io.ledgerhouse.domain.NotFoundException;
import io.ledgerhouse.domain.ValidationException;
import io.ledgerhouse.store.AllocationRuleStore;
import io.ledgerhouse.store.AllocationRuleStore.StoredRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Allocation rules and policies. A rule is never edited in place: a change closes the version in force and starts
 * the next on its effective date (today unless given), so months before it keep being allocated with the old version;
 * to restate a past month, give an effective date in it and re-run that month.
 */
@ApplicationScoped
public class RuleService {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Clock clock;

    /** A rule as written by a client. */
    public record RuleRequest(Integer position, LocalDate effectiveFrom, Match match, String team, String workload,
            String costCenter, String description) {
    }

    /** A rule version as shown. */
    public record RuleView(long id, int version, int position, LocalDate effectiveFrom, LocalDate effectiveTo,
            Match match, String team, String workload, String costCenter, String description, Instant createdAt) {

        static RuleView of(StoredRule s) {
            Rule r = s.rule();
            return new RuleView(r.id(), r.version(), r.position(), r.effectiveFrom(), r.effectiveTo(), r.match(),
                    r.team(), r.workload(), r.costCenter(), s.description(), s.createdAt());
        }
    }

    /** The rules in force today or later, in order; with {@code history}, every version. */
    public List<RuleView> list(boolean history) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return call(c -> AllocationRuleStore.all(c).stream()
                .filter(s -> history || s.rule().effectiveTo() == null || s.rule().effectiveTo().isAfter(today))
                .map(RuleView::of).toList());
    }

    /** Every version of a rule, oldest first. */
    public List<RuleView> versions(long id) {
        List<RuleView> out = call(c -> AllocationRuleStore.versions(c, id).stream().map(RuleView::of).toList());
        if (out.isEmpty()) {
            throw new NotFoundException("no rule " + id);
        }
        return out;
    }

    public RuleView create(RuleRequest request) {
        return call(c -> {
            long id = AllocationRuleStore.nextId(c);
            int position = request.position() != null ? request.position()
                    : AllocationRuleStore.maxPosition(c).map(p -> p + 10).orElse(10);
            Rule rule = new Rule(id, 1, position, effectiveFrom(request), null, request.match(), trim(request.team()),
                    trim(request.workload()), trim(request.costCenter()));
            validate(rule);
            AllocationRuleStore.insert(c, rule, request.description(), clock.instant());
            return RuleView.of(AllocationRuleStore.versions(c, id).get(0));
        });
    }

    /** The rule's next version, in force from the request's effective date. */
    public RuleView update(long id, RuleRequest request) {
        return call(c -> {
            StoredRule open = open(c, id);
            LocalDate from = effectiveFrom(request);
            if (!from.isAfter(open.rule().effectiveFrom())) {
                throw new ValidationException("The change cannot start before the version it replaces", List.of(
                        "effectiveFrom: must be after " + open.rule().effectiveFrom() + ", when version "
                                + open.rule().version() + " took effect"));
            }
            Rule next = new Rule(id, open.rule().version() + 1,
                    request.position() != null ? request.position() : open.rule().position(), from,
                    null, request.match(), trim(request.team()), trim(request.workload()),
                    trim(request.costCenter()));
            validate(next);
            AllocationRuleStore.close(c, id, open.rule().version(), from);
            AllocationRuleStore.insert(c, next, request.description(), clock.instant());
            List<StoredRule> all = AllocationRuleStore.versions(c, id);
            return RuleView.of(all.get(all.size() - 1));
        });
    }

    /** Ends the rule on {@code effectiveFrom} (today when null): it no longer applies from that day. */
    public RuleView end(long id, LocalDate effectiveFrom) {
        return call(c -> {
            StoredRule open = open(c, id);
            LocalDate to = effectiveFrom == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : effectiveFrom;
            if (!to.isAfter(open.rule().effectiveFrom())) {
                throw new ValidationException("The rule cannot end before it started", List.of(
                        "effectiveFrom: must be after " + open.rule().effectiveFrom()));
            }
            AllocationRuleStore.close(c, id, open.rule().version(), to);
            List<StoredRule> all = AllocationRuleStore.versions(c, id);
            return RuleView.of(all.get(all.size() - 1));
        });
    }

    private static StoredRule open(Connection c, long id) throws SQLException {
        List<StoredRule> versions = AllocationRuleStore.versions(c, id);
        if (versions.isEmpty()) {
            throw new NotFoundException("no rule " + id);
        }
        StoredRule last = versions.get(versions.size() - 1);
        if (last.rule().effectiveTo() != null) {
            throw new ValidationException("Rule " + id + " ended on " + last.rule().effectiveTo(), List.of(
                    "id: rule " + id + " is no longer in force; create a new rule instead"));
        }
        return last;
    }

    private LocalDate effectiveFrom(RuleRequest r) {
        return r.effectiveFrom() != null ? r.effectiveFrom() : LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    private static void validate(Rule rule) {
        List<String> problems = rule.problems();
        if (!problems.isEmpty()) {
            throw new ValidationException("The rule was not saved: " + problems.size() + " problem(s)", problems);
        }
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    // ---- policies

    /** A shared-cost policy as written by a client. */
    public record SharedPolicyRequest(String name, Integer position, Match scope, SharedCostPolicy.Kind kind,
            List<String> teams, Map<String, BigDecimal> weights) {
    }

    public List<SharedCostPolicy> sharedPolicies() {
        return call(AllocationRuleStore::sharedPolicies);
    }

    public SharedCostPolicy createSharedPolicy(SharedPolicyRequest r) {
        SharedCostPolicy p = new SharedCostPolicy(0, r.name() == null ? null : r.name().strip(),
                r.position() == null ? 10 : r.position(), r.scope(), r.kind(), r.teams() == null ? List.of()
                        : r.teams(), r.weights() == null ? Map.of() : r.weights());
        List<String> problems = p.problems();
        if (!problems.isEmpty()) {
            throw new ValidationException("The policy was not saved: " + problems.size() + " problem(s)", problems);
        }
        return call(c -> {
            if (AllocationRuleStore.sharedPolicies(c).stream().anyMatch(x -> x.name().equals(p.name()))) {
                throw new ValidationException("A policy named '" + p.name() + "' exists", List.of(
                        "name: already used"));
            }
            long id = AllocationRuleStore.insertSharedPolicy(c, p, clock.instant());
            return new SharedCostPolicy(id, p.name(), p.position(), p.scope(), p.kind(), p.teams(), p.weights());
        });
    }

    public void deleteSharedPolicy(long id) {
        if (!call(c -> AllocationRuleStore.deleteSharedPolicy(c, id))) {
            throw new NotFoundException("no shared-cost policy " + id);
        }
    }

    /** Idle policies by warehouse; {@code *} is the default. */
    public Map<String, IdlePolicy> idlePolicies() {
        return new TreeMap<>(call(AllocationRuleStore::idlePolicies));
    }

    public Map<String, IdlePolicy> setIdlePolicies(Map<String, String> policies) {
        List<String> problems = new ArrayList<>();
        Map<String, IdlePolicy> parsed = new TreeMap<>();
        policies.forEach((w, p) -> {
            try {
                parsed.put(w.strip().toUpperCase(Locale.ROOT), IdlePolicy.valueOf(String.valueOf(p).strip()
                        .toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                problems.add(w + ": '" + p + "' is not one of OWNER, HOUR, DAY");
            }
        });
        if (!problems.isEmpty()) {
            throw new ValidationException("Idle policies were not saved", problems);
        }
        return call(c -> {
            for (var e : parsed.entrySet()) {
                AllocationRuleStore.setIdlePolicy(c, e.getKey(), e.getValue());
            }
            return new TreeMap<>(AllocationRuleStore.idlePolicies(c));
        });
    }

    private <T> T call(io.ledgerhouse.store.Jdbc.Work<T> work) {
        return io.ledgerhouse.store.Jdbc.inNewTransaction(dataSource, work);
    }
}
