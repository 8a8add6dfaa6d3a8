package io.ledgerhouse.web;

import io.ledgerhouse.advise.AdvisorService;
import io.ledgerhouse.advise.RecommendationService;
import io.ledgerhouse.advise.WarehouseFactsService;
import io.ledgerhouse.domain.NotFoundException;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The warehouses pages' data: every warehouse's last four weeks (credits, busy and idle cost), and one warehouse's
 * detail: busy vs idle per day, settings history, the auto-suspend curve with its replay fidelity, size evidence and
 * recommendations. With {@code visibleTeams} (null: all), only warehouses those teams used, and only their share.
 */
@ApplicationScoped
public class WarehousesPage {

    static final int DAYS = 28;

    @Inject
    WarehouseFactsService facts;
    @Inject
    AdvisorService advisor;
    @Inject
    RecommendationService recommendations;
    @Inject
    Clock clock;

    @TemplateData
    public record WarehouseRow(String source, String name, String size, String autoSuspend, String credits,
            String busy, String idle, String idleShare, String queries, String link) {
    }

    @TemplateData
    public record WarehouseList(String from, String to, List<WarehouseRow> rows, String chart) {
        public boolean empty() {
            return rows.isEmpty();
        }
    }

    public WarehouseList list(Set<String> visibleTeams) {
        LocalDate to = today().plusDays(1);
        LocalDate from = to.minusDays(DAYS);
        List<WarehouseRow> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<BigDecimal> busy = new ArrayList<>();
        List<BigDecimal> idle = new ArrayList<>();
        String currency = null;
        for (WarehouseFactsService.WarehouseSummary w : facts.list(from, to, visibleTeams)) {
            String c = w.currency();
            rows.add(new WarehouseRow(w.source(), w.warehouse(), w.size() == null ? "–" : w.size(),
                    Figures.suspend(w.autoSuspendSeconds()), Figures.credits(w.meteredCredits()),
                    Figures.money(w.busy(), c), Figures.money(w.idle(), c), Figures.percent(w.idle(),
                            w.busy().add(w.idle())), String.format(Locale.US, "%,d", w.queries()),
                    "/ui/warehouses/" + Figures.url(w.source()) + "/" + Figures.url(w.warehouse())));
            if (c != null && (currency == null || currency.equals(c)) && names.size() < 15) {
                currency = c;
                names.add(w.warehouse());
                busy.add(Figures.cents(w.busy()));
                idle.add(Figures.cents(w.idle()));
            }
        }
        String chart = names.isEmpty() ? null : Charts.categories(names, List.of(
                new Charts.Series("Busy (queries running)", "bar", busy, Charts.BLUE, "c"),
                new Charts.Series("Idle (up, no query)", "bar", idle, Charts.GREY, "c")), currency, true);
        return new WarehouseList(from.toString(), to.minusDays(1).toString(), rows, chart);
    }

    @TemplateData
    public record Setting(String from, String to, String size, String autoSuspend, String clusters, String scaling,
            String acceleration) {
    }

    @TemplateData
    public record CurveRow(String setting, String monthlyCost, String monthlyCredits, String resumes,
            String coldQueries, boolean current, boolean recommended) {
    }

    @TemplateData
    public record SizeRow(String day, String queries, String queued, String queuedTime, String spilling,
            String spilledLocal, String spilledRemote) {
    }

    @TemplateData
    public record Advice(long id, String kind, String change, String savings, String confidence, String status,
            String link) {
    }

    @TemplateData
    public record Warehouse(String source, String name, String period, String useChart, String busy, String idle,
            String idleShare, List<Setting> settings, String curveChart, List<CurveRow> curve, String curveNote,
            String fidelity, boolean fidelityOk, String verdict, String sizeChart, List<SizeRow> size,
            List<Advice> advice) {
    }

