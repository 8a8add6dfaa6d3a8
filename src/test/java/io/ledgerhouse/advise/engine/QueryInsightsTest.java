package io.ledgerhouse.advise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Query insights on named patterns. The period is exactly one average month (30.4375 days from 1 February 2026), so
 * period and monthly figures are equal; its halves meet at 16 February 05:15. Costs are allocated, one round number a
 * run:
 *
 * <pre>
 * pattern      | runs                                   | cost/run | expected
 * P_SCAN       | 4 in the 1st half, 6 in the 2nd;       | 2.00     | QUERY_PRUNING; 20.00 a month, trend +50%
 *              | 4,900 of 5,000 partitions each         |          |
 * P_PRUNED     | 10; 50 of 5,000 partitions             | 1.00     | none
 * P_SMALL      | 10; 200 of 200 partitions              | 1.00     | none (small table)
 * P_SPILL      | 10; 5 spill 1 GB to remote storage     | 1.00     | QUERY_SPILLING, HIGH
 * P_RARE_SPILL | 40; 5 spill locally (12.5%)            | 1.00     | none
 * P_DASH       | H_DASH: 30 executions over 3 days,     | 1.00     | QUERY_REPEATED, saves 30 − 3 = 27.00
 *              | same bytes and rows; 30 cache hits     | 0        |
 * P_CHANGING   | H_CHG: 30 executions, bytes 1 to 2 MB  | 1.00     | none (data changes)
 * </pre>
 */
class QueryInsightsTest {

    static final Instant FROM = Instant.parse("2026-02-01T00:00:00Z");
    static final AnalysisPeriod MONTH = new AnalysisPeriod(FROM, FROM.plus(Duration.ofMinutes((long) (30.4375 * 1440))));

    static Instant at(int day, int hour) {
        return FROM.plus(Duration.ofDays(day - 1).plusHours(hour));
    }

    static QueryObservation run(String pattern, String hash, Instant start, long scanned, long total, long spillLocal,
            long spillRemote, long bytes, long rows, String cost) {
        return new QueryObservation(hash, pattern, start, 10_000, bytes, scanned, total, spillLocal, spillRemote, rows,
                "BI_WH", "ANA", "ANALYTICS", "select * from t where d = '" + start + "'", new BigDecimal(cost));
    }

