package io.ledgerhouse.allocate.engine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One version of an allocation rule: where it stands in the order ({@code position}, lower first), the days it is in
 * force ({@code effectiveFrom} inclusive, {@code effectiveTo} exclusive, null for open-ended), its conditions and what
 * it assigns. Team and workload may name a value of the subject instead of a literal: {@code {queryTag.team}} or
 * {@code {tag.cost-center}}; a subject without that value is not matched by the rule.
 */
public record Rule(long id, int version, int position, LocalDate effectiveFrom, LocalDate effectiveTo, Match match,
        String team, String workload, String costCenter) {

    public boolean inForce(LocalDate day) {
        return !day.isBefore(effectiveFrom) && (effectiveTo == null || day.isBefore(effectiveTo));
    }

    /** Problems with this rule (empty when valid), each naming the field. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (match == null) {
            out.add("match: required");
        } else {
            out.addAll(match.problems());
        }
        if (team == null || team.isBlank()) {
            out.add("team: required");
        }
        template("team", team, out);
        template("workload", workload, out);
        if (effectiveFrom == null) {
            out.add("effectiveFrom: required");
        } else if (effectiveTo != null && !effectiveTo.isAfter(effectiveFrom)) {
            out.add("effectiveTo: must be after effectiveFrom");
        }
        return out;
    }

    private static void template(String field, String value, List<String> out) {
        if (value != null && value.startsWith("{") && Assignment.reference(value) == null) {
            out.add(field + ": '" + value + "' is neither a name nor {queryTag.<key>} / {tag.<key>}");
        }
    }

    /** The team, workload and cost center a rule gives a subject, and which rule version gave them. */
    public record Assignment(String team, String workload, String costCenter, long ruleId, int ruleVersion) {

        /** {@code [kind, key]} of a {@code {queryTag.key}} / {@code {tag.key}} reference, else null. */
        static String[] reference(String value) {
            if (value == null || !value.startsWith("{") || !value.endsWith("}")) {
                return null;
            }
            String inner = value.substring(1, value.length() - 1).strip();
            int dot = inner.indexOf('.');
            if (dot <= 0 || dot == inner.length() - 1) {
                return null;
            }
            String kind = inner.substring(0, dot);
            if (!kind.equals("queryTag") && !kind.equals("tag")) {
                return null;
            }
            return new String[] {kind, inner.substring(dot + 1).toLowerCase(java.util.Locale.ROOT)};
        }

        /** The value {@code value} stands for on {@code subject}; null when the subject lacks it. */
        static String resolve(String value, Subject subject) {
            String[] ref = reference(value);
            if (ref == null) {
                return value;
            }
            String v = ref[0].equals("queryTag") ? subject.queryTag().get(ref[1]) : subject.tags().get(ref[1]);
            return v == null || v.isBlank() ? null : v;
        }
    }
}
