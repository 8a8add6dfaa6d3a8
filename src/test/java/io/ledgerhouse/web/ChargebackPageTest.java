package io.ledgerhouse.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        ChargebackDrillService.Path path = new ChargebackDrillService.Path(DashboardData.TEAM, null, null, null,
                null);
        ChargebackPage.Drill workloads = chargeback.drill(month, path, null);
        assertThat(workloads.level()).isEqualTo("workload");
        String workload = param(workloads.rows().get(0).link(), "workload");
        ChargebackPage.Drill warehouses = chargeback.drill(month, new ChargebackDrillService.Path(
                DashboardData.TEAM, workload, null, null, null), null);
        assertThat(warehouses.level()).isEqualTo("warehouse");
        String warehouse = warehouses.rows().stream().map(r -> param(r.link(), "warehouse"))
                .filter(w -> !w.equals(ChargebackDrillService.NONE)).findFirst().orElseThrow();
        ChargebackPage.Drill users = chargeback.drill(month, new ChargebackDrillService.Path(DashboardData.TEAM,
                workload, warehouse, null, null), null);
        assertThat(users.level()).isEqualTo("user");
        String user = param(users.rows().get(0).link(), "user");
        ChargebackPage.Drill patterns = chargeback.drill(month, new ChargebackDrillService.Path(DashboardData.TEAM,
                workload, warehouse, user, null), null);
        String pattern = param(patterns.rows().get(0).link(), "pattern");
        ChargebackPage.Drill queries = chargeback.drill(month, new ChargebackDrillService.Path(DashboardData.TEAM,
                workload, warehouse, user, pattern), null);
        assertThat(queries.level()).isEqualTo("query");
        assertThat(queries.queries()).isNotEmpty();
        ChargebackPage.QueryExplanation e = chargeback.query(queries.queries().get(0).queryId(), null);
        assertThat(e.steps()).isNotEmpty().allMatch(s -> s.team().startsWith(DashboardData.TEAM)
                || s.team().equals("unallocated"));
        assertThat(e.amount()).isEqualTo(queries.queries().get(0).amount());
        assertThatThrownBy(() -> chargeback.query(queries.queries().get(0).queryId(), Set.of("growth")))
                .isInstanceOf(NotFoundException.class);
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
