package io.ledgerhouse.web;

import io.ledgerhouse.advise.RecommendationService;
import io.ledgerhouse.budget.BudgetService;
import io.ledgerhouse.collect.SourceService;
import io.ledgerhouse.collect.SourceView;
import io.ledgerhouse.costs.CostReport;
import io.ledgerhouse.costs.CostRow;
import io.ledgerhouse.costs.CostService;
import io.ledgerhouse.domain.InvalidParameterException;
import io.ledgerhouse.domain.NotFoundException;
import io.ledgerhouse.forecast.ForecastService;
import io.ledgerhouse.forecast.engine.ForecastPoint;
import io.ledgerhouse.forecast.engine.MonthProjection;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The overview page's data: this month's spend against the budget and its projection, the daily spend with the
 * forecast, spend by provider and team, what moved against last month, open recommendations, source health.
 * Everything in the month's main currency (the one with the most spend); other currencies are named beside it.
 * With {@code visibleTeams} (null: all) the figures are those teams' allocated cost only, and the account-wide parts
 * (providers, sources, recommendations) are left out.
 */
@ApplicationScoped
public class OverviewPage {

    static final int HISTORY_DAYS = 28;
    static final int FORECAST_DAYS = 21;

    @Inject
    CostService costs;
    @Inject
    ForecastService forecasts;
    @Inject
    BudgetService budgets;
    @Inject
    RecommendationService recommendations;
    @Inject
    SourceService sources;
    @Inject
    Clock clock;

    @TemplateData
    public record Figure(String label, String value, String note) {
    }

    @TemplateData
    public record Mover(String name, String before, String now, String change, boolean up) {
    }

    @TemplateData
    public record SourceHealth(String name, String kind, String lastRun, String lastSuccess, String lag,
            String lastError, boolean healthy) {
    }

    @TemplateData
    public record Overview(String month, String currency, String otherCurrencies, boolean empty, List<Figure> figures,
            String dailyChart, String forecastNote, String providerChart, String teamChart, List<Mover> movers,
            String moversBy, String moversPeriod, int openRecommendations, String savings, List<SourceHealth> sources,
            boolean restricted) {
    }

    public Overview overview(Set<String> visibleTeams) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate monthStart = today.withDayOfMonth(1);
        LocalDate tomorrow = today.plusDays(1);
        String teamFilter = visibleTeams == null ? null : visibleTeams.stream().sorted()
                .map(t -> "team:" + t).collect(Collectors.joining(","));
        boolean restricted = visibleTeams != null;
        if (restricted && visibleTeams.isEmpty()) {
            return new Overview(monthStart.toString().substring(0, 7), null, null, true, List.of(), null, null, null,
                    null, List.of(), null, null, 0, null, List.of(), true);
        }
        CostReport month = costs.costs(monthStart.toString(), tomorrow.toString(), restricted ? "team" : "provider",
                teamFilter, "100");
        Map<String, BigDecimal> byCurrency = new TreeMap<>();
        for (CostRow r : month.totals()) {
            byCurrency.merge(r.currency(), r.billedCost(), BigDecimal::add);
        }
        String currency = byCurrency.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(null);
        String others = byCurrency.entrySet().stream().filter(e -> !e.getKey().equals(currency))
                .map(e -> Figures.money(e.getValue(), e.getKey())).collect(Collectors.joining(", "));
        List<Figure> figures = new ArrayList<>();
        String mLabel = monthStart.toString().substring(0, 7);
        if (currency == null) {
            return new Overview(mLabel, null, null, true, figures, null, null, null, null, List.of(), null, null,
                    0, null, health(restricted), restricted);
        }
        BigDecimal spent = byCurrency.get(currency);
        figures.add(new Figure("Spent this month", Figures.money(spent, currency), "billed cost, " + monthStart
                + " to " + today + " (today is still filling in)"));

