package io.ledgerhouse.allocate.engine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ordered, versioned allocation rules. For a subject on a day, the rules in force that day are tried in order and
 * the first that matches assigns it. Results are remembered per day and subject: usage facts repeat the same few
 * combinations of warehouse, user, role and tag millions of times.
 */
public final class RuleBook {

    private record Entry(Rule rule, Match.Compiled match) {
    }

    private final List<Entry> rules;
    private final Map<LocalDate, List<Entry>> byDay = new HashMap<>();
    private final Map<LocalDate, Map<Subject, Optional<Rule.Assignment>>> memo = new HashMap<>();

    public RuleBook(List<Rule> rules) {
        List<Entry> sorted = new ArrayList<>();
        for (Rule r : rules) {
            sorted.add(new Entry(r, r.match().compile()));
        }
        sorted.sort(Comparator.comparingInt((Entry e) -> e.rule().position()).thenComparingLong(e -> e.rule().id()));
        this.rules = List.copyOf(sorted);
    }

    public static RuleBook empty() {
        return new RuleBook(List.of());
    }

    /** The assignment of the first rule in force on {@code day} that matches {@code subject}. */
    public Optional<Rule.Assignment> assign(Subject subject, LocalDate day) {
        return memo.computeIfAbsent(day, d -> new HashMap<>()).computeIfAbsent(subject, s -> find(s, day));
    }

    private Optional<Rule.Assignment> find(Subject subject, LocalDate day) {
        for (Entry e : byDay.computeIfAbsent(day, d -> rules.stream().filter(r -> r.rule().inForce(d)).toList())) {
            if (!e.match().test(subject)) {
                continue;
            }
            Rule r = e.rule();
            String team = Rule.Assignment.resolve(r.team(), subject);
            String workload = r.workload() == null ? null : Rule.Assignment.resolve(r.workload(), subject);
            if (team == null || (r.workload() != null && workload == null)) {
                continue;
            }
            return Optional.of(new Rule.Assignment(team, workload, r.costCenter(), r.id(), r.version()));
        }
        return Optional.empty();
    }
}
