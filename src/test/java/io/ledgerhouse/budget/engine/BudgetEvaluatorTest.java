package io.ledgerhouse.budget.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.budget.engine.BudgetEvaluator.Crossing;
import io.ledgerhouse.budget.engine.BudgetEvaluator.Kind;
import io.ledgerhouse.budget.engine.BudgetEvaluator.Month;
import io.ledgerhouse.budget.engine.BudgetEvaluator.Projection;
import io.ledgerhouse.budget.engine.BudgetRules.Scope;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Budget crossings. The fixture: team "data-eng", 10,000 USD a month, default thresholds (actual 50/80/100%,
 * projection 100%), projections trusted from day 5.
 *
 * <pre>
 * day | actual | projection (80% band)   | crossed
 * ----+--------+-------------------------+-----------------------------------------
 *   3 |  4,000 | 40,000 (30,000..50,000) | nothing: too early to trust a projection
 *  10 |  4,999 |  9,500 ( 9,000..10,000) | nothing: 49.99% actual, projection below
 *  10 |  5,000 | 10,000 ( 9,500..10,500) | actual 50%, projection 100%
 *  20 |  8,100 | 12,000                  | actual 50%, 80%, projection 100%
 *  25 | 10,000 | 12,500                  | actual 50, 80, 100%; projection 100% is not news any more
 *  31 |  9,000 | 14,000                  | actual 50, 80% (the month is over: projections are moot)
 * </pre>
 */
class BudgetEvaluatorTest {

    static final BudgetRules DATA_ENG = new BudgetRules("data-eng monthly", Scope.TEAM, "data-eng",
            new BigDecimal("10000"), "USD", null, null, List.of("lead@example.com"), null);
    static final BudgetEvaluator EVALUATOR = new BudgetEvaluator(5);

    @Test
    void tooEarlyForTheProjection() {
        assertThat(EVALUATOR.evaluate(DATA_ENG, month(3, "4000", "40000"))).isEmpty();
    }

    @Test
    void justBelowEveryThreshold() {
        assertThat(EVALUATOR.evaluate(DATA_ENG, month(10, "4999", "9500"))).isEmpty();
    }

    @Test
    void exactlyOnTheThresholdCrosses() {
        List<Crossing> c = EVALUATOR.evaluate(DATA_ENG, month(10, "5000", "10000"));
        assertThat(c).extracting(Crossing::kind, Crossing::threshold).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.ACTUAL, new BigDecimal("50")),
                org.assertj.core.groups.Tuple.tuple(Kind.PROJECTION, new BigDecimal("100")));
        assertThat(c.get(0).limit()).isEqualByComparingTo("5000");
        assertThat(c.get(0).percent()).isEqualByComparingTo("50.0");
        assertThat(c.get(1).value()).isEqualByComparingTo("10000");
    }

    @Test
    void severalThresholdsAtOnce() {
        assertThat(EVALUATOR.evaluate(DATA_ENG, month(20, "8100", "12000")))
                .extracting(c -> c.kind() + " " + c.threshold())
                .containsExactly("ACTUAL 50", "ACTUAL 80", "PROJECTION 100");
    }

    @Test
    void aProjectionThresholdActualSpendHasReachedIsNotNews() {
        assertThat(EVALUATOR.evaluate(DATA_ENG, month(25, "10000", "12500")))
                .extracting(c -> c.kind() + " " + c.threshold())
                .containsExactly("ACTUAL 50", "ACTUAL 80", "ACTUAL 100");
    }

    @Test
    void aFinishedMonthIsJudgedOnActualsOnly() {
        assertThat(EVALUATOR.evaluate(DATA_ENG, new Month(new BigDecimal("9000"), projection("14000"), 31, 31)))
                .extracting(c -> c.kind() + " " + c.threshold())
                .containsExactly("ACTUAL 50", "ACTUAL 80");
    }

    @Test
    void customThresholdsInAnyOrder() {
        BudgetRules b = new BudgetRules("x", Scope.TOTAL, null, new BigDecimal("200.00"), "EUR",
                List.of(new BigDecimal("90"), new BigDecimal("25")), List.of(new BigDecimal("120")), List.of(),
                "https://hooks.example.com/x");
        assertThat(EVALUATOR.evaluate(b, new Month(new BigDecimal("60"), projection("250"), 12, 30)))
                .extracting(c -> c.kind() + " " + c.threshold())
                .containsExactly("ACTUAL 25", "PROJECTION 120");
        assertThat(b.problems()).isEmpty();
    }

    @Test
    void everyProblemOfABadBudgetIsNamed() {
        BudgetRules bad = new BudgetRules(" ", Scope.WORKLOAD, "just-a-team", new BigDecimal("-1"), "usd",
                List.of(new BigDecimal("0"), new BigDecimal("50"), new BigDecimal("50.0")), null,
                List.of("not-mail"), "ftp://x");
        assertThat(bad.problems()).containsExactly(
                "name: required",
                "scopeValue: a WORKLOAD budget names team/workload, not 'just-a-team'",
                "amount: must be positive",
                "currency: an ISO 4217 code such as USD is required",
                "actualThresholds[0]: a percentage of the amount above 0 and at most 1000",
                "actualThresholds: each threshold once",
                "recipients[0]: 'not-mail' is not an e-mail address",
                "webhookUrl: must be an http(s) URL");
        assertThat(new BudgetRules("t", Scope.TEAM, null, BigDecimal.TEN, "USD", null, null, null, null).problems())
                .containsExactly("scopeValue: required for a TEAM budget (the team's name)",
                        "recipients: give at least one e-mail address or a webhookUrl, or nobody hears of this budget");
    }

    private static Month month(int day, String actual, String projection) {
        return new Month(new BigDecimal(actual), projection(projection), day, 31);
    }

    private static Projection projection(String point) {
        BigDecimal p = new BigDecimal(point);
        return new Projection(p, p.multiply(new BigDecimal("0.95")), p.multiply(new BigDecimal("1.05")),
                p.multiply(new BigDecimal("0.9")), p.multiply(new BigDecimal("1.1")));
    }
}
