package io.ledgerhouse.budget;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@io.quarkus.qute.TemplateData
/** What an alert says, from the facts stored when it was raised: the figures formatted for people. */
public record AlertMessage(String subject, String budget, String scope, String month, String kind, String threshold,
        String amount, String actualToDate, String actualPercent, String projection, String projection80,
        String projection95, String reason, List<Contributor> contributors, String link, boolean hasProjection) {

    @io.quarkus.qute.TemplateData
    public record Contributor(String kind, String name, String amount) {
    }

    static AlertMessage of(JsonNode f, String dashboardUrl) {
        String currency = f.path("currency").asText();
        BigDecimal amount = new BigDecimal(f.path("amount").asText());
        BigDecimal actual = new BigDecimal(f.path("actualToDate").asText());
        String scope = switch (f.path("scope").asText()) {
            case "TOTAL" -> "all spend";
            case "TEAM" -> "team " + f.path("scopeValue").asText();
            case "WORKLOAD" -> "workload " + f.path("scopeValue").asText();
            default -> "provider " + f.path("scopeValue").asText();
        };
        JsonNode p = f.path("projection");
        boolean projected = p.isObject();
        String kind = f.path("kind").asText();
        String threshold = plain(new BigDecimal(f.path("threshold").asText())) + "%";
        String reason = kind.equals("ACTUAL")
                ? "Spend so far this month has reached " + threshold + " of the budget."
                : "At the current pace, spend will reach " + threshold + " of the budget by the end of the month.";
        String subject = "[Ledgerhouse] " + f.path("budget").asText() + ": " + (kind.equals("ACTUAL")
                ? threshold + " of the " + f.path("month").asText() + " budget spent"
                : "projected to reach " + threshold + " of the " + f.path("month").asText() + " budget");
        List<Contributor> contributors = new ArrayList<>();
        for (JsonNode c : f.path("contributors")) {
            contributors.add(new Contributor(label(c.path("kind").asText()), c.path("name").asText(),
                    money(new BigDecimal(c.path("amount").asText()), currency)));
        }
        String link = dashboardUrl == null ? null : dashboardUrl.replaceAll("/+$", "") + "/budgets";
        return new AlertMessage(subject, f.path("budget").asText(), scope, f.path("month").asText(), kind, threshold,
                money(amount, currency), money(actual, currency),
                actual.multiply(BigDecimal.valueOf(100)).divide(amount, 1, RoundingMode.HALF_UP) + "%",
                projected ? money(new BigDecimal(p.path("point").asText()), currency) : null,
                projected ? money(new BigDecimal(p.path("lo80").asText()), currency) + " – "
                        + money(new BigDecimal(p.path("hi80").asText()), currency) : null,
                projected ? money(new BigDecimal(p.path("lo95").asText()), currency) + " – "
                        + money(new BigDecimal(p.path("hi95").asText()), currency) : null,
                reason, contributors, link, projected);
    }

    /** The month's spend per day, for the chart. */
    static Map<LocalDate, BigDecimal> daily(JsonNode f) {
        Map<LocalDate, BigDecimal> out = new LinkedHashMap<>();
        for (JsonNode d : f.path("daily")) {
            out.put(LocalDate.parse(d.path("day").asText()), new BigDecimal(d.path("amount").asText()));
        }
        return out;
    }

    static YearMonth month(JsonNode f) {
        return YearMonth.parse(f.path("month").asText());
    }

    /** Slack-compatible webhook text. */
    String plainText() {
        StringBuilder b = new StringBuilder(subject.replace("[Ledgerhouse] ", "")).append('\n').append(reason)
                .append("\nBudget ").append(amount).append(" · spent ").append(actualToDate).append(" (")
                .append(actualPercent).append(')');
        if (hasProjection) {
            b.append(" · month-end projection ").append(projection).append(" (80%: ").append(projection80)
                    .append(')');
        }
        return b.toString();
    }

    static String money(BigDecimal v, String currency) {
        DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(v.setScale(2, RoundingMode.HALF_UP)) + " " + currency;
    }

    private static String plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }

    private static String label(String kind) {
        return switch (kind) {
            case "queryPattern" -> "query pattern";
            default -> kind;
        };
    }
}
