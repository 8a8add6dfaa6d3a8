package io.ledgerhouse.advise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.domain.WarehouseKind;
import io.ledgerhouse.domain.WarehouseSize;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * What holds for every query history. Credits are NOT monotone in the setting (the 60-second minimum makes a short
 * setting that suspends between close queries dearer: see {@link AutoSuspendReplayTest}); these are what is true:
 * resumes and cold-cache queries never grow with a longer setting, billed time covers the busy time and the minimums,
 * a setting longer than the period is "never", "never" bounds every setting up to the minimums of its resumes, and a
 * setting behaves as itself rounded up to the 30-second check.
 */
class AutoSuspendReplayPropertiesTest {

    static final Instant T0 = Instant.parse("2026-10-05T00:00:00Z");
    /** Two days: arrivals span at most about a day, so nothing runs past the end except idle tails. */
    static final AnalysisPeriod PERIOD = new AnalysisPeriod(T0, T0.plusSeconds(2 * 86_400));

    record Case(QueryTimeline timeline, WarehouseConfiguration warehouse) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(warehouse.minClusters() + ".." + warehouse.maxClusters() + " [");
            for (int i = 0; i < timeline.size(); i++) {
                s.append(String.format("(%d+%d@%d)", (timeline.arrivalMs(i) - T0.toEpochMilli()) / 1000,
                        (timeline.endMs(i) - timeline.arrivalMs(i)) / 1000, timeline.cluster(i)));
            }
            return s.append(']').toString();
        }
    }

    @Provide
    Arbitrary<Case> histories() {
        Arbitrary<int[]> query = Combinators.combine(Arbitraries.integers().between(0, 1_200),
                Arbitraries.integers().between(0, 400), Arbitraries.integers().between(1, 3))
                .as((gap, duration, cluster) -> new int[] {gap, duration, cluster});
        return Combinators.combine(query.list().ofMinSize(1).ofMaxSize(60), Arbitraries.integers().between(1, 2))
                .as((qs, min) -> {
                    QueryTimeline.Builder b = QueryTimeline.builder();
                    long t = T0.toEpochMilli();
                    for (int[] q : qs) {
                        t += q[0] * 1000L;
                        b.add(t, t + q[1] * 1000L, q[2]);
                    }
                    return new Case(b.build(), new WarehouseConfiguration("WH", WarehouseSize.SMALL,
                            WarehouseKind.STANDARD_GEN1, WarehouseKind.Cloud.AWS, 60, min, 3, ScalingPolicy.STANDARD));
                });
    }

    static ReplayedSetting replay(Case c, int s) {
        return AutoSuspendReplay.replay(c.timeline(), c.warehouse().withAutoSuspend(s), PERIOD, BigDecimal.ONE);
    }

    static List<ReplayedSetting> ascending(Case c) {
        List<ReplayedSetting> out = new ArrayList<>();
        for (int s : List.of(1, 30, 31, 60, 90, 120, 180, 300, 600, 900, 1800, 3600, 0)) {
            out.add(replay(c, s)); // 0 (never) last: the longest of all
        }
        return out;
    }

    @Property(tries = 300)
    void resumesAndColdQueriesNeverGrowWithALongerSetting(@ForAll("histories") Case c) {
        List<ReplayedSetting> curve = ascending(c);
        for (int i = 1; i < curve.size(); i++) {
            assertThat(curve.get(i).resumes()).as("resumes at %s", curve.get(i).label())
                    .isLessThanOrEqualTo(curve.get(i - 1).resumes());
            assertThat(curve.get(i).coldQueries()).as("cold at %s", curve.get(i).label())
                    .isLessThanOrEqualTo(curve.get(i - 1).coldQueries());
            assertThat(curve.get(i).clusterStarts()).isEqualTo(curve.get(0).clusterStarts());
        }
    }

    @Property(tries = 300)
    void billedTimeCoversBusyTimeAndEveryStartsMinute(@ForAll("histories") Case c) {
        long busy = AutoSuspendReplay.busyClusterMs(c.timeline(), PERIOD);
        for (ReplayedSetting s : ascending(c)) {
            assertThat(s.billedClusterMs()).isGreaterThanOrEqualTo(busy);
            assertThat(s.billedClusterMs()).isGreaterThanOrEqualTo(AutoSuspendReplay.MINIMUM_BILLED_MS
                    * (s.resumes() * c.warehouse().minClusters() + s.clusterStarts()));
            assertThat(s.credits()).isEqualByComparingTo(c.warehouse().creditsPerHour()
                    .multiply(BigDecimal.valueOf(s.billedClusterMs()))
                    .divide(BigDecimal.valueOf(3_600_000), 9, java.math.RoundingMode.HALF_UP));
        }
    }

    @Property(tries = 300)
    void neverBoundsEverySettingUpToItsMinimumsAndASettingBeyondThePeriodIsNever(@ForAll("histories") Case c) {
        ReplayedSetting never = replay(c, 0);
        long periodMs = PERIOD.toMs() - PERIOD.fromMs();
        assertThat(never.billedClusterMs()).isLessThanOrEqualTo(periodMs * 3);
        assertThat(never.resumes()).isEqualTo(1);
        for (ReplayedSetting s : ascending(c)) {
            assertThat(s.billedClusterMs()).isLessThanOrEqualTo(never.billedClusterMs()
                    + AutoSuspendReplay.MINIMUM_BILLED_MS * s.resumes() * c.warehouse().minClusters());
        }
        ReplayedSetting beyond = replay(c, (int) (periodMs / 1000));
        assertThat(beyond.billedClusterMs()).isEqualTo(never.billedClusterMs());
        assertThat(beyond.resumes()).isEqualTo(never.resumes());
    }

    @Property(tries = 200)
    void aSettingBehavesAsItselfRoundedUpToTheThirtySecondCheck(@ForAll("histories") Case c,
            @ForAll @IntRange(min = 1, max = 2_000) int seconds) {
        int rounded = (seconds + 29) / 30 * 30;
        assertThat(AutoSuspendReplay.effectiveSeconds(seconds)).isEqualTo(rounded);
        ReplayedSetting a = replay(c, seconds);
        ReplayedSetting b = replay(c, rounded);
        assertThat(a.billedClusterMs()).isEqualTo(b.billedClusterMs());
        assertThat(a.resumes()).isEqualTo(b.resumes());
        assertThat(a.coldQueries()).isEqualTo(b.coldQueries());
    }
}
