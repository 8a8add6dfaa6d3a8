package io.ledgerhouse.web;

import io.ledgerhouse.allocate.ChargebackDrillService;
import io.ledgerhouse.allocate.ChargebackDrillService.Path;
import io.ledgerhouse.allocate.ChargebackService;
import io.ledgerhouse.allocate.QueryCostService;
import io.ledgerhouse.domain.AccessDeniedException;
import io.ledgerhouse.domain.NotFoundException;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The chargeback page's data: the month's statement per team with the idle and unallocated lines and the
 * reconciliation to the bill, and the drill from a team down to single queries and how each was allocated.
 * {@code visibleTeams} (null: all) limits everything to those teams; a restricted reader sees neither the idle and
 * unallocated lines nor the bill, which would reveal the other teams' total.
 */
@ApplicationScoped
public class ChargebackPage {

    @Inject
    ChargebackService chargeback;
    @Inject
    ChargebackDrillService drill;
    @Inject
    QueryCostService queries;

    @TemplateData
    public record Row(String label, String kind, String team, String currency, String compute, String idle,
            String cloudServices, String storage, String other, String shared, String total, String link) {
    }

    @TemplateData
    public record Reconciliation(String currency, String billed, String teams, String idle, String unallocated,
            String difference, boolean balanced) {
    }

    @TemplateData
    public record Statement(String month, String previous, String next, List<Row> rows,
            List<Reconciliation> reconciliation, boolean restricted, String chart, String csvLink,
            String focusLink) {
        public boolean empty() {
            return rows.isEmpty();
        }
    }

    public Statement statement(YearMonth month, Set<String> visibleTeams) {
        ChargebackService.Statement s = chargeback.statement(month);
        List<Row> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<BigDecimal> totals = new ArrayList<>();
        String chartCurrency = null;
        for (ChargebackService.Line l : s.lines()) {
            boolean team = l.kind().equals("team");
            if (visibleTeams != null && !(team && visibleTeams.contains(l.team()))) {
                continue;
            }
            String label = team ? l.team() : l.kind().equals("idle") ? "Idle (warehouses up, no query running)"
                    : "Unallocated (no rule matched)";
            String c = l.currency();
            BigDecimal other = l.queryAcceleration().add(l.serverless()).add(l.other());
            rows.add(new Row(label, l.kind(), l.team(), c, Figures.money(l.compute(), c), Figures.money(l.idle(), c),
                    Figures.money(l.cloudServices(), c), Figures.money(l.storage(), c), Figures.money(other, c),
                    Figures.money(l.sharedIn(), c), Figures.money(l.total(), c),
                    team ? "/ui/chargeback/drill?month=" + month + "&team=" + Figures.url(l.team())
                            : l.kind().equals("unallocated") ? "/ui/rules?month=" + month : null));
            if (chartCurrency == null) {
                chartCurrency = c;
            }
            if (c.equals(chartCurrency)) {
                labels.add(team ? l.team() : l.kind());
                totals.add(Figures.cents(l.total()));
            }
        }
        List<Reconciliation> rec = new ArrayList<>();
        if (visibleTeams == null) {
            for (ChargebackService.Reconciliation r : s.totals()) {
                String c = r.currency();
                rec.add(new Reconciliation(c, Figures.money(r.billed(), c), Figures.money(r.teams(), c),
                        Figures.money(r.idle(), c), Figures.money(r.unallocated(), c),
                        Figures.money(r.difference(), c), r.difference().signum() == 0));
            }
        }
        String chart = labels.isEmpty() ? null : Charts.categories(labels, List.of(new Charts.Series("Total",
                "bar", totals, Charts.BLUE, null)), chartCurrency, true);
        return new Statement(month.toString(), month.minusMonths(1).toString(), month.plusMonths(1).toString(), rows,
                rec, visibleTeams != null, chart, "/api/v1/chargeback?month=" + month + "&format=csv",
                "/api/v1/chargeback?month=" + month + "&format=focus");
    }

    @TemplateData
    public record Crumb(String label, String link) {
    }

    @TemplateData
    public record DrillRow(String label, String items, String credits, String amount, String link) {
    }

    @TemplateData
    public record QueryRow(String queryId, String source, String start, String warehouse, String user, String text,
            String credits, String amount, String link) {
    }

    @TemplateData
    public record Drill(String month, String team, String level, String heading, String explanation,
            List<Crumb> crumbs, List<DrillRow> rows, List<QueryRow> queries, String chart) {
        public boolean empty() {
            return rows.isEmpty() && queries.isEmpty();
        }

        /** Whether any query's text was kept (collectors keep none unless configured to). */
        public boolean hasText() {
            return queries.stream().anyMatch(q -> q.text() != null);
        }
    }

