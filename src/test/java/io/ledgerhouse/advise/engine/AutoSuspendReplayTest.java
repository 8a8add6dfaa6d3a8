package io.ledgerhouse.advise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.domain.WarehouseKind;
import io.ledgerhouse.domain.WarehouseSize;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of the replay on an X-Small warehouse (1 credit an hour, so credits = billed seconds / 3600), all
 * times in seconds from the period's start, the period one day long.
 *
 * <pre>
 * A. queries at 0 and 100, 10 s each
 *    S = 60:  up 0..70 (idle from 10, +60), down; resumes at 100, up 100..170          billed 140 s, 2 resumes, 2 cold
 *    S = 120: idle from 10 would suspend at 130, but 100 arrives first; up 0..230     billed 230 s, 1 resume,  1 cold
 *             (the query at 100 finds a cache warmed 100 s ago: warm)
 * B. a burst inside one minute: queries at 0, 5, 20, 40, 55, 2 s each (last ends at 57)
 *    S = 60:  up 0..117                                                               billed 117 s, 1 resume,  5 cold
 *    S = 30:  up 0..87                                                                billed  87 s, 1 resume,  5 cold
 *             (all five arrive within the first minute after the resume: cold cache)
 * C. the 60-second minimum
 *    one query at 0, 5 s, S = 30: suspends at 35, billed max(35, 60)                  billed  60 s
 *    queries at 0 and 45, 1 s each
 *    S = 30:  up 0..31, billed 60; resumes at 45, up 45..76, billed 60               billed 120 s, 2 resumes
 *    S = 60:  up 0..106                                                               billed 106 s, 1 resume
 *    so a longer setting can cost less: credits are not monotone in S
 *    S = 45 is checked every 30 s: it behaves as 60
 * D. multi-cluster (min 1, max 2, standard policy: an extra cluster stops after 120 s idle), S = 60
 *    cluster 1: query at 0 for 100 s; cluster 2: query at 10 for 20 s (ends 30)
 *    cluster 2 stops at 30 + 120 = 150; the warehouse suspends at max(100 + 60, 150) = 160
 *    billed cluster 1 0..160 = 160 s, cluster 2 10..150 = 140 s                      billed 300 s, 1 resume, 1 start, 2 cold
 * E. the last query on the extra cluster counts: cluster 1 query at 0 for 10 s; cluster 2 query at 5 for 200 s
 *    (ends 205), S = 60: cluster 2 stops at 325, the warehouse at max(205 + 60, 325) = 325
 *    billed cluster 1 0..325 = 325 s, cluster 2 5..325 = 320 s                        billed 645 s
 * F. AUTO_SUSPEND = 0 (never): one query at 0 for 10 s keeps the warehouse up to the period's end: 86,400 s
 * </pre>
 */
class AutoSuspendReplayTest {

    static final Instant T0 = Instant.parse("2026-10-05T00:00:00Z");
    static final AnalysisPeriod DAY = new AnalysisPeriod(T0, T0.plusSeconds(86_400));
    static final WarehouseConfiguration XS = WarehouseConfiguration.single("WH", WarehouseSize.XSMALL, 60);
    static final WarehouseConfiguration MULTI = new WarehouseConfiguration("WH", WarehouseSize.XSMALL,
            WarehouseKind.STANDARD_GEN1, WarehouseKind.Cloud.AWS, 60, 1, 2, ScalingPolicy.STANDARD);

    /** Queries as {start s, duration s, cluster}. */
    static QueryTimeline timeline(double[]... queries) {
        QueryTimeline.Builder b = QueryTimeline.builder();
        for (double[] q : queries) {
            long start = T0.toEpochMilli() + Math.round(q[0] * 1000);
            b.add(start, start + Math.round(q[1] * 1000), q.length > 2 ? (int) q[2] : 1);
        }
        return b.build();
    }

    static ReplayedSetting replay(QueryTimeline t, WarehouseConfiguration w, int s) {
        return AutoSuspendReplay.replay(t, w.withAutoSuspend(s), DAY, new BigDecimal("3.00"));
    }

