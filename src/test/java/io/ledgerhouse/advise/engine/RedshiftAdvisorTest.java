package io.ledgerhouse.advise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.collect.aws.engine.RedshiftHour;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Sizing advice for Redshift clusters from their hours and cost. */
class RedshiftAdvisorTest {

    static final Instant MONDAY = Instant.parse("2026-10-05T00:00:00Z");
    static final AnalysisPeriod FOUR_WEEKS = new AnalysisPeriod(MONDAY, MONDAY.plus(28, ChronoUnit.DAYS));
    static final RedshiftAdvisor ADVISOR = new RedshiftAdvisor(RedshiftAdvisor.Settings.defaults());

    static List<RedshiftHour> hours(int days, Function<ZonedDateTime, double[]> cpuConnections) {
        List<RedshiftHour> out = new ArrayList<>();
        for (int h = 0; h < days * 24; h++) {
            Instant at = MONDAY.plus(h, ChronoUnit.HOURS);
            double[] v = cpuConnections.apply(at.atZone(ZoneOffset.UTC));
            out.add(new RedshiftHour("analytics-1", at, v[0], v[1], 30.0, null, null));
        }
        return out;
    }

    /**
     * Worked example: an office-hours cluster, paid for around the clock.
     *
     * <pre>
     * period     Mon 2026-10-05 .. Mon 2026-11-02 UTC: 28 days, 672 hours, all with metrics
     * busy       weekdays 09-17: CPU 40 %, 5 connections               20 days × 8 h = 160 h
     * idle       every other hour: CPU 1.5 %, 0 connections             672 − 160    = 512 h (76.2 %)
     * stretches  Mon 00-09 9 h, weeknights 16 h, weekends 64 h, last weekend 55 h: all ≥ 8 h, so 512 h
     * cost       1 node ra3.xlplus at 1.086 USD/h × 672 h               = 729.792 USD in the period
     * saving     729.792 × 512 / 672                                    = 556.032 USD in the period
     *            × (365.25 / 12) / 28 days                              = 604.44 USD a month
     * </pre>
     */
    @Test
    void anOfficeHoursClusterIsAPauseCandidateWithItsIdleHoursAsTheSaving() {
        List<RedshiftHour> hours = hours(28, t -> t.getDayOfWeek() != DayOfWeek.SATURDAY
                && t.getDayOfWeek() != DayOfWeek.SUNDAY && t.getHour() >= 9 && t.getHour() < 17
                        ? new double[] {40, 5} : new double[] {1.5, 0});
        RedshiftAdvisor.Advice advice = ADVISOR.advise("analytics-1", hours, FOUR_WEEKS, new BigDecimal("729.792"),
                "USD");

        RedshiftAdvisor.Utilisation u = advice.utilisation();
        assertThat(u.hoursInPeriod()).isEqualTo(672);
        assertThat(u.hoursWithData()).isEqualTo(672);
        assertThat(u.idleHours()).isEqualTo(512);
        assertThat(u.idleHoursInLongStretches()).isEqualTo(512);
        assertThat(u.longestIdleStretchHours()).isEqualTo(64);
        assertThat(u.idleShare()).isEqualTo(0.762);
        assertThat(advice.recommendation()).hasValueSatisfying(r -> {
            assertThat(r.kind()).isEqualTo("REDSHIFT_CLUSTER");
            assertThat(r.target()).isEqualTo("analytics-1");
            assertThat(r.proposedValue()).startsWith("pause");
            assertThat(r.monthlySavingsMoney()).isEqualByComparingTo("604.44");
            assertThat(r.currency()).isEqualTo("USD");
            assertThat(r.confidence().level()).isEqualTo(Recommendation.Level.HIGH);
            assertThat(r.sql()).contains("pause-cluster --cluster-identifier analytics-1");
        });
    }

    /** Idle half the time but hour by hour: too short to pause; Serverless, with low confidence. */
    @Test
    void aClusterIdleInShortGapsIsAServerlessCandidate() {
        List<RedshiftHour> hours = hours(28, t -> t.getHour() % 2 == 0 ? new double[] {30, 3} : new double[] {2, 0});
        RedshiftAdvisor.Advice advice = ADVISOR.advise("analytics-1", hours, FOUR_WEEKS, new BigDecimal("729.792"),
                "USD");
        assertThat(advice.recommendation()).hasValueSatisfying(r -> {
            assertThat(r.proposedValue()).isEqualTo("Redshift Serverless");
            assertThat(r.confidence().level()).isEqualTo(Recommendation.Level.LOW);
            // half of the hours idle: 729.792 / 2 × (365.25 / 12) / 28
            assertThat(r.monthlySavingsMoney()).isEqualByComparingTo("396.66");
        });
    }

    /** Always in use but lightly: mean CPU 10 %, p95 12 %, disk 30 %: half the nodes, half the cost. */
    @Test
    void aBusyButLightlyLoadedClusterIsAResizeCandidate() {
        List<RedshiftHour> hours = hours(21, t -> new double[] {t.getHour() < 12 ? 8 : 12, 4});
        RedshiftAdvisor.Advice advice = ADVISOR.advise("analytics-1", hours,
                new AnalysisPeriod(MONDAY, MONDAY.plus(21, ChronoUnit.DAYS)), new BigDecimal("547.344"), "USD");
        assertThat(advice.recommendation()).hasValueSatisfying(r -> {
            assertThat(r.proposedValue()).isEqualTo("half the nodes (elastic resize)");
            assertThat(r.performanceEffect()).contains("mean 10.0% to about 20.0%");
            // 547.344 / 2 × (365.25 / 12) / 21 = 396.66
            assertThat(r.monthlySavingsMoney()).isEqualByComparingTo("396.66");
        });
    }

    @Test
    void aLoadedClusterOrTooLittleHistoryGetsNoAdvice() {
        assertThat(ADVISOR.advise("analytics-1", hours(28, t -> new double[] {70, 20}), FOUR_WEEKS,
                new BigDecimal("729.792"), "USD").recommendation()).isEmpty();
        RedshiftAdvisor.Advice young = ADVISOR.advise("analytics-1", hours(10, t -> new double[] {1, 0}), FOUR_WEEKS,
                new BigDecimal("729.792"), "USD");
        assertThat(young.recommendation()).isEmpty();
        assertThat(young.verdict()).contains("10.0 days").contains("needs 14");
        // no cost known: the advice stands, without money
        assertThat(ADVISOR.advise("analytics-1", hours(28, t -> new double[] {1, 0}), FOUR_WEEKS, null, "USD")
                .recommendation()).hasValueSatisfying(r -> assertThat(r.monthlySavingsMoney()).isNull());
    }
}
