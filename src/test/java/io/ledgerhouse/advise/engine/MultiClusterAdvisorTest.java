package io.ledgerhouse.advise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.domain.WarehouseKind;
import io.ledgerhouse.domain.WarehouseSize;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each multi-cluster rule on a fixture that shows it and one that does not (one day, X-Small, AUTO_SUSPEND 600).
 *
 * <pre>
 * lonely: 50 queries of 10 s, one every 10 minutes, placed round-robin on clusters 1, 2, 3
 *   min = max = 3  -> p99 concurrency 1 needs 1 cluster: MIN_CLUSTER_COUNT 3 -> 1, saving 2/3 of the bill
 *   min 1, max 3   -> fine
 * bursts: every hour, 20 queries of 20 s at once: 8 on cluster 1, 8 on cluster 2, 4 more queued 10 s on cluster 1
 *   min 1, max 2, queued time 4 x 10 s of 20 x 20 s = 10%  -> MAX_CLUSTER_COUNT 2 -> 3, costs more
 *   the same without the queued four                      -> no change
 *   cluster 2 runs 20 s + 120 s idle = 140 s < 6 minutes  -> ECONOMY when ETL, nothing when interactive
 *   under ECONOMY, interactive, queueing                  -> STANDARD
 * </pre>
 */
class MultiClusterAdvisorTest {

    static final Instant T0 = Instant.parse("2026-10-05T00:00:00Z");
    static final AnalysisPeriod DAY = new AnalysisPeriod(T0, T0.plusSeconds(86_400));
    static final BigDecimal PRICE = new BigDecimal("3.00");
    static final MultiClusterAdvisor ADVISOR = new MultiClusterAdvisor(AdvisorSettings.defaults());

    static WarehouseConfiguration wh(int min, int max, ScalingPolicy policy) {
        return new WarehouseConfiguration("MC_WH", WarehouseSize.XSMALL, WarehouseKind.STANDARD_GEN1,
                WarehouseKind.Cloud.AWS, 600, min, max, policy);
    }

    static QueryRun run(Instant start, long queuedS, long execS, int cluster) {
        return new QueryRun(start, start.plusSeconds(queuedS + execS), cluster, 0, 0, 0, queuedS * 1000,
                execS * 1000, 1_000_000, 10, 0, 0, "SELECT", "");
    }

    static WarehouseWorkload lonely() {
        WarehouseWorkload.Builder b = WarehouseWorkload.builder();
        for (int i = 0; i < 50; i++) {
            b.add(run(T0.plusSeconds(i * 600L), 0, 10, 1 + i % 3));
        }
        return b.build();
    }

    static WarehouseWorkload bursts(boolean queued) {
        WarehouseWorkload.Builder b = WarehouseWorkload.builder();
        for (int h = 0; h < 24; h++) {
            Instant at = T0.plusSeconds(h * 3_600L);
            for (int i = 0; i < 16; i++) {
                b.add(run(at, 0, 20, i < 8 ? 1 : 2));
            }
            for (int i = 0; i < 4; i++) {
                b.add(queued ? run(at, 10, 20, 1) : run(at.plusSeconds(25), 0, 20, 1));
            }
        }
        return b.build();
    }

    static List<Recommendation> advise(WarehouseConfiguration w, WarehouseWorkload workload, WorkloadClass c) {
        return ADVISOR.advise(w, workload, c, DAY, PRICE, "USD").recommendations();
    }

    @Test
    void aMinimumAboveWhatConcurrencyNeedsIsLowered() {
        List<Recommendation> recs = advise(wh(3, 3, ScalingPolicy.STANDARD), lonely(), WorkloadClass.INTERACTIVE);
        assertThat(recs).hasSize(1);
        Recommendation r = recs.get(0);
        assertThat(r.kind()).isEqualTo(Recommendation.Kind.MIN_CLUSTER_COUNT);
        assertThat(r).extracting(Recommendation::currentValue, Recommendation::proposedValue).containsExactly("3", "1");
        assertThat(r.sql()).isEqualTo("ALTER WAREHOUSE \"MC_WH\" SET MIN_CLUSTER_COUNT = 1");
        ReplayedSetting now = AutoSuspendReplay.replay(lonely().timeline(), wh(3, 3, ScalingPolicy.STANDARD), DAY,
                PRICE);
        assertThat(r.monthlySavingsCredits().doubleValue()).isCloseTo(now.credits().doubleValue() * 2 / 3
                * DAY.monthlyFactor(), org.assertj.core.api.Assertions.within(0.001));
        assertThat(advise(wh(1, 3, ScalingPolicy.STANDARD), lonely(), WorkloadClass.INTERACTIVE)).isEmpty();
    }

    @Test
    void theMaximumIsRaisedWhenQueriesQueueWithEveryClusterRunning() {
        List<Recommendation> recs = advise(wh(1, 2, ScalingPolicy.STANDARD), bursts(true), WorkloadClass.INTERACTIVE);
        assertThat(recs).extracting(Recommendation::kind).containsExactly(Recommendation.Kind.MAX_CLUSTER_COUNT);
        Recommendation r = recs.get(0);
        assertThat(r).extracting(Recommendation::currentValue, Recommendation::proposedValue).containsExactly("2", "3");
        assertThat(r.monthlySavingsCredits()).isNegative();
        assertThat(r.sql()).isEqualTo("ALTER WAREHOUSE \"MC_WH\" SET MAX_CLUSTER_COUNT = 3");
        assertThat(advise(wh(1, 2, ScalingPolicy.STANDARD), bursts(false), WorkloadClass.INTERACTIVE)).isEmpty();
    }

    @Test
    void shortLivedExtraClustersOnAnEtlWarehouseGoEconomyAndAQueueingInteractiveOneGoesStandard() {
        List<Recommendation> etl = advise(wh(1, 2, ScalingPolicy.STANDARD), bursts(false), WorkloadClass.ETL);
        assertThat(etl).extracting(Recommendation::kind).containsExactly(Recommendation.Kind.SCALING_POLICY);
        assertThat(etl.get(0).proposedValue()).isEqualTo("ECONOMY");
        assertThat(etl.get(0).monthlySavingsCredits()).isPositive();
        assertThat(etl.get(0).sql()).isEqualTo("ALTER WAREHOUSE \"MC_WH\" SET SCALING_POLICY = 'ECONOMY'");

        List<Recommendation> economy = advise(wh(1, 3, ScalingPolicy.ECONOMY), bursts(true),
                WorkloadClass.INTERACTIVE);
        assertThat(economy).extracting(Recommendation::kind).containsExactly(Recommendation.Kind.SCALING_POLICY);
        assertThat(economy.get(0).proposedValue()).isEqualTo("STANDARD");
        assertThat(economy.get(0).monthlySavingsCredits()).isNegative();
        assertThat(advise(wh(1, 3, ScalingPolicy.ECONOMY), bursts(false), WorkloadClass.INTERACTIVE)).isEmpty();
    }
}