        // the forecast, as of today, of the total (or the one team a team member sees)
        String scope = !restricted ? "total" : visibleTeams.size() == 1 ? "team:" + visibleTeams.iterator().next()
                : null;
        ForecastService.ForecastView forecast = null;
        String forecastNote;
        if (scope == null) {
            forecastNote = "Forecasts are per team: open the budgets page for each of your teams.";
        } else {
            try {
                forecast = forecasts.look(scope, FORECAST_DAYS, currency);
                forecastNote = "Model " + forecast.model() + (forecast.fellBack() ? " (fallback: "
                        + forecast.fallbackReason() + ")" : "") + "; shaded: 80% and 95% intervals.";
            } catch (NotFoundException | InvalidParameterException e) {
                forecastNote = "No forecast yet: " + e.getMessage() + ". A forecast needs a few days of history.";
            }
        }
        BudgetService.BudgetView budget = restricted ? null : budgets.list().stream()
                .filter(b -> b.scope().equalsIgnoreCase("TOTAL") && b.currency().equals(currency)).findFirst()
                .orElse(null);
        if (budget != null) {
            figures.add(new Figure("Budget this month", Figures.money(budget.amount(), currency),
                    Figures.percent(spent, budget.amount()) + " spent (budget \u201c" + budget.name() + "\u201d)"));
        } else if (!restricted) {
            figures.add(new Figure("Budget this month", "none", "No budget on the total spend in " + currency
                    + ": add one on the Budgets page (POST /api/v1/budgets)."));
        }
        if (forecast != null && forecast.monthEnd() != null) {
            MonthProjection p = forecast.monthEnd();
            figures.add(new Figure("Projected month end", Figures.money(p.projected(), currency), "80% likely between "
                    + Figures.money(p.lo80(), currency) + " and " + Figures.money(p.hi80(), currency) + "; 95%: "
                    + Figures.money(p.lo95(), currency) + " – " + Figures.money(p.hi95(), currency)));
        }