    /** The next level below {@code path}: workloads, then warehouses, users, query patterns, and single queries. */
    public Drill drill(YearMonth month, Path path, Set<String> visibleTeams) {
        if (visibleTeams != null && !visibleTeams.contains(path.team())) {
            throw new NotFoundException("no team " + path.team() + " among the teams you may see");
        }
        String base = "/ui/chargeback/drill?month=" + month + "&team=" + Figures.url(path.team());
        List<Crumb> crumbs = new ArrayList<>();
        crumbs.add(new Crumb("Chargeback " + month, "/ui/chargeback?month=" + month));
        crumbs.add(new Crumb("team " + path.team(), base));
        String level;
        String link = base;
        String[][] steps = {{"workload", path.workload()}, {"warehouse", path.warehouse()}, {"user", path.user()},
            {"pattern", path.pattern()}};
        level = "query";
        for (String[] step : steps) {
            if (step[1] == null) {
                level = step[0];
                break;
            }
            link += "&" + step[0] + "=" + Figures.url(step[1]);
            crumbs.add(new Crumb(step[0] + " " + shown(step[0], step[1]), link));
        }
        String here = link;
        List<DrillRow> rows = new ArrayList<>();
        List<QueryRow> qs = new ArrayList<>();
        String chart = null;
        String heading;
        String explanation;
        if (level.equals("query")) {
            heading = "Costliest queries";
            explanation = "The 50 costliest single queries on this path this month: their share of warehouse compute "
                    + "(by execution time within each metered hour) plus cloud services and query acceleration. "
                    + "Open one to see each charge it had part in and the rule that assigned it.";
            for (ChargebackDrillService.QueryLine q : drill.queries(month, path, 50)) {
                qs.add(new QueryRow(q.queryId(), q.source(), Figures.time(q.start()), q.warehouse(), q.user(),
                        q.text(), Figures.credits(q.credits()), Figures.money(q.amount(), q.currency()),
                        "/ui/queries/" + Figures.url(q.queryId())));
            }
        } else {
            List<ChargebackDrillService.Slice> slices = drill.slices(month, path, level);
            boolean perQuery = level.equals("user") || level.equals("pattern");
            heading = switch (level) {
                case "workload" -> "Workloads of team " + path.team();
                case "warehouse" -> "Warehouses (and other resources)";
                case "user" -> "Users";
                default -> "Query patterns";
            };
            explanation = perQuery ? "Cost of the queries each " + (level.equals("user") ? "user" : "pattern (same "
                    + "query text with different literals)") + " ran: warehouse compute by execution time, cloud "
                    + "services and acceleration. Idle, storage and shared cost belong to no single query and are "
                    + "only in the levels above."
                    : "All of the team's allocated cost this month: compute, idle it owns, cloud services, storage, "
                    + "shared cost. \u201cnone\u201d is cost without " + (level.equals("workload")
                    ? "a workload" : "a warehouse (storage, serverless, other services)") + ".";
            List<String> labels = new ArrayList<>();
            List<BigDecimal> values = new ArrayList<>();
            String currency = null;
            for (ChargebackDrillService.Slice s : slices) {
                String key = s.key() == null ? ChargebackDrillService.NONE : s.key();
                rows.add(new DrillRow(shown(level, key), s.items() + (perQuery ? " queries" : " charges"),
                        Figures.credits(s.credits()), Figures.money(s.amount(), s.currency()),
                        here + "&" + level + "=" + Figures.url(key)));
                if (currency == null) {
                    currency = s.currency();
                }
                if (s.currency().equals(currency) && labels.size() < 15) {
                    labels.add(shown(level, key));
                    values.add(Figures.cents(s.amount()));
                }
            }
            if (!labels.isEmpty()) {
                chart = Charts.categories(labels, List.of(new Charts.Series("Cost", "bar", values, Charts.BLUE,
                        null)), currency, true);
            }
        }
        return new Drill(month.toString(), path.team(), level, heading, explanation, crumbs, rows, qs, chart);
    }

    @TemplateData
    public record StepRow(String charge, String period, String category, String method, String team, String rule,
            String share, String chargeAmount, String amount) {
    }

    @TemplateData
    public record QueryExplanation(String queryId, String source, String warehouse, String size, String start,
            String end, String user, String role, String queryTag, List<StepRow> steps, String credits,
            String amount) {
    }

    /** How a single query's cost came about: each charge it had part in, the method, the rule, the share. */
    public QueryExplanation query(String queryId, Set<String> visibleTeams) {
        QueryCostService.QueryExplanation e;
        try {
            // the API's rule: a restricted reader sees a query only if all of its cost went to their teams
            e = queries.explainQuery(queryId, visibleTeams);
        } catch (AccessDeniedException notTheirs) {
            throw new NotFoundException("no query " + queryId + " among your teams' queries");
        }
        List<StepRow> steps = new ArrayList<>();
        String currency = null;
        for (QueryCostService.Step s : e.steps()) {
            currency = s.currency();
            steps.add(new StepRow(s.charge(), Figures.time(s.periodStart()) + " – " + Figures.time(s.periodEnd())
                    .replace(" UTC", ""), s.category(), s.method(), s.team() == null ? "unallocated" : s.team()
                    + (s.workload() == null ? "" : " / " + s.workload()), s.ruleId() == null ? "no rule matched"
                    : "rule " + s.ruleId() + " v" + s.ruleVersion(), Figures.percent(s.amount(), s.chargeAmount()),
                    Figures.money(s.chargeAmount(), s.currency()), Figures.money(s.amount(), s.currency())));
        }
        return new QueryExplanation(e.queryId(), e.source(), e.warehouse(), e.warehouseSize(),
                Figures.time(e.start()), Figures.time(e.end()), e.user(), e.role(), e.queryTag(), steps,
                Figures.credits(e.credits()), Figures.money(e.amount(), currency));
    }

    private static String shown(String level, String key) {
        if (ChargebackDrillService.NONE.equals(key)) {
            return "none";
        }
        return level.equals("pattern") && key.length() > 12 ? key.substring(0, 12) + "…" : key;
    }
}
