package io.ledgerhouse.allocate.engine;

import io.ledgerhouse.allocate.engine.Allocation.Category;
import io.ledgerhouse.allocate.engine.Allocation.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Allocates whole charges that have no usage facts to split them by: FOCUS rows of any provider, Snowflake storage
 * and serverless services. A shared-cost policy whose scope matches splits the charge over teams; otherwise the first
 * rule that matches (tags, service, account, resource, database/schema ownership) takes it all; what nothing matches
 * is unallocated, on its own line.
 */
public final class ChargeAllocator {

    private final RuleBook rules;
    private final List<SharedCostPolicy> policies;
    private final List<Match.Compiled> scopes = new ArrayList<>();

    public ChargeAllocator(RuleBook rules, List<SharedCostPolicy> policies) {
        this.rules = rules;
        this.policies = policies.stream().sorted(java.util.Comparator.comparingInt(SharedCostPolicy::position))
                .toList();
        this.policies.forEach(p -> scopes.add(p.scope().compile()));
    }

    /** The shared-cost policy that takes {@code charge}, if any. */
    public Optional<SharedCostPolicy> sharedPolicy(Charge charge) {
        for (int i = 0; i < policies.size(); i++) {
            if (scopes.get(i).test(charge.subject())) {
                return Optional.of(policies.get(i));
            }
        }
        return Optional.empty();
    }

    /** The whole charge to the first matching rule's team, or unallocated. */
    public List<Allocation> direct(Charge charge, Category category) {
        Optional<Rule.Assignment> a = rules.assign(charge.subject(), charge.day());
        return List.of(new Allocation(charge.id(), a.map(Rule.Assignment::team).orElse(null),
                a.map(Rule.Assignment::workload).orElse(null), a.map(Rule.Assignment::costCenter).orElse(null),
                category, a.isPresent() ? Method.RULE : Method.UNMATCHED, a.map(Rule.Assignment::ruleId).orElse(null),
                a.map(Rule.Assignment::ruleVersion).orElse(null), null, null, charge.credits(), charge.amount()));
    }

    /**
     * The charge split by {@code policy}; {@code directCost} is each team's direct cost in the same period (the
     * weights of a proportional split, and the teams of an even split that names none). With no team to split over,
     * the charge stays unallocated.
     */
    public List<Allocation> shared(Charge charge, SharedCostPolicy policy, Map<String, BigDecimal> directCost) {
        Map<String, BigDecimal> weights = new TreeMap<>();
        Method method;
        switch (policy.kind()) {
            case EVEN -> {
                method = Method.SHARED_EVEN;
                List<String> teams = policy.teams() == null || policy.teams().isEmpty()
                        ? new ArrayList<>(directCost.keySet()) : policy.teams();
                teams.forEach(t -> weights.put(t, BigDecimal.ONE));
            }
            case PROPORTIONAL -> {
                method = Method.SHARED_PROPORTIONAL;
                directCost.forEach((t, c) -> {
                    if ((policy.teams() == null || policy.teams().isEmpty() || policy.teams().contains(t))
                            && c.signum() > 0) {
                        weights.put(t, c);
                    }
                });
            }
            default -> {
                method = Method.SHARED_FIXED;
                weights.putAll(policy.weights());
            }
        }
        if (weights.isEmpty()) {
            return List.of(new Allocation(charge.id(), null, null, null, Category.SHARED, Method.UNMATCHED,
                    policy.id(), null, null, null, charge.credits(), charge.amount()));
        }
        List<String> teams = new ArrayList<>(weights.keySet());
        List<BigDecimal> w = teams.stream().map(weights::get).toList();
        BigDecimal[] money = Shares.split(charge.amount(), w, charge.amountScale());
        BigDecimal[] credits = charge.credits() == null ? null : Shares.split(charge.credits(), w, charge.creditScale());
        List<Allocation> out = new ArrayList<>();
        for (int i = 0; i < teams.size(); i++) {
            out.add(new Allocation(charge.id(), teams.get(i), null, null, Category.SHARED, method, policy.id(), null,
                    null, null, credits == null ? null : credits[i], money[i]));
        }
        return out;
    }
}
