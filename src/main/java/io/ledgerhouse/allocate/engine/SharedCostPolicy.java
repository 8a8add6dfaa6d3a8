package io.ledgerhouse.allocate.engine;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A shared cost: charges matching {@code scope} (a shared warehouse, an untagged service) are split over teams
 * instead of going to one. {@code EVEN}: equal parts to {@code teams} (all teams with direct cost when empty);
 * {@code PROPORTIONAL}: in proportion to each of those teams' direct cost in the same period; {@code FIXED}: by
 * {@code weights}. Policies are tried in {@code position} order before the rules.
 */
public record SharedCostPolicy(long id, String name, int position, Match scope, Kind kind, List<String> teams,
        Map<String, BigDecimal> weights) {

    public enum Kind {
        EVEN, PROPORTIONAL, FIXED
    }

    public List<String> problems() {
        List<String> out = new java.util.ArrayList<>();
        if (name == null || name.isBlank()) {
            out.add("name: required");
        }
        if (scope == null) {
            out.add("scope: required");
        } else {
            scope.problems().forEach(p -> out.add(p.replaceFirst("^match", "scope")));
        }
        if (kind == null) {
            out.add("kind: one of EVEN, PROPORTIONAL, FIXED");
        } else if (kind == Kind.FIXED && (weights == null || weights.isEmpty())) {
            out.add("weights: FIXED needs a weight per team");
        }
        if (weights != null) {
            weights.forEach((t, w) -> {
                if (w == null || w.signum() <= 0) {
                    out.add("weights." + t + ": must be positive");
                }
            });
        }
        return out;
    }
}