        // daily spend, last four weeks, then the forecast
        LocalDate from = today.minusDays(HISTORY_DAYS);
        CostReport daily = costs.costs(from.toString(), tomorrow.toString(), restricted ? "team,day" : "day",
                teamFilter == null ? null : teamFilter, "1000");
        Map<LocalDate, BigDecimal> actual = new TreeMap<>();
        for (CostRow r : daily.rows()) {
            if (r.currency().equals(currency) && r.group().get("day") != null) {
                actual.merge(LocalDate.parse(r.group().get("day").substring(0, 10)), r.billedCost(),
                        BigDecimal::add);
            }
        }
        Map<LocalDate, ForecastPoint> points = new HashMap<>();
        if (forecast != null) {
            forecast.points().forEach(p -> points.put(p.date(), p));
        }
        LocalDate end = forecast == null ? today : forecast.points().stream().map(ForecastPoint::date)
                .max(Comparator.naturalOrder()).orElse(today);
        List<String> days = new ArrayList<>();
        List<BigDecimal> a = new ArrayList<>();
        List<BigDecimal> pt = new ArrayList<>();
        List<BigDecimal> l80 = new ArrayList<>();
        List<BigDecimal> h80 = new ArrayList<>();
        List<BigDecimal> l95 = new ArrayList<>();
        List<BigDecimal> h95 = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(end); d = d.plusDays(1)) {
            days.add(d.toString().substring(5));
            ForecastPoint p = points.get(d);
            a.add(p != null && !actual.containsKey(d) ? null : Figures.cents(actual.getOrDefault(d, BigDecimal.ZERO)));
            pt.add(p == null ? null : Figures.cents(p.point()));
            l80.add(p == null ? null : Figures.cents(p.lo80()));
            h80.add(p == null ? null : Figures.cents(p.hi80()));
            l95.add(p == null ? null : Figures.cents(p.lo95()));
            h95.add(p == null ? null : Figures.cents(p.hi95()));
        }
        String dailyChart = Charts.forecast(days, a, pt, l80, h80, l95, h95, currency);

        String providerChart = restricted ? null : bars(month.rows(), "provider", currency);
        CostReport teams = restricted ? month : costs.costs(monthStart.toString(), tomorrow.toString(), "team",
                null, "100");
        String teamChart = bars(teams.rows(), "team", currency);

        // movers: this month so far against the same days of last month
        String by = restricted ? "workload" : "service";
        LocalDate lastStart = monthStart.minusMonths(1);
        LocalDate lastEnd = lastStart.plusDays(Math.min(today.getDayOfMonth(), lastStart.lengthOfMonth()));
        Map<String, BigDecimal> now = sums(costs.costs(monthStart.toString(), tomorrow.toString(), by, teamFilter,
                "1000"), by, currency);
        Map<String, BigDecimal> before = sums(costs.costs(lastStart.toString(), lastEnd.toString(), by, teamFilter,
                "1000"), by, currency);
        Set<String> names = new java.util.HashSet<>(now.keySet());
        names.addAll(before.keySet());
        List<Mover> movers = names.stream().map(n -> {
            BigDecimal b = before.getOrDefault(n, BigDecimal.ZERO);
            BigDecimal x = now.getOrDefault(n, BigDecimal.ZERO);
            return Map.entry(n, new BigDecimal[] {b, x, x.subtract(b)});
        }).sorted(Comparator.comparing((Map.Entry<String, BigDecimal[]> e) -> e.getValue()[2].abs()).reversed())
                .limit(6).map(e -> new Mover(e.getKey(), Figures.money(e.getValue()[0], currency),
                        Figures.money(e.getValue()[1], currency), (e.getValue()[2].signum() > 0 ? "+" : "")
                                + Figures.money(e.getValue()[2], currency), e.getValue()[2].signum() > 0))
                .toList();
        String moversPeriod = monthStart + " – " + today + " against " + lastStart + " – " + lastEnd.minusDays(1);

        int open = 0;
        String savings = null;
        if (!restricted) {
            List<RecommendationService.RecommendationView> recs = recommendations.list(null, "OPEN", null, null);
            open = recs.size();
            Map<String, BigDecimal> perCurrency = new TreeMap<>();
            for (RecommendationService.RecommendationView r : recs) {
                if (r.monthlySavingsAmount() != null && r.currency() != null) {
                    perCurrency.merge(r.currency(), r.monthlySavingsAmount(), BigDecimal::add);
                }
            }
            savings = perCurrency.isEmpty() ? null : perCurrency.entrySet().stream()
                    .map(e -> Figures.money(e.getValue(), e.getKey()) + " per month")
                    .collect(Collectors.joining(", "));
        }
        return new Overview(mLabel, currency, others.isEmpty() ? null : others, false, figures, dailyChart,
                forecastNote, providerChart, teamChart, movers, by, moversPeriod, open, savings, health(restricted),
                restricted);
    }

    private List<SourceHealth> health(boolean restricted) {
        if (restricted) {
            return List.of();
        }
        List<SourceHealth> out = new ArrayList<>();
        for (SourceView s : sources.list()) {
            long lag = s.views() == null ? -1 : s.views().stream().mapToLong(SourceView.ViewLag::lagSeconds).max()
                    .orElse(-1);
            String status = s.lastRun() == null ? "never run" : s.lastRun().status() + " at "
                    + Figures.time(s.lastRun().finishedAt() != null ? s.lastRun().finishedAt()
                            : s.lastRun().startedAt());
            boolean healthy = s.lastRun() == null || !s.lastRun().status().equals("FAILED");
            out.add(new SourceHealth(s.name(), s.kind(), status, Figures.time(s.lastSuccessAt()),
                    lag < 0 ? "–" : Figures.duration(lag), s.lastError() == null ? "none" : s.lastError(), healthy));
        }
        return out;
    }

    private static String bars(List<CostRow> rows, String dimension, String currency) {
        Map<String, BigDecimal> sums = new TreeMap<>();
        for (CostRow r : rows) {
            if (r.currency().equals(currency)) {
                String name = r.group().get(dimension);
                sums.merge(name == null ? "(none: idle or unallocated)" : name, r.billedCost(), BigDecimal::add);
            }
        }
        if (sums.isEmpty()) {
            return null;
        }
        List<Map.Entry<String, BigDecimal>> sorted = sums.entrySet().stream()
                .sorted(Map.Entry.<String, BigDecimal>comparingByValue().reversed()).limit(12).toList();
        return Charts.categories(sorted.stream().map(Map.Entry::getKey).toList(), List.of(new Charts.Series(
                "Spent this month", "bar", sorted.stream().map(e -> Figures.cents(e.getValue())).toList(),
                Charts.BLUE, null)), currency, true);
    }

    private static Map<String, BigDecimal> sums(CostReport report, String dimension, String currency) {
        Map<String, BigDecimal> out = new HashMap<>();
        for (CostRow r : report.rows()) {
            if (r.currency().equals(currency)) {
                String name = r.group().get(dimension);
                out.merge(name == null ? "(none)" : name, r.billedCost(), BigDecimal::add);
            }
        }
        return out;
    }
}
