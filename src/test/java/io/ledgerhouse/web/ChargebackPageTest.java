package io.ledgerhouse.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.ledgerhouse.advise.AdvisorService;
import io.ledgerhouse.allocate.AllocationService;
import io.ledgerhouse.allocate.ChargebackDrillService;
import io.ledgerhouse.allocate.RuleService;
import io.ledgerhouse.budget.BudgetService;
import io.ledgerhouse.domain.NotFoundException;
import io.ledgerhouse.trial.DemoSnowflakeLoader;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.YearMonth;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The page data behind the dashboard, without a browser: the chargeback statement and its drill, for every reader and
 * for a reader who may see only some teams (the set access control will pass in).
 */
@QuarkusTest
class ChargebackPageTest {

    @Inject
    DemoSnowflakeLoader loader;
    @Inject
    RuleService rules;
    @Inject
    AllocationService allocation;
    @Inject
    AdvisorService advisor;
    @Inject
    BudgetService budgets;
    @Inject
    ChargebackPage chargeback;
    @Inject
    BudgetsPage budgetsPage;
    @Inject
    OverviewPage overview;

    YearMonth month;

    @BeforeEach
    void data() throws Exception {
        month = DashboardData.load(loader, rules, allocation, advisor, budgets);
    }

    @Test
    void everyReaderSeesEveryTeamTheIdleAndUnallocatedLinesAndTheBill() {
        ChargebackPage.Statement s = chargeback.statement(month, null);
        assertThat(s.rows()).extracting(ChargebackPage.Row::team).contains(DashboardData.TEAM, "growth");
        assertThat(s.rows()).extracting(ChargebackPage.Row::kind).contains("idle");
        assertThat(s.reconciliation()).isNotEmpty();
        assertThat(s.rows()).allMatch(r -> r.total().matches("[A-Z]{3} -?[\\d,]+\\.\\d\\d"), "money has a currency");
        assertThat(s.csvLink()).isEqualTo("/api/v1/chargeback?month=" + month + "&format=csv");
    }

    @Test
    void aReaderLimitedToTeamsSeesOnlyThoseTeams() {
        ChargebackPage.Statement s = chargeback.statement(month, Set.of(DashboardData.TEAM));
        assertThat(s.rows()).isNotEmpty().allMatch(r -> r.kind().equals("team")
                && r.team().equals(DashboardData.TEAM));
        assertThat(s.reconciliation()).as("the bill would reveal the other teams' total").isEmpty();
        assertThat(s.restricted()).isTrue();
        assertThat(chargeback.statement(month, Set.of())).extracting(ChargebackPage.Statement::empty)
                .isEqualTo(true);

        // the drill answers for an own team and refuses another one
        ChargebackPage.Drill own = chargeback.drill(month, new ChargebackDrillService.Path(DashboardData.TEAM, null,
                null, null, null), Set.of(DashboardData.TEAM));
        assertThat(own.rows()).isNotEmpty();
        assertThatThrownBy(() -> chargeback.drill(month, new ChargebackDrillService.Path("growth", null, null, null,
                null), Set.of(DashboardData.TEAM))).isInstanceOf(NotFoundException.class);

        // budgets and the overview follow the same set
        assertThat(budgetsPage.budgets(month, Set.of("growth")).budgets()).extracting(BudgetsPage.BudgetCard::name)
                .doesNotContain("Finance analytics");
        assertThat(budgetsPage.budgets(month, Set.of(DashboardData.TEAM)).budgets())
                .extracting(BudgetsPage.BudgetCard::name).contains("Finance analytics");
        OverviewPage.Overview o = overview.overview(Set.of(DashboardData.TEAM));
        assertThat(o.sources()).isEmpty();
        assertThat(o.providerChart()).isNull();
    }

    @Test
    void theDrillGoesFromATeamDownToSingleQueriesAndTheirExplanation() {
        ChargebackPage.Drill workloads = chargeback.drill(month, new ChargebackDrillService.Path(DashboardData.TEAM,
                null, null, null, null), null);
        assertThat(workloads.level()).isEqualTo("workload");
        // some branches end early (a warehouse-day with idle time only has no users): take the first that goes down
        ChargebackPage.Drill queries = descend(workloads, new ChargebackDrillService.Path(DashboardData.TEAM, null,
                null, null, null));
        assertThat(queries).as("a path from the team down to its queries").isNotNull();
        assertThat(queries.level()).isEqualTo("query");
        assertThat(queries.crumbs()).extracting(ChargebackPage.Crumb::label).anyMatch(l -> l.startsWith("pattern "));
        ChargebackPage.QueryExplanation e = chargeback.query(queries.queries().get(0).queryId(), null);
        assertThat(e.steps()).isNotEmpty().allMatch(s -> s.team().startsWith(DashboardData.TEAM)
                || s.team().equals("unallocated"));
        assertThat(e.amount()).isEqualTo(queries.queries().get(0).amount());
        assertThatThrownBy(() -> chargeback.query(queries.queries().get(0).queryId(), Set.of("growth")))
                .isInstanceOf(NotFoundException.class);
    }

    private ChargebackPage.Drill descend(ChargebackPage.Drill here, ChargebackDrillService.Path path) {
        if (here.level().equals("query")) {
            return here.queries().isEmpty() ? null : here;
        }
        for (ChargebackPage.DrillRow row : here.rows()) {
            String value = param(row.link(), here.level());
            ChargebackDrillService.Path next = switch (here.level()) {
                case "workload" -> new ChargebackDrillService.Path(path.team(), value, null, null, null);
                case "warehouse" -> new ChargebackDrillService.Path(path.team(), path.workload(), value, null, null);
                case "user" -> new ChargebackDrillService.Path(path.team(), path.workload(), path.warehouse(), value,
                        null);
                default -> new ChargebackDrillService.Path(path.team(), path.workload(), path.warehouse(),
                        path.user(), value);
            };
            ChargebackPage.Drill found = descend(chargeback.drill(month, next, null), next);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    @Test
    void everyPageAnswersHtmlAndAMissingOneSaysSoInHtml() {
        for (String page : new String[] {"/ui", "/ui/chargeback?month=" + month, "/ui/chargeback/drill?month=" + month
            + "&team=" + DashboardData.TEAM, "/ui/warehouses", "/ui/warehouses/" + DashboardData.SOURCE + "/BI_WH",
            "/ui/recommendations", "/ui/budgets", "/ui/rules?month=" + month}) {
            given().get(page).then().statusCode(200).contentType(startsWith("text/html"))
                    .body(containsString("</footer>"), not(containsString("NOT_FOUND")));
        }
        given().get("/ui/queries/no-such-query").then().statusCode(404).contentType(startsWith("text/html"))
                .body(containsString("no query no-such-query"));
        given().get("/ui/chargeback?month=May").then().statusCode(400).contentType(startsWith("text/html"))
                .body(containsString("is not a month"));
        given().get("/ui/chargeback/drill").then().statusCode(400).contentType(startsWith("text/html"));
    }

    private static String param(String link, String name) {
        for (String part : link.substring(link.indexOf('?') + 1).split("&")) {
            if (part.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(part.substring(name.length() + 1),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(name + " not in " + link);
    }
}
