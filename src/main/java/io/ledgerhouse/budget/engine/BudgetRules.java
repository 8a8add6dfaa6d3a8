package io.ledgerhouse.budget.engine;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A monthly budget as the evaluator sees it, and the validation of one as a client writes it: what it covers (the
 * total, a team, a team's workload or a provider), the amount and currency, the thresholds (percent of the amount) on
 * actual spend and on the month-end projection, and where alerts go.
 */
public record BudgetRules(String name, Scope scope, String scopeValue, BigDecimal amount, String currency,
        List<BigDecimal> actualThresholds, List<BigDecimal> projectionThresholds, List<String> recipients,
        String webhookUrl) {

    /** What a budget covers. {@code WORKLOAD} values are {@code team/workload}. */
    public enum Scope {
        TOTAL, TEAM, WORKLOAD, PROVIDER
    }

    public static final List<BigDecimal> DEFAULT_ACTUAL = List.of(new BigDecimal("50"), new BigDecimal("80"),
            new BigDecimal("100"));
    public static final List<BigDecimal> DEFAULT_PROJECTION = List.of(new BigDecimal("100"));

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /** Every problem of this budget, as {@code field: reason}; empty when it can be saved. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (name == null || name.isBlank()) {
            out.add("name: required");
        } else if (name.length() > 200) {
            out.add("name: at most 200 characters");
        }
        if (scope == null) {
            out.add("scope: required, one of TOTAL, TEAM, WORKLOAD, PROVIDER");
        } else if (scope == Scope.TOTAL) {
            if (scopeValue != null && !scopeValue.isBlank()) {
                out.add("scopeValue: must be empty for a TOTAL budget");
            }
        } else if (scopeValue == null || scopeValue.isBlank()) {
            out.add("scopeValue: required for a " + scope + " budget (" + switch (scope) {
                case TEAM -> "the team's name";
                case WORKLOAD -> "team/workload";
                default -> "the provider's name, e.g. Snowflake or AWS";
            } + ")");
        } else if (scope == Scope.WORKLOAD && scopeValue.strip().split("/", -1).length != 2) {
            out.add("scopeValue: a WORKLOAD budget names team/workload, not '" + scopeValue + "'");
        }
        if (amount == null) {
            out.add("amount: required");
        } else if (amount.signum() <= 0) {
            out.add("amount: must be positive");
        }
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            out.add("currency: an ISO 4217 code such as USD is required");
        }
        thresholds("actualThresholds", actualThresholds, out);
        thresholds("projectionThresholds", projectionThresholds, out);
        if (recipients != null) {
            for (int i = 0; i < recipients.size(); i++) {
                String r = recipients.get(i);
                if (r == null || !io.ledgerhouse.domain.EmailAddresses.valid(r.strip())) {
                    out.add("recipients[" + i + "]: '" + r + "' is not an e-mail address");
                }
            }
        }
        if (webhookUrl != null && !webhookUrl.isBlank()) {
            try {
                URI u = URI.create(webhookUrl.strip());
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("https") && !scheme.equals("http") || u.getHost() == null) {
                    out.add("webhookUrl: must be an http(s) URL");
                }
            } catch (IllegalArgumentException e) {
                out.add("webhookUrl: not a URL");
            }
        }
        if ((recipients == null || recipients.isEmpty()) && (webhookUrl == null || webhookUrl.isBlank())) {
            out.add("recipients: give at least one e-mail address or a webhookUrl, or nobody hears of this budget");
        }
        return out;
    }

    private static void thresholds(String field, List<BigDecimal> values, List<String> out) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            BigDecimal v = values.get(i);
            if (v == null || v.signum() <= 0 || v.compareTo(new BigDecimal("1000")) > 0) {
                out.add(field + "[" + i + "]: a percentage of the amount above 0 and at most 1000");
            }
        }
        if (values.stream().filter(java.util.Objects::nonNull).map(BigDecimal::stripTrailingZeros).distinct().count()
                != values.stream().filter(java.util.Objects::nonNull).count()) {
            out.add(field + ": each threshold once");
        }
    }
}
