package io.ledgerhouse.advise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.domain.WarehouseSize;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The advisor's gates on a small fixture: an X-Small warehouse (1 credit an hour) with AUTO_SUSPEND 1800, over 14
 * days, one 10-second query at 09:00 and one at 15:00 each day (SELECTs, spread arrivals).
 *
 * <pre>
 * replayed at 1800 s: per query 10 s + 1800 s = 1810 s; 28 x 1810 s = 50,680 s = 14.077777778 credits
 * replayed at   30 s: per query max(10 + 30, 60) = 60 s; 28 x 60 s = 1,680 s = 0.466667 credits
 * replayed at   60 s: per query 10 + 60 = 70 s;          28 x 70 s = 1,960 s = 0.544444 credits
 *   30 s saves most, but 60 s is within the tie (2% of 14.08 = 0.28 credits) of it and longer: 60 s is chosen
 * every query is cold at any setting (6 hours apart): the cold-start budget never binds
 * </pre>
 */
class AutoSuspendAdvisorTest {

    static final Instant T0 = Instant.parse("2026-10-05T00:00:00Z");
    static final AnalysisPeriod PERIOD = new AnalysisPeriod(T0, T0.plusSeconds(14 * 86_400));
    static final WarehouseConfiguration WH = WarehouseConfiguration.single("NOTEBOOK_WH", WarehouseSize.XSMALL, 1800);

    static WarehouseWorkload twiceADay() {
        WarehouseWorkload.Builder b = WarehouseWorkload.builder();
        for (int d = 0; d < 14; d++) {
            for (int h : new int[] {9, 15}) {
                Instant start = T0.plusSeconds(d * 86_400L + h * 3_600L + d * 60L);
                b.add(new QueryRun(start, start.plusSeconds(10), 1, 0, 0, 0, 0, 10_000, 1_000_000, 4, 0, 0, "SELECT",
                        ""));
            }
        }
        return b.build();
    }

    @Test
    void recommendsTheLongestOfTheCheapestSettingsWhenTheReplayMatchesTheMeter() {
        AutoSuspendStudy s = new AutoSuspendAdvisor(AdvisorSettings.defaults()).study(WH, twiceADay(), PERIOD,
                new BigDecimal("14.077777778"), new BigDecimal("2.00"), "EUR", null);
        assertThat(s.current().credits()).isEqualByComparingTo("14.077777778");
        assertThat(s.fidelityErrorPercent()).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(s.chosen()).hasValueSatisfying(c -> assertThat(c.autoSuspendSeconds()).isEqualTo(60));
        Recommendation r = s.recommendation().orElseThrow();
        // (14.077778 - 0.544444) credits over 14 days, times 30.4375 / 14
        assertThat(r.monthlySavingsCredits().doubleValue()).isCloseTo(29.423, org.assertj.core.api.Assertions
                .within(0.001));
        assertThat(r.currency()).isEqualTo("EUR");
        assertThat(r.confidence().level()).isEqualTo(Recommendation.Level.MEDIUM); // 28 queries: too few for high
        assertThat(r.confidence().why()).contains("28 resumes");
        assertThat(r.sql()).isEqualTo("ALTER WAREHOUSE \"NOTEBOOK_WH\" SET AUTO_SUSPEND = 60");
    }

    @Test
    void noRecommendationWhenTheReplayIsFarFromTheMeter() {
        AutoSuspendStudy s = new AutoSuspendAdvisor(AdvisorSettings.defaults()).study(WH, twiceADay(), PERIOD,
                new BigDecimal("20"), BigDecimal.ONE, "USD", null);
        assertThat(s.fidelityErrorPercent()).isLessThan(-10);
        assertThat(s.recommendation()).isEmpty();
        assertThat(s.verdict()).contains("off the metered credits");
        assertThat(s.curve()).hasSize(8); // the curve is still there to look at
    }

    @Test
    void noRecommendationWhenNothingWasMetered() {
        AutoSuspendStudy s = new AutoSuspendAdvisor(AdvisorSettings.defaults()).study(WH, twiceADay(), PERIOD,
                BigDecimal.ZERO, BigDecimal.ONE, "USD", null);
        assertThat(s.fidelityErrorPercent()).isNull();
        assertThat(s.recommendation()).isEmpty();
    }

    @Test
    void noRecommendationWhenTheSavingIsImmaterial() {
        AdvisorSettings strict = new AdvisorSettings.Defaults(10, 0.05, 1_000, 0.05, 1.0, 0.02, 0.01, 0.01, 0.05,
                0.01, 10, 0.5, 8);
        AutoSuspendStudy s = new AutoSuspendAdvisor(strict).study(WH, twiceADay(), PERIOD,
                new BigDecimal("14.077777778"), BigDecimal.ONE, "USD", null);
        assertThat(s.recommendation()).isEmpty();
        assertThat(s.chosen()).isPresent();
        assertThat(s.verdict()).contains("immaterial");
    }

    @Test
    void theColdStartBudgetKeepsAnInteractiveCacheButNotAnEtlOne() {
        // queries every 4 minutes through office hours: below 240 s the warehouse suspends between every two
        WarehouseWorkload.Builder b = WarehouseWorkload.builder();
        for (int d = 0; d < 14; d++) {
            if (d % 7 >= 5) {
                continue; // office weeks
            }
            for (int m = 9 * 60; m < 17 * 60; m += 4) {
                Instant start = T0.plusSeconds(d * 86_400L + m * 60L);
                b.add(new QueryRun(start, start.plusSeconds(5), 1, 0, 0, 0, 0, 5_000, 1_000, 1, 0, 0, "SELECT", ""));
            }
        }
        WarehouseWorkload w = b.build();
        WarehouseConfiguration wh = WarehouseConfiguration.single("BI", WarehouseSize.XSMALL, 600);
        BigDecimal metered = AutoSuspendReplay.replay(w.timeline(), wh, PERIOD, BigDecimal.ONE).credits();
        AutoSuspendAdvisor advisor = new AutoSuspendAdvisor(AdvisorSettings.defaults());
        AutoSuspendStudy interactive = advisor.study(wh, w, PERIOD, metered, BigDecimal.ONE, "USD", null);
        assertThat(interactive.workloadClass().workloadClass()).isEqualTo(WorkloadClass.INTERACTIVE);
        // 300 s keeps every query warm and saves the 300 s tail a day; below 240 s nearly every query is cold
        assertThat(interactive.chosen()).hasValueSatisfying(c -> assertThat(c.autoSuspendSeconds()).isEqualTo(300));
        AutoSuspendStudy etl = advisor.study(wh, w, PERIOD, metered, BigDecimal.ONE, "USD", WorkloadClass.ETL);
        assertThat(etl.chosen()).hasValueSatisfying(c -> assertThat(c.autoSuspendSeconds()).isLessThan(240));
        assertThat(etl.chosen().orElseThrow().coldShare()).isGreaterThan(0.9);
    }
}