    @Test
    void twoQueriesAHundredSecondsApart() {
        QueryTimeline t = timeline(new double[] {0, 10}, new double[] {100, 10});
        ReplayedSetting s60 = replay(t, XS, 60);
        assertThat(s60.billedClusterMs()).isEqualTo(140_000);
        assertThat(s60.resumes()).isEqualTo(2);
        assertThat(s60.coldQueries()).isEqualTo(2);
        assertThat(s60.credits()).isEqualByComparingTo("0.038888889");
        assertThat(s60.money()).isEqualByComparingTo(new BigDecimal("0.038888889").multiply(new BigDecimal("3.00")));
        ReplayedSetting s120 = replay(t, XS, 120);
        assertThat(s120.billedClusterMs()).isEqualTo(230_000);
        assertThat(s120.resumes()).isEqualTo(1);
        assertThat(s120.coldQueries()).isEqualTo(1);
        assertThat(s120.credits()).isEqualByComparingTo("0.063888889");
    }

    @Test
    void aBurstInsideOneMinuteIsOneResumeAndAllCold() {
        QueryTimeline t = timeline(new double[] {0, 2}, new double[] {5, 2}, new double[] {20, 2},
                new double[] {40, 2}, new double[] {55, 2});
        assertThat(replay(t, XS, 60)).extracting(ReplayedSetting::billedClusterMs, ReplayedSetting::resumes,
                ReplayedSetting::coldQueries, ReplayedSetting::queries).containsExactly(117_000L, 1L, 5L, 5L);
        assertThat(replay(t, XS, 30).billedClusterMs()).isEqualTo(87_000);
    }

    @Test
    void everyResumeIsBilledAtLeastAMinuteSoCreditsAreNotMonotoneInTheSetting() {
        assertThat(replay(timeline(new double[] {0, 5}), XS, 30).billedClusterMs()).isEqualTo(60_000);
        QueryTimeline t = timeline(new double[] {0, 1}, new double[] {45, 1});
        ReplayedSetting s30 = replay(t, XS, 30);
        ReplayedSetting s60 = replay(t, XS, 60);
        assertThat(s30.billedClusterMs()).isEqualTo(120_000);
        assertThat(s30.resumes()).isEqualTo(2);
        assertThat(s60.billedClusterMs()).isEqualTo(106_000);
        assertThat(s60.resumes()).isEqualTo(1);
        assertThat(s30.credits()).isGreaterThan(s60.credits());
        ReplayedSetting s45 = replay(t, XS, 45);
        assertThat(s45.effectiveSuspendSeconds()).isEqualTo(60);
        assertThat(s45.billedClusterMs()).isEqualTo(s60.billedClusterMs());
    }

    @Test
    void anExtraClusterIsBilledFromItsSpinUpToTwoIdleMinutesAndTheWarehouseWaitsForIt() {
        QueryTimeline t = timeline(new double[] {0, 100, 1}, new double[] {10, 20, 2});
        ReplayedSetting s = replay(t, MULTI, 60);
        assertThat(s).extracting(ReplayedSetting::billedClusterMs, ReplayedSetting::resumes,
                ReplayedSetting::clusterStarts, ReplayedSetting::coldQueries)
                .containsExactly(300_000L, 1L, 1L, 2L);
        assertThat(AutoSuspendReplay.clusterRuns(t, MULTI, DAY)).containsExactlyInAnyOrder(
                new AutoSuspendReplay.ClusterRun(2, T0.toEpochMilli() + 10_000, T0.toEpochMilli() + 150_000, 140_000),
                new AutoSuspendReplay.ClusterRun(1, T0.toEpochMilli(), T0.toEpochMilli() + 160_000, 160_000));
    }

    @Test
    void theWarehouseIsIdleFromTheLastQueryOnAnyClusterIncludingAnExtraOne() {
        QueryTimeline t = timeline(new double[] {0, 10, 1}, new double[] {5, 200, 2});
        assertThat(replay(t, MULTI, 60).billedClusterMs()).isEqualTo(325_000 + 320_000);
    }

    @Test
    void neverSuspendingBillsToTheEndOfThePeriod() {
        ReplayedSetting never = replay(timeline(new double[] {0, 10}), XS, 0);
        assertThat(never.billedClusterMs()).isEqualTo(86_400_000);
        assertThat(never.label()).isEqualTo("never");
    }

