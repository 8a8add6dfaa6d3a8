package io.ledgerhouse.web;

import io.ledgerhouse.budget.AlertService;
import io.ledgerhouse.budget.BudgetAlertService;
import io.ledgerhouse.budget.BudgetService;
import io.ledgerhouse.budget.engine.BudgetEvaluator;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The budgets page's data: each budget's month so far against its amount, with the month-end projection, and the
 * alerts sent for the month. With {@code visibleTeams} (null: all), only budgets on those teams (or their workloads)
 * and the alerts and statements about them.
 */
@ApplicationScoped
public class BudgetsPage {

    @Inject
    BudgetService budgets;
    @Inject
    BudgetAlertService burnDowns;
    @Inject
    AlertService alerts;

    @TemplateData
    public record BudgetCard(long id, String name, String scope, String amount, String spent, String spentPercent,
            String projection, String projectionBand, boolean over, String chart, String thresholds,
            String recipients) {
    }

    @TemplateData
    public record AlertRow(String created, String subject, String kind, String threshold, String channel,
            String recipients, String status, String sentAt, String reason) {
    }

    @TemplateData
    public record Budgets(String month, String previous, String next, List<BudgetCard> budgets,
            List<AlertRow> alerts) {
    }

    public Budgets budgets(YearMonth month, Set<String> visibleTeams) {
        List<BudgetCard> cards = new ArrayList<>();
        List<Long> shown = new ArrayList<>();
        for (BudgetService.BudgetView b : budgets.list()) {
            if (visibleTeams != null && !(b.scope().equalsIgnoreCase("TEAM") || b.scope().equalsIgnoreCase(
                    "WORKLOAD")) || visibleTeams != null && !visibleTeams.contains(b.scopeValue().split("/")[0])) {
                continue;
            }
            shown.add(b.id());
            BudgetAlertService.BurnDown d = burnDowns.burnDown(b.id(), month);
            String c = d.currency();
            List<String> days = new ArrayList<>();
            List<BigDecimal> cumulative = new ArrayList<>();
            List<BigDecimal> projected = new ArrayList<>();
            List<BigDecimal> lo = new ArrayList<>();
            List<BigDecimal> hi = new ArrayList<>();
            BigDecimal sum = BigDecimal.ZERO;
            BudgetEvaluator.Projection p = d.projection();
            int daysIn = month.lengthOfMonth();
            int asOf = d.dayOfMonth();
            for (int i = 1; i <= daysIn; i++) {
                LocalDate day = month.atDay(i);
                days.add(day.toString().substring(5));
                if (i <= asOf) {
                    sum = sum.add(d.daily().getOrDefault(day, BigDecimal.ZERO));
                    cumulative.add(Figures.cents(sum));
                } else {
                    cumulative.add(null);
                }
                if (p != null && i >= asOf) {
                    // a straight line from today's cumulative spend to the projected month end, band widening
                    BigDecimal f = BigDecimal.valueOf(i - asOf).divide(BigDecimal.valueOf(Math.max(1, daysIn - asOf)),
                            6, RoundingMode.HALF_UP);
                    BigDecimal base = d.actualToDate();
                    projected.add(Figures.cents(base.add(p.point().subtract(base).multiply(f))));
                    lo.add(Figures.cents(base.add(p.lo80().subtract(base).multiply(f))));
                    hi.add(Figures.cents(base.add(p.hi80().subtract(base).multiply(f))));
                } else {
                    projected.add(null);
                    lo.add(null);
                    hi.add(null);
                }
            }
            String chart = Charts.burnDown(days, cumulative, Figures.cents(b.amount()), projected, lo, hi, c);
            boolean over = d.actualToDate().compareTo(b.amount()) > 0 || p != null && p.point().compareTo(b.amount())
                    > 0;
            cards.add(new BudgetCard(b.id(), b.name(), b.scope().toLowerCase() + (b.scopeValue() == null ? ""
                    : " " + b.scopeValue()), Figures.money(b.amount(), c), Figures.money(d.actualToDate(), c),
                    Figures.percent(d.actualToDate(), b.amount()), p == null ? "no projection (month over, or too "
                            + "few days of history)" : Figures.money(p.point(), c), p == null ? null : "80% likely "
                                    + Figures.money(p.lo80(), c) + " – " + Figures.money(p.hi80(), c),
                    over, chart, "alerts at " + b.actualThresholds().stream().map(t -> t.stripTrailingZeros()
                            .toPlainString() + " %").collect(Collectors.joining(", ")) + " of actual, "
                            + b.projectionThresholds().stream().map(t -> t.stripTrailingZeros().toPlainString()
                                    + " %").collect(Collectors.joining(", ")) + " of projection",
                    b.recipients().isEmpty() ? (b.webhookUrl() == null ? "nobody (add recipients)" : "webhook")
                            : String.join(", ", b.recipients()) + (b.webhookUrl() == null ? "" : ", webhook")));
        }
        List<AlertRow> rows = new ArrayList<>();
        for (AlertService.AlertView a : alerts.list(month)) {
            if (visibleTeams != null) {
                String team = a.facts() == null ? null : a.facts().path("team").asText(null);
                boolean mine = a.budgetId() != null ? shown.contains(a.budgetId())
                        : team != null && visibleTeams.contains(team);
                if (!mine) {
                    continue;
                }
            }
            rows.add(new AlertRow(Figures.time(a.createdAt()), a.budget(), a.kind(), a.threshold() == null ? "–"
                    : a.threshold().stripTrailingZeros().toPlainString() + " %", a.channel(),
                    String.join(", ", a.recipients()), a.status(), Figures.time(a.sentAt()), a.reason()));
        }
        return new Budgets(month.toString(), month.minusMonths(1).toString(), month.plusMonths(1).toString(), cards,
                rows);
    }
}