    public Warehouse warehouse(String source, String name, Set<String> visibleTeams) {
        LocalDate to = today().plusDays(1);
        LocalDate from = to.minusDays(DAYS);
        if (visibleTeams != null && facts.list(from, to, visibleTeams).stream()
                .noneMatch(w -> w.source().equals(source) && w.warehouse().equalsIgnoreCase(name))) {
            throw new NotFoundException("no warehouse " + name + " used by your teams in " + source);
        }
        List<WarehouseFactsService.UseDay> use = facts.use(source, name, from, to, visibleTeams);
        BigDecimal busy = use.stream().map(WarehouseFactsService.UseDay::busyAmount).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        BigDecimal idle = use.stream().map(WarehouseFactsService.UseDay::idleAmount).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        String useChart = use.isEmpty() ? null : Charts.categories(
                use.stream().map(d -> d.day().toString().substring(5)).toList(), List.of(
                        new Charts.Series("Busy credits", "bar", use.stream().map(d -> Figures.cents(
                                d.busyCredits())).toList(), Charts.BLUE, "u"),
                        new Charts.Series("Idle credits", "bar", use.stream().map(d -> Figures.cents(
                                d.idleCredits())).toList(), Charts.GREY, "u")), "credits per day", false);
        String currency = null;
        List<Setting> settings = new ArrayList<>();
        for (WarehouseFactsService.SettingVersion s : facts.settings(source, name)) {
            settings.add(new Setting(Figures.time(s.from()), s.to() == null ? "now" : Figures.time(s.to()),
                    s.size(), Figures.suspend(s.autoSuspendSeconds()), s.minClusters() == null ? "–"
                            : s.minClusters() + "–" + s.maxClusters(), s.scalingPolicy() == null ? "–"
                                    : s.scalingPolicy(), Boolean.TRUE.equals(s.queryAcceleration()) ? "on" : "off"));
        }

        String curveChart = null;
        List<CurveRow> curve = new ArrayList<>();
        String curveNote;
        String fidelity = null;
        boolean fidelityOk = false;
        String verdict = null;
        try {
            AdvisorService.Curve c = advisor.autoSuspendCurve(source, name);
            currency = c.currency();
            List<String> labels = new ArrayList<>();
            List<BigDecimal> money = new ArrayList<>();
            List<Double> cold = new ArrayList<>();
            int current = 0;
            Integer recommended = null;
            for (int i = 0; i < c.curve().size(); i++) {
                AdvisorService.CurvePoint p = c.curve().get(i);
                labels.add(p.label());
                money.add(p.monthlyMoney());
                cold.add(Math.round(p.coldShare() * 1000) / 10.0);
                if (p.current()) {
                    current = i;
                }
                if (p.recommended()) {
                    recommended = i;
                }
                curve.add(new CurveRow(p.label(), Figures.money(p.monthlyMoney(), c.currency()),
                        Figures.credits(p.monthlyCredits()), String.format(Locale.US, "%,d", p.resumes()),
                        String.format(Locale.US, "%,d (%.1f %%)", p.coldQueries(), p.coldShare() * 100),
                        p.current(), p.recommended()));
            }
            curveChart = Charts.autoSuspend(labels, money, cold, current, recommended, c.currency());
            curveNote = "Replayed " + Figures.time(c.from()) + " – " + Figures.time(c.to()) + " at size " + c.size()
                    + ", " + Figures.money(c.pricePerCredit(), c.currency()) + " per credit; workload class "
                    + c.workloadClass() + " (cold-start budget " + Math.round(c.coldBudget() * 100) + " % of "
                    + "queries).";
            if (c.fidelityErrorPercent() != null) {
                fidelityOk = Math.abs(c.fidelityErrorPercent()) <= c.fidelityBoundPercent();
                fidelity = String.format(Locale.US, "The replay of the current setting is %.1f %% off the metered "
                        + "%s (bound: %.0f %%): %s.", c.fidelityErrorPercent(), Figures.credits(c.meteredCredits()),
                        c.fidelityBoundPercent(), fidelityOk ? "savings can be trusted"
                                : "savings are not trusted, so no change is recommended");
            } else {
                fidelity = "No metered credits to check the replay against.";
            }
            verdict = c.verdict();
        } catch (NotFoundException e) {
            curveNote = "No auto-suspend curve: " + e.getMessage() + ".";
        }

        List<WarehouseFactsService.SizeDay> size = facts.sizeEvidence(source, name, from, to);
        List<SizeRow> sizeRows = new ArrayList<>();
        for (WarehouseFactsService.SizeDay d : size) {
            sizeRows.add(new SizeRow(d.day().toString(), String.format(Locale.US, "%,d", d.queries()),
                    String.format(Locale.US, "%,d", d.queuedQueries()), d.queuedSeconds() + " s",
                    String.format(Locale.US, "%,d", d.spillingQueries()), d.spilledLocalGb() + " GB",
                    d.spilledRemoteGb() + " GB"));
        }
        String sizeChart = size.isEmpty() ? null : Charts.categories(
                size.stream().map(d -> d.day().toString().substring(5)).toList(), List.of(
                        new Charts.Series("Queries that queued", "bar", size.stream()
                                .map(WarehouseFactsService.SizeDay::queuedQueries).toList(), Charts.ORANGE, null),
                        new Charts.Series("Queries that spilled", "bar", size.stream()
                                .map(WarehouseFactsService.SizeDay::spillingQueries).toList(), Charts.RED, null)),
                "queries per day", false);

        List<Advice> advice = new ArrayList<>();
        for (RecommendationService.RecommendationView r : recommendations.list(null, null, name, source)) {
            advice.add(RecommendationsPage.advice(r));
        }
        if (currency == null) {
            currency = use.isEmpty() ? null : "";
        }
        String c = currency == null || currency.isEmpty() ? null : currency;
        return new Warehouse(source, name, from + " – " + to.minusDays(1), useChart,
                c == null ? Figures.credits(use.stream().map(WarehouseFactsService.UseDay::busyCredits)
                        .reduce(BigDecimal.ZERO, BigDecimal::add)) : Figures.money(busy, c),
                c == null ? Figures.credits(use.stream().map(WarehouseFactsService.UseDay::idleCredits)
                        .reduce(BigDecimal.ZERO, BigDecimal::add)) : Figures.money(idle, c),
                Figures.percent(idle, busy.add(idle)), settings, curveChart, curve, curveNote, fidelity, fidelityOk,
                verdict, sizeChart, sizeRows, advice);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}
