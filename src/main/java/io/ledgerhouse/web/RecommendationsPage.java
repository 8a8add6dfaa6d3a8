package io.ledgerhouse.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerhouse.advise.RecommendationService;
import io.ledgerhouse.advise.RecommendationService.RecommendationView;
import io.ledgerhouse.advise.WarehouseFactsService;
import io.ledgerhouse.advise.engine.RecommendationStatus;
import io.ledgerhouse.domain.NotFoundException;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The recommendations pages' data: the list with its filters and total savings, and one recommendation with its
 * evidence, SQL, history and the status moves a person may make. With {@code visibleTeams} (null: all), only advice
 * on warehouses those teams used in the last four weeks (advice has no team of its own).
 */
@ApplicationScoped
public class RecommendationsPage {

    @Inject
    RecommendationService recommendations;
    @Inject
    WarehouseFactsService facts;
    @Inject
    Clock clock;

    @TemplateData
    public record Filters(String kind, String status, String source, List<String> kinds, List<String> statuses,
            List<String> sources) {
    }

    @TemplateData
    public record RecommendationList(Filters filters, List<WarehousesPage.Advice> rows, String totalSavings,
            int count) {
        public boolean empty() {
            return rows.isEmpty();
        }
    }

    public RecommendationList list(String kind, String status, String source, Set<String> visibleTeams) {
        List<RecommendationView> all = visible(recommendations.list(null, null, null, null), visibleTeams);
        List<String> kinds = all.stream().map(RecommendationView::kind).distinct().sorted().toList();
        List<String> sources = all.stream().map(RecommendationView::source).distinct().sorted().toList();
        List<String> statuses = java.util.Arrays.stream(RecommendationStatus.values()).map(Enum::name).toList();
        List<RecommendationView> shown = all.stream()
                .filter(r -> blank(kind) || r.kind().equalsIgnoreCase(kind))
                .filter(r -> blank(status) || r.status().equalsIgnoreCase(status))
                .filter(r -> blank(source) || r.source().equals(source)).toList();
        Map<String, BigDecimal> savings = new TreeMap<>();
        for (RecommendationView r : shown) {
            if (r.monthlySavingsAmount() != null && r.monthlySavingsAmount().signum() > 0 && r.currency() != null) {
                savings.merge(r.currency(), r.monthlySavingsAmount(), BigDecimal::add);
            }
        }
        String total = savings.isEmpty() ? "none estimated" : savings.entrySet().stream()
                .map(e -> Figures.money(e.getValue(), e.getKey()) + " per month").collect(Collectors.joining(", "));
        return new RecommendationList(new Filters(blank(kind) ? "" : kind, blank(status) ? "" : status,
                blank(source) ? "" : source, kinds, statuses, sources), shown.stream().map(RecommendationsPage::advice)
                        .toList(), total, shown.size());
    }

    @TemplateData
    public record Evidence(String name, String value) {
    }

    @TemplateData
    public record Event(String at, String event, String change, String reason) {
    }

    @TemplateData
    public record Detail(long id, String source, String kind, String target, String current, String proposed,
            String savings, String savingsCredits, String effect, String confidence, String confidenceReason,
            String sql, String status, String statusReason, List<Evidence> evidence, List<String> moves,
            List<Event> history, String warehouseLink) {
    }

    public Detail detail(long id, Set<String> visibleTeams) {
        RecommendationView r = recommendations.get(id);
        if (visible(List.of(r), visibleTeams).isEmpty()) {
            throw new NotFoundException("no recommendation " + id + " on your teams' warehouses");
        }
        List<Evidence> evidence = new ArrayList<>();
        if (r.evidence() != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = r.evidence().fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isArray() && v.size() > 0 && v.get(0).has("name") && v.get(0).has("value")) {
                    // a list of named figures: one line each, with its unit
                    for (JsonNode f : v) {
                        evidence.add(new Evidence(f.path("name").asText(), f.path("value").asText()
                                + (f.hasNonNull("unit") ? " " + f.path("unit").asText() : "")));
                    }
                } else {
                    evidence.add(new Evidence(e.getKey(), v.isValueNode() ? v.asText() : v.toString()));
                }
            }
        }
        List<String> moves = RecommendationStatus.valueOf(r.status()).byPeople().stream().map(Enum::name).sorted()
                .toList();
        List<Event> history = r.history() == null ? List.of() : r.history().stream().map(e -> new Event(
                Figures.time(e.at()), e.event(), (e.fromStatus() == null ? "" : e.fromStatus() + " → ")
                        + (e.toStatus() == null ? "" : e.toStatus()), e.reason() == null ? "" : e.reason())).toList();
        return new Detail(r.id(), r.source(), r.kind(), r.targetType() + " " + r.target(), withUnit(r.currentValue(),
                r), withUnit(r.proposedValue(), r), Figures.monthlySaving(r.monthlySavingsAmount(), r.currency()),
                r.monthlySavingsCredits() == null ? null : Figures.credits(r.monthlySavingsCredits()) + " per month",
                r.performanceEffect(), r.confidence(), r.confidenceReason(), r.sql(), r.status(), r.statusReason(),
                evidence, moves, history, r.targetType() != null && r.targetType().equalsIgnoreCase("warehouse")
                        ? "/ui/warehouses/" + Figures.url(r.source()) + "/" + Figures.url(r.target()) : null);
    }

    static WarehousesPage.Advice advice(RecommendationView r) {
        return new WarehousesPage.Advice(r.id(), r.kind(), r.targetType().toLowerCase(Locale.ROOT) + " " + r.target()
                + ": " + withUnit(r.currentValue(), r) + " → " + withUnit(r.proposedValue(), r), Figures.monthlySaving(
                        r.monthlySavingsAmount(), r.currency()),
                r.confidence(), r.status(), "/ui/recommendations/" + r.id());
    }

    /** A setting's value with its unit: "300 s", "3 clusters". */
    static String withUnit(String value, RecommendationView r) {
        return value == null || r.valueUnit() == null ? value : value + " " + r.valueUnit();
    }

    private List<RecommendationView> visible(List<RecommendationView> all, Set<String> visibleTeams) {
        if (visibleTeams == null) {
            return all;
        }
        LocalDate to = LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1);
        Set<String> used = new TreeSet<>();
        facts.list(to.minusDays(WarehousesPage.DAYS), to, visibleTeams)
                .forEach(w -> used.add(w.source() + "\u0000" + w.warehouse().toUpperCase(Locale.ROOT)));
        return all.stream().filter(r -> "warehouse".equalsIgnoreCase(r.targetType())
                && used.contains(r.source() + "\u0000" + r.target().toUpperCase(Locale.ROOT))).toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
