package io.ledgerhouse.advise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.domain.WarehouseSize;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Each size rule on a fixture that shows it and one that does not. Every fixture is one day of 100 queries, one
 * every ten minutes from midnight (so they never overlap), on a warehouse with AUTO_SUSPEND 600.
 *
 * <pre>
 * fixture            size    per query                                      expected
 * spilling           Medium  30 s, 1,000 partitions, 2 of 100 spill remote  UP to Large, x0.50 time, costs more
 * not spilling       Medium  30 s, 1,000 partitions                         NONE (long queries: no downsize either)
 * queueing           Medium  30 s, 10 of 100 queued 20 s for load           UP on one cluster; NONE on a 1..3 warehouse
 * light              Small   2 s, 4 partitions                              DOWN to X-Small, same time (4 partitions
 *                                                                           use 4 of X-Small's 8 threads), half price
 * light, X-Small     XSmall  2 s, 4 partitions                              NONE (nothing smaller)
 * </pre>
 */
class SizeAdvisorTest {

    static final Instant T0 = Instant.parse("2026-10-05T00:00:00Z");
    static final AnalysisPeriod DAY = new AnalysisPeriod(T0, T0.plusSeconds(86_400));
    static final BigDecimal PRICE = new BigDecimal("3.00");
    static final SizeAdvisor ADVISOR = new SizeAdvisor(AdvisorSettings.defaults());

    /** 100 queries, one every 10 minutes; {@code shape} gives {execution s, partitions, remote spill, queued s}. */
    static WarehouseWorkload day(IntFunction<long[]> shape) {
        WarehouseWorkload.Builder b = WarehouseWorkload.builder();
        for (int i = 0; i < 100; i++) {
            long[] s = shape.apply(i);
            Instant start = T0.plusSeconds(i * 600L);
            long queued = s[3] * 1000;
            b.add(new QueryRun(start, start.plusMillis(queued + s[0] * 1000), 1, 0, 0, 0, queued, s[0] * 1000,
                    s[1] * 16_000_000, s[1], 0, s[2], "SELECT", ""));
        }
        return b.build();
    }

    static WarehouseConfiguration wh(WarehouseSize size) {
        return WarehouseConfiguration.single("WH", size, 600);
    }

    @Test
    void remoteSpillingUpsizesAndTheEstimateCostsMoreUnderTheStatedAssumption() {
        SizeAdvice a = ADVISOR.advise(wh(WarehouseSize.MEDIUM), day(i -> new long[] {30, 1_000, i < 2 ? 1 << 30 : 0,
            0}), DAY, PRICE, "USD");
        assertThat(a.direction()).isEqualTo(SizeAdvice.Direction.UP);
        Recommendation r = a.recommendation().orElseThrow();
        assertThat(r.kind()).isEqualTo(Recommendation.Kind.WAREHOUSE_SIZE);
        assertThat(r.currentValue()).isEqualTo("MEDIUM");
        assertThat(r.proposedValue()).isEqualTo("LARGE");
        assertThat(r.monthlySavingsCredits()).isNegative();
        assertThat(r.monthlySavingsMoney()).isNegative();
        assertThat(r.performanceEffect()).contains("x 0.50").contains(SizeAdvisor.SCALING_ASSUMPTION);
        assertThat(r.sql()).isEqualTo("ALTER WAREHOUSE \"WH\" SET WAREHOUSE_SIZE = 'LARGE'");
        assertThat(r.evidence().figures()).extracting(Recommendation.Figure::name)
                .contains("queries spilling remotely", "execution time factor");
        assertThat(r.confidence().level()).isEqualTo(Recommendation.Level.LOW); // one day
    }

    @Test
    void longQueriesWithoutSpillingOrQueueingStayAsTheyAre() {
        SizeAdvice a = ADVISOR.advise(wh(WarehouseSize.MEDIUM), day(i -> new long[] {30, 1_000, 0, 0}), DAY, PRICE,
                "USD");
        assertThat(a.direction()).isEqualTo(SizeAdvice.Direction.NONE);
        assertThat(a.recommendation()).isEmpty();
        assertThat(a.findings()).anyMatch(f -> f.startsWith("remote spilling: 0.0%"));
    }

    @Test
    void queueingUpsizesASingleClusterWarehouseAndIsLeftToTheMultiClusterAdvice() {
        IntFunction<long[]> queued = i -> new long[] {30, 1_000, 0, i % 10 == 0 ? 20 : 0};
        assertThat(ADVISOR.advise(wh(WarehouseSize.MEDIUM), day(queued), DAY, PRICE, "USD").direction())
                .isEqualTo(SizeAdvice.Direction.UP);
        SizeAdvice multi = ADVISOR.advise(wh(WarehouseSize.MEDIUM).withClusters(1, 3), day(queued), DAY, PRICE,
                "USD");
        assertThat(multi.direction()).isEqualTo(SizeAdvice.Direction.NONE);
        assertThat(multi.findings()).anyMatch(f -> f.contains("left to the multi-cluster advice"));
    }

    @Test
    void lightShortWorkDownsizesAtHalfThePriceWhenItCannotUseTheThreads() {
        WarehouseWorkload light = day(i -> new long[] {2, 4, 0, 0});
        SizeAdvice a = ADVISOR.advise(wh(WarehouseSize.SMALL), light, DAY, PRICE, "USD");
        assertThat(a.direction()).isEqualTo(SizeAdvice.Direction.DOWN);
        Recommendation r = a.recommendation().orElseThrow();
        assertThat(r.proposedValue()).isEqualTo("XSMALL");
        ReplayedSetting now = AutoSuspendReplay.replay(light.timeline(), wh(WarehouseSize.SMALL), DAY, PRICE);
        double halfAMonth = now.credits().doubleValue() / 2 * DAY.monthlyFactor();
        assertThat(r.monthlySavingsCredits().doubleValue()).isCloseTo(halfAMonth,
                org.assertj.core.api.Assertions.within(0.001));
        assertThat(r.performanceEffect()).contains("x 1.00");
        assertThat(ADVISOR.advise(wh(WarehouseSize.XSMALL), light, DAY, PRICE, "USD").direction())
                .isEqualTo(SizeAdvice.Direction.NONE);
    }

    @Test
    void theScalingAssumptionIsCappedByTheParallelismAQueryShowed() {
        WarehouseWorkload w = day(i -> new long[] {10, i < 50 ? 12 : 1_000, 0, 0});
        // X-Small (8 threads) to Small (16): 12 partitions go from 8 to 12 threads (x 2/3), 1,000 from 8 to 16 (x 1/2)
        assertThat(w.executionFactor(WarehouseSize.XSMALL, WarehouseSize.SMALL)).isCloseTo((2.0 / 3 + 0.5) / 2,
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(w.executionFactor(WarehouseSize.SMALL, WarehouseSize.XSMALL)).isCloseTo((1.5 + 2) / 2,
                org.assertj.core.api.Assertions.within(1e-9));
    }
}