    @Test
    void onlyThePeriodIsBilledAndCountedAndQueriesBeforeItWarmTheWarehouseUp() {
        AnalysisPeriod fromTen = new AnalysisPeriod(T0.plusSeconds(10), T0.plusSeconds(86_400));
        QueryTimeline t = timeline(new double[] {0, 20}, new double[] {30, 10});
        ReplayedSetting s = AutoSuspendReplay.replay(t, XS, fromTen, BigDecimal.ONE);
        // up 0..100 (last end 40, +60); inside the period 10..100
        assertThat(s.billedClusterMs()).isEqualTo(90_000);
        assertThat(s.resumes()).isZero();
        assertThat(s.queries()).isEqualTo(1);
        assertThat(s.coldQueries()).isEqualTo(1); // 30 s after the resume: still the first minute
    }

    @Test
    void theCurveHoldsTheCurrentSettingAndEveryCandidateWithNeverLast() {
        List<ReplayedSetting> curve = AutoSuspendReplay.curve(timeline(new double[] {0, 10}),
                XS.withAutoSuspend(0), DAY, BigDecimal.ONE);
        assertThat(curve).extracting(ReplayedSetting::autoSuspendSeconds)
                .containsExactly(30, 60, 120, 180, 300, 600, 900, 1800, 0);
        assertThat(AutoSuspendReplay.settings(450)).containsExactly(30, 60, 120, 180, 300, 450, 600, 900, 1800);
    }

    @Test
    void queriesAddedOutOfOrderAreSortedByArrival() {
        QueryTimeline t = QueryTimeline.builder().add(5_000, 6_000, 1).add(1_000, 2_000, 2).add(3_000, 9_000, 1)
                .build();
        assertThat(new long[] {t.arrivalMs(0), t.arrivalMs(1), t.arrivalMs(2)}).containsExactly(1_000, 3_000, 5_000);
        assertThat(new int[] {t.cluster(0), t.cluster(1), t.cluster(2)}).containsExactly(2, 1, 1);
        assertThat(t.endMs(1)).isEqualTo(9_000);
    }

    @Test
    void creditRatesFollowSizeAndKind() {
        assertThat(WarehouseKind.STANDARD_GEN1.creditsPerHour(WarehouseSize.LARGE, WarehouseKind.Cloud.AWS))
                .isEqualByComparingTo("8");
        assertThat(WarehouseKind.STANDARD_GEN2.creditsPerHour(WarehouseSize.LARGE, WarehouseKind.Cloud.AWS))
                .isEqualByComparingTo("10.8");
        assertThat(WarehouseKind.STANDARD_GEN2.creditsPerHour(WarehouseSize.LARGE, WarehouseKind.Cloud.AZURE))
                .isEqualByComparingTo("10");
        assertThat(WarehouseKind.SNOWPARK_OPTIMIZED.creditsPerHour(WarehouseSize.MEDIUM, WarehouseKind.Cloud.GCP))
                .isEqualByComparingTo("6");
        assertThat(WarehouseKind.STANDARD_GEN1.creditsPerHour(WarehouseSize.X6LARGE, WarehouseKind.Cloud.AWS))
                .isEqualByComparingTo("512");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WarehouseKind.STANDARD_GEN2.creditsPerHour(
                WarehouseSize.X5LARGE, WarehouseKind.Cloud.AWS)).isInstanceOf(IllegalArgumentException.class);
        assertThat(WarehouseSize.parse("2X-Large")).isEqualTo(WarehouseSize.XXLARGE);
        assertThat(WarehouseSize.parse("X-Small")).isEqualTo(WarehouseSize.XSMALL);
        assertThat(WarehouseKind.of("STANDARD", "STANDARD_GEN_2")).isEqualTo(WarehouseKind.STANDARD_GEN2);
        assertThat(WarehouseKind.of("SNOWPARK-OPTIMIZED", "MEMORY_16X")).isEqualTo(WarehouseKind.SNOWPARK_OPTIMIZED);
    }
}
