package io.ledgerhouse.web;

import io.ledgerhouse.advise.AdvisorService;
import io.ledgerhouse.allocate.AllocationService;
import io.ledgerhouse.allocate.RuleService;
import io.ledgerhouse.allocate.engine.Match;
import io.ledgerhouse.budget.BudgetService;
import io.ledgerhouse.trial.DemoSnowflakeLoader;
import io.ledgerhouse.trial.engine.SnowflakeAccountGenerator;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeSet;

/**
 * The dashboard tests' data, loaded once per test JVM: a small generated Snowflake account (source {@value #SOURCE},
 * eight days to yesterday, three warehouses, about 2,500 queries) collected by the real collector, one rule that
 * allocates it by its query tags (limited to this source, so other tests' statements are untouched), the months
 * allocated, the advisor run, and a team budget (never evaluated here, so it queues no alert).
 */
final class DashboardData {

    static final String SOURCE = "web-demo";
    static final String TEAM = "finance";
    private static boolean loaded;

    private DashboardData() {
    }

    static synchronized YearMonth load(DemoSnowflakeLoader loader, RuleService rules, AllocationService allocation,
            AdvisorService advisor, BudgetService budgets) throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (!loaded) {
            SnowflakeAccountGenerator.Spec spec = new SnowflakeAccountGenerator.Spec(5, today.minusDays(8), 8, 3,
                    2_500);
            String status = loader.load(SOURCE, "web_demo", spec).status();
            if (!status.equals("SUCCEEDED")) {
                throw new IllegalStateException("the dashboard's demo account was not collected: " + status);
            }
            rules.create(new RuleService.RuleRequest(900, spec.start().withDayOfMonth(1), new Match.Builder()
                    .source(SOURCE).queryTagKey("team").build(), "{queryTag.team}", "{queryTag.workload}", null,
                    "dashboard tests: teams from query tags"));
            for (YearMonth m : new TreeSet<>(List.of(YearMonth.from(spec.start()), YearMonth.from(today)))) {
                allocation.run(SOURCE, m);
            }
            advisor.refresh(SOURCE);
            budgets.create(new BudgetService.BudgetRequest("Finance analytics", "team", TEAM,
                    new BigDecimal("250.00"), "USD", null, null, List.of("finance-lead@example.com"), null));
            loaded = true;
        }
        return YearMonth.from(today.minusDays(1));
    }
}
