package io.ledgerhouse.budget;

import io.ledgerhouse.budget.engine.BudgetRules;
import io.ledgerhouse.domain.NotFoundException;
import io.ledgerhouse.domain.ValidationException;
import io.ledgerhouse.store.Budget;
import io.ledgerhouse.store.BudgetRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** Budgets: create, read, change, remove, with every problem of a bad one named. */
@ApplicationScoped
public class BudgetService {

    @Inject
    BudgetRepository budgets;
    @Inject
    Clock clock;

    /** A budget as a client writes it; thresholds default to 50/80/100% of actual and 100% of the projection. */
    public record BudgetRequest(String name, String scope, String scopeValue, BigDecimal amount, String currency,
            List<BigDecimal> actualThresholds, List<BigDecimal> projectionThresholds, List<String> recipients,
            String webhookUrl) {
    }

    public record BudgetView(long id, String name, String scope, String scopeValue, BigDecimal amount,
            String currency, List<BigDecimal> actualThresholds, List<BigDecimal> projectionThresholds,
            List<String> recipients, String webhookUrl, Instant createdAt, Instant updatedAt) {

        /** The team a TEAM or WORKLOAD budget belongs to; null for a total or provider budget. */
        public String team() {
            if (scopeValue == null) {
                return null;
            }
            return switch (scope) {
                case "TEAM" -> scopeValue;
                case "WORKLOAD" -> scopeValue.split("/", 2)[0];
                default -> null;
            };
        }

        static BudgetView of(Budget b) {
            return new BudgetView(b.id, b.name, b.scope, b.scopeValue, b.amount, b.currency,
                    List.copyOf(b.actualThresholds), List.copyOf(b.projectionThresholds), List.copyOf(b.recipients),
                    redact(b.webhookUrl), b.createdAt, b.updatedAt);
        }
    }

    @Transactional
    public List<BudgetView> list() {
        return budgets.listAll(Sort.by("name")).stream().map(BudgetView::of).toList();
    }

    /** The budgets of {@code teams} (TEAM and WORKLOAD budgets of those teams); null: every budget. */
    @Transactional
    public List<BudgetView> list(java.util.Set<String> teams) {
        return list().stream().filter(b -> teams == null || (b.team() != null && teams.contains(b.team()))).toList();
    }

    @Transactional
    public BudgetView get(long id) {
        return BudgetView.of(find(id));
    }

    /** One budget, if it is one of {@code teams}' (null: any); another's is {@link AccessDeniedException}. */
    @Transactional
    public BudgetView get(long id, java.util.Set<String> teams) {
        BudgetView b = get(id);
        if (teams != null && (b.team() == null || !teams.contains(b.team()))) {
            throw new io.ledgerhouse.domain.AccessDeniedException("This is not one of your teams' budgets.");
        }
        return b;
    }

    @Transactional
    public BudgetView create(BudgetRequest request) {
        BudgetRules rules = validate(request, null);
        Budget b = new Budget();
        apply(b, rules);
        b.createdAt = clock.instant();
        b.updatedAt = b.createdAt;
        budgets.persist(b);
        return BudgetView.of(b);
    }

    @Transactional
    public BudgetView update(long id, BudgetRequest request) {
        Budget b = find(id);
        BudgetRules rules = validate(request, id);
        apply(b, rules);
        b.updatedAt = clock.instant();
        return BudgetView.of(b);
    }

    @Transactional
    public void delete(long id) {
        budgets.delete(find(id));
    }

    /** The budget as the evaluator reads it. */
    static BudgetRules rules(Budget b) {
        return new BudgetRules(b.name, BudgetRules.Scope.valueOf(b.scope), b.scopeValue, b.amount, b.currency,
                b.actualThresholds, b.projectionThresholds, b.recipients, b.webhookUrl);
    }

    private Budget find(long id) {
        return budgets.findByIdOptional(id).orElseThrow(() -> new NotFoundException("no budget " + id));
    }

    private BudgetRules validate(BudgetRequest r, Long self) {
        List<String> problems = new ArrayList<>();
        BudgetRules.Scope scope = null;
        if (r.scope() != null) {
            try {
                scope = BudgetRules.Scope.valueOf(r.scope().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("scope: '" + r.scope() + "' is not one of TOTAL, TEAM, WORKLOAD, PROVIDER");
            }
        }
        List<String> recipients = r.recipients() == null ? List.of() : r.recipients().stream()
                .map(x -> x == null ? null : x.strip()).toList();
        BudgetRules rules = new BudgetRules(r.name() == null ? null : r.name().strip(), scope,
                r.scopeValue() == null || r.scopeValue().isBlank() ? null : r.scopeValue().strip(), r.amount(),
                r.currency() == null ? null : r.currency().strip().toUpperCase(Locale.ROOT),
                r.actualThresholds() == null ? BudgetRules.DEFAULT_ACTUAL : r.actualThresholds(),
                r.projectionThresholds() == null ? BudgetRules.DEFAULT_PROJECTION : r.projectionThresholds(),
                recipients, r.webhookUrl() == null || r.webhookUrl().isBlank() ? null : r.webhookUrl().strip());
        List<String> found = rules.problems();
        if (r.scope() != null && scope == null) {
            found = found.stream().filter(p -> !p.startsWith("scope:") && !p.startsWith("scopeValue:")).toList();
        }
        problems.addAll(found);
        if (rules.name() != null) {
            budgets.findByName(rules.name()).filter(b -> !b.id.equals(self)).ifPresent(b -> problems.add(
                    "name: a budget named '" + rules.name() + "' exists"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException("The budget was not saved: " + problems.size() + " problem(s)", problems);
        }
        return rules;
    }

    private static void apply(Budget b, BudgetRules r) {
        b.name = r.name();
        b.scope = r.scope().name();
        b.scopeValue = r.scopeValue();
        b.amount = r.amount();
        b.currency = r.currency();
        b.actualThresholds = new ArrayList<>(new LinkedHashSet<>(r.actualThresholds().stream()
                .map(BudgetService::plain).sorted().toList()));
        b.projectionThresholds = new ArrayList<>(new LinkedHashSet<>(r.projectionThresholds().stream()
                .map(BudgetService::plain).sorted().toList()));
        b.recipients = new ArrayList<>(new LinkedHashSet<>(r.recipients().stream()
                .map(x -> x.toLowerCase(Locale.ROOT)).toList()));
        b.webhookUrl = r.webhookUrl();
    }

    /** 80, not 80.00 or 8E+1. */
    private static BigDecimal plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /**
     * A webhook URL as shown: scheme and host only. Slack-style URLs carry their secret in the path, and secrets are
     * never returned by the API.
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        try {
            java.net.URI u = java.net.URI.create(url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/…";
        } catch (IllegalArgumentException e) {
            return "(hidden)";
        }
    }
}