    static List<QueryObservation> fixture() {
        List<QueryObservation> q = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Instant start = i < 4 ? at(2 + i, 9) : at(20 + i, 9);
            q.add(run("P_SCAN", "S" + i, start, 4_900, 5_000, 0, 0, 5_000_000, 10, "2.00"));
            q.add(run("P_PRUNED", "PR" + i, at(3, i), 50, 5_000, 0, 0, 50_000, 10, "1.00"));
            q.add(run("P_SMALL", "SM" + i, at(4, i), 200, 200, 0, 0, 50_000, 10, "1.00"));
            q.add(run("P_SPILL", "SP" + i, at(5, i), 10, 100, 0, i < 5 ? 1L << 30 : 0, 50_000, 10, "1.00"));
        }
        for (int i = 0; i < 40; i++) {
            q.add(run("P_RARE_SPILL", "RS" + i, at(6, i % 24), 10, 100, i < 5 ? 1L << 20 : 0, 0, 50_000, 10, "1.00"));
        }
        for (int i = 0; i < 30; i++) {
            Instant start = at(7 + i / 10, 8 + i % 10);
            q.add(run("P_DASH", "H_DASH", start, 10, 100, 0, 0, 1_000_000, 100, "1.00"));
            q.add(run("P_DASH", "H_DASH", start.plusSeconds(30), 0, 0, 0, 0, 0, 100, "0"));
            q.add(run("P_CHANGING", "H_CHG", start, 10, 100, 0, 0, 1_000_000 + i * 40_000L, 100, "1.00"));
        }
        return q;
    }

    static QueryInsights.Result insights(List<QueryObservation> queries, QueryInsights.CostBasis basis) {
        QueryInsights insights = new QueryInsights(QueryInsightSettings.defaults(), MONTH);
        queries.forEach(insights::add);
        return insights.result(basis);
    }

    static Map<String, ObjectRecommendation> byKindAndTarget(QueryInsights.Result r) {
        Map<String, ObjectRecommendation> out = new java.util.TreeMap<>();
        r.recommendations().forEach(x -> out.put(x.kind() + " " + x.target(), x));
        return out;
    }

    @Test
    void exactlyTheProblemPatternsAreFlagged() {
        QueryInsights.Result r = insights(fixture(), QueryInsights.CostBasis.allocated("USD"));
        assertThat(byKindAndTarget(r).keySet()).containsExactlyInAnyOrder("QUERY_PRUNING P_SCAN",
                "QUERY_SPILLING P_SPILL", "QUERY_REPEATED P_DASH");
        assertThat(r.costMethod()).isEqualTo(QueryInsights.ALLOCATED);
    }

    @Test
    void poorPruningOnALargeTableIsAClusteringCandidateWithoutAnEstimatedSaving() {
        ObjectRecommendation r = byKindAndTarget(insights(fixture(), QueryInsights.CostBasis.allocated("USD")))
                .get("QUERY_PRUNING P_SCAN");
        assertThat(r.targetType()).isEqualTo("query_pattern");
        assertThat(r.currentValue()).isEqualTo("scans 98% of 5000 partitions");
        assertThat(r.monthlySavingsMoney()).isNull();
        assertThat(r.performanceEffect()).contains("no saving is estimated");
        assertThat(r.context()).containsEntry("warehouse", "BI_WH").containsEntry("user", "ANA")
                .containsKey("sampleText");
        assertThat(r.evidence().figures()).anySatisfy(f -> {
            assertThat(f.name()).isEqualTo("pattern cost");
            assertThat(f.value()).isEqualByComparingTo("20.00");
        });
    }

    @Test
    void spillingPatternsAreFlaggedWhenEnoughRunsSpill() {
        ObjectRecommendation r = byKindAndTarget(insights(fixture(), QueryInsights.CostBasis.allocated("USD")))
                .get("QUERY_SPILLING P_SPILL");
        assertThat(r.currentValue()).isEqualTo("5 of 10 runs spill (5 remotely)");
        assertThat(r.confidence().level()).isEqualTo(Recommendation.Level.HIGH);
        assertThat(r.monthlySavingsMoney()).isNull();
    }

    @Test
    void repeatedIdenticalQueriesOnStableDataSaveAllButOneExecutionADay() {
        ObjectRecommendation r = byKindAndTarget(insights(fixture(), QueryInsights.CostBasis.allocated("USD")))
                .get("QUERY_REPEATED P_DASH");
        assertThat(r.monthlySavingsMoney()).isEqualByComparingTo("27.00"); // 30 executions at 1.00, 3 days kept
        assertThat(r.context()).containsEntry("queryHash", "H_DASH");
        assertThat(r.currentValue()).startsWith("30 executions of 1 identical query");
        assertThat(r.assumptions()).anyMatch(a -> a.startsWith("one execution a day"));
    }

    @Test
    void topPatternsCarryCountMeanAndTrend() {
        QueryInsights.Result r = insights(fixture(), QueryInsights.CostBasis.allocated("USD"));
        QueryInsights.QueryPattern scan = r.patterns().stream().filter(p -> p.parameterizedHash().equals("P_SCAN"))
                .findFirst().orElseThrow();
        assertThat(scan.runs()).isEqualTo(10);
        assertThat(scan.monthlyCost()).isEqualByComparingTo("20.00");
        assertThat(scan.meanCost()).isEqualByComparingTo("2.00");
        assertThat(scan.firstHalfCost()).isEqualByComparingTo("8.00");
        assertThat(scan.secondHalfCost()).isEqualByComparingTo("12.00");
        assertThat(scan.trendPercent()).isEqualTo(50.0);
        assertThat(r.patterns().get(0).parameterizedHash()).as("costliest first: P_RARE_SPILL 40.00")
                .isEqualTo("P_RARE_SPILL");
    }

    @Test
    void withoutAllocationCostIsTheWarehousesCostSplitByExecutionTime() {
        // WH_A cost 100.00: X ran 3 s, Y 1 s and an unhashed query 4 s, so X gets 37.50 and Y 12.50
        List<QueryObservation> q = List.of(
                new QueryObservation("h1", "X", at(2, 1), 3_000, 1, 1, 1, 0, 0, 1, "WH_A", "U", "D", null, null),
                new QueryObservation("h2", "Y", at(2, 2), 1_000, 1, 1, 1, 0, 0, 1, "WH_A", "U", "D", null, null),
                new QueryObservation("h3", null, at(2, 3), 4_000, 1, 1, 1, 0, 0, 1, "WH_A", "U", "D", null, null));
        QueryInsights.Result r = insights(q, QueryInsights.CostBasis.estimated(Map.of("WH_A", new BigDecimal("100")),
                "USD"));
        assertThat(r.costMethod()).isEqualTo(QueryInsights.ESTIMATED);
        assertThat(r.patterns()).extracting(QueryInsights.QueryPattern::parameterizedHash).containsExactly("X", "Y");
        assertThat(r.patterns().get(0).monthlyCost()).isEqualByComparingTo("37.50");
        assertThat(r.patterns().get(1).monthlyCost()).isEqualByComparingTo("12.50");
        assertThat(r.patterns().get(0).trendPercent()).as("no second-half runs: -100%").isEqualTo(-100.0);
    }

    @Test
    void cheapPatternsGetNoRecommendation() {
        List<QueryObservation> q = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            q.add(run("P_CHEAP_SCAN", "C" + i, at(3, i), 4_900, 5_000, 0, 0, 5_000_000, 10, "0.05"));
        }
        assertThat(insights(q, QueryInsights.CostBasis.allocated("USD")).recommendations()).as("0.50 a month")
                .isEmpty();
    }
}
