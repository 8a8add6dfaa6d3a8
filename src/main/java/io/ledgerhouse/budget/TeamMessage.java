package io.ledgerhouse.budget;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** What a message to a team's owners says: the monthly statement, or an anomalous day. */
final class TeamMessage {

    private TeamMessage() {
    }

    @TemplateData
    public record Line(String currency, String compute, String idle, String cloudServices, String storage,
            String serverless, String other, String sharedIn, String total, String previousTotal, String change) {
    }

    @TemplateData
    public record Advice(long id, String kind, String target, String current, String proposed, String savings) {
    }

    @TemplateData
    public record Statement(String subject, String team, String month, List<Line> lines, List<Advice> advice,
            String link) {
    }

    @TemplateData
    public record Anomaly(String subject, String team, String day, String actual, String expected, String range,
            String times, String link) {
    }

    static Statement statement(JsonNode f, String dashboardUrl) {
        List<Line> lines = new ArrayList<>();
        for (JsonNode l : f.path("lines")) {
            String c = l.path("currency").asText();
            BigDecimal total = dec(l, "total");
            BigDecimal previous = dec(l, "previousTotal");
            String change = previous.signum() == 0 ? "new this month"
                    : (total.compareTo(previous) >= 0 ? "+" : "") + total.subtract(previous).multiply(BigDecimal
                            .valueOf(100)).divide(previous, 1, RoundingMode.HALF_UP) + "% vs "
                            + AlertMessage.money(previous, c);
            lines.add(new Line(c, AlertMessage.money(dec(l, "compute"), c), AlertMessage.money(dec(l, "idle"), c),
                    AlertMessage.money(dec(l, "cloudServices").add(dec(l, "queryAcceleration")), c),
                    AlertMessage.money(dec(l, "storage"), c), AlertMessage.money(dec(l, "serverless"), c),
                    AlertMessage.money(dec(l, "other"), c), AlertMessage.money(dec(l, "sharedIn"), c),
                    AlertMessage.money(total, c), AlertMessage.money(previous, c), change));
        }
        List<Advice> advice = new ArrayList<>();
        for (JsonNode r : f.path("recommendations")) {
            String c = r.path("currency").asText("");
            String unit = r.hasNonNull("unit") ? " " + r.path("unit").asText() : "";
            advice.add(new Advice(r.path("id").asLong(), r.path("kind").asText().replace('_', ' ').toLowerCase(
                    java.util.Locale.ROOT), r.path("target").asText(), r.path("current").asText() + unit,
                    r.path("proposed").asText() + unit, r.path("monthlySavings").isMissingNode()
                            || r.path("monthlySavings").isNull() ? "" : AlertMessage.money(dec(r, "monthlySavings"),
                                    c) + " a month"));
        }
        String team = f.path("team").asText();
        String month = f.path("month").asText();
        return new Statement("[Ledgerhouse] " + team + ": chargeback statement for " + month, team, month, lines,
                advice, link(dashboardUrl, "/chargeback?month=" + month));
    }

    static Anomaly anomaly(JsonNode f, String dashboardUrl) {
        String c = f.path("currency").asText();
        BigDecimal actual = dec(f, "actual");
        BigDecimal expected = dec(f, "expected");
        String times = expected.signum() == 0 ? "" : actual.divide(expected, 1, RoundingMode.HALF_UP) + "×";
        String team = f.path("team").asText();
        return new Anomaly("[Ledgerhouse] " + team + ": unusual cost on " + f.path("day").asText(), team,
                f.path("day").asText(), AlertMessage.money(actual, c), AlertMessage.money(expected, c),
                AlertMessage.money(dec(f, "lo99"), c) + " – " + AlertMessage.money(dec(f, "hi99"), c), times,
                link(dashboardUrl, "/chargeback"));
    }

    private static String link(String base, String path) {
        return base == null ? null : base.replaceAll("/+$", "") + path;
    }

    private static BigDecimal dec(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? BigDecimal.ZERO : new BigDecimal(v.asText());
    }
}
