package io.ledgerhouse.advise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Query-pattern and full-scan advice on a worked example, every figure computed by hand. The period is 30.4375 days
 * (an average month), so monthly figures equal the period's.
 *
 * <pre>
 * pattern  runs                         per run                              cost (USD)
 * h-dash   30 executions (3 days x 10)  100 GiB billed on demand, 6.25/TiB   30 x 0.6103515625 = 18.310546875
 *          + 5 cache hits               0                                    0
 * h-scan   10 executions                200 GiB billed, reads sales.orders   10 x 1.220703125  = 12.20703125
 * h-star   4 executions (reservation)   50 GiB processed, slot-ms share 3.00 4 x 3.00          = 12.00
 * h-raw    1 execution (reservation)    480 GiB processed of events.raw      15.00
 * h-tiny   1 execution                  1 GiB billed                         0.006103515625
 *
 * table                  logical   partitioned  date columns                    age at period end
 * p.sales.orders         200 GiB   no           updated_at TIMESTAMP, order_day DATE   210 days
 * p.events.raw           500 GiB   no           none                                   400 days
 * p.sales.orders_p       300 GiB   yes          (scanned in full by h-tiny: ignored, it is partitioned)
 * </pre>
 */
class BigQueryQueryAdvisorTest {

    static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    /** 30 days 10.5 hours: 30.4375 days, the average month. */
    static final AnalysisPeriod PERIOD = new AnalysisPeriod(FROM, FROM.plus(Duration.ofMinutes(43_830)));
    static final long GIB = 1L << 30;
    static final BigDecimal PRICE = new BigDecimal("6.25");

    static final List<BigQueryQueryAdvisor.Table> TABLES = List.of(
            new BigQueryQueryAdvisor.Table("p", "sales", "orders", 200 * GIB, PERIOD.to().minus(Duration.ofDays(210)),
                    false, List.of(), List.of(new BigQueryQueryAdvisor.Column("updated_at", "TIMESTAMP"),
                            new BigQueryQueryAdvisor.Column("order_day", "DATE"))),
            new BigQueryQueryAdvisor.Table("p", "events", "raw", 500 * GIB, PERIOD.to().minus(Duration.ofDays(400)),
                    false, List.of(), List.of()),
            new BigQueryQueryAdvisor.Table("p", "sales", "orders_p", 300 * GIB, FROM.minus(Duration.ofDays(400)),
                    true, List.of(), List.of(new BigQueryQueryAdvisor.Column("order_day", "DATE"))));

    static BigQueryQueryAdvisor.Job onDemand(String id, Instant at, String hash, String text, long billed,
            long processed, boolean cacheHit, List<String> tables) {
        return new BigQueryQueryAdvisor.Job(id, at, "p", "ana@example.com", Map.of("team", "growth"), hash, text,
                cacheHit, cacheHit ? 0 : processed, cacheHit ? 0 : billed, PRICE, 1_000, null, tables);
    }

    static BigQueryQueryAdvisor.Job reservation(String id, Instant at, String hash, String text, long processed,
            String cost, List<String> tables) {
        return new BigQueryQueryAdvisor.Job(id, at, "p", "bo@example.com", Map.of(), hash, text, false, processed, 0,
                PRICE, 3_600_000, new BigDecimal(cost), tables);
    }

    static BigQueryQueryAdvisor.Result workedExample() {
        BigQueryQueryAdvisor advisor = new BigQueryQueryAdvisor(BigQueryQuerySettings.defaults(), PERIOD, "USD",
                TABLES);
        for (int day = 0; day < 3; day++) {
            for (int run = 0; run < 10; run++) {
                advisor.add(onDemand("dash-" + day + "-" + run, FROM.plus(Duration.ofDays(day).plusHours(run)),
                        "h-dash", "SELECT region, SUM(amount) FROM `p.sales.orders` WHERE day = '2026-11-0" + day
                                + "' GROUP BY region", 100 * GIB, 100 * GIB, false, List.of("p.sales.orders")));
            }
        }
        for (int i = 0; i < 5; i++) {
            advisor.add(onDemand("dash-cached-" + i, FROM.plus(Duration.ofHours(20 + i)), "h-dash", "SELECT ...", 0, 0,
                    true, List.of("p.sales.orders")));
        }
        for (int i = 0; i < 10; i++) {
            advisor.add(onDemand("scan-" + i, FROM.plus(Duration.ofDays(4 + i)), "h-scan",
                    "SELECT o.*, r.name FROM `p.sales.orders` o JOIN `p.sales.regions` r USING (region)", 200 * GIB,
                    200 * GIB, false, List.of("p.sales.orders", "p.sales.regions")));
        }
        for (int i = 0; i < 4; i++) {
            advisor.add(reservation("star-" + i, FROM.plus(Duration.ofDays(5 + i)), "h-star",
                    "SELECT * FROM `p.sales.orders_p` LIMIT 10", 50 * GIB, "3.00", List.of("p.sales.orders_p")));
        }
        advisor.add(reservation("raw-1", FROM.plus(Duration.ofDays(6)), "h-raw",
                "SELECT user_id, COUNT(*) FROM `p.events.raw` GROUP BY 1", 480 * GIB, "15.00",
                List.of("p.events.raw")));
        advisor.add(onDemand("tiny-1", FROM.plus(Duration.ofDays(7)), "h-tiny", "SELECT * FROM `p.sales.orders_p`",
                GIB, 300 * GIB, false, List.of("p.sales.orders_p")));
        // outside the period: ignored
        advisor.add(onDemand("late", PERIOD.to(), "h-dash", "SELECT 1", 100 * GIB, 100 * GIB, false, List.of()));
        return advisor.result();
    }

    @Test
    void patternsAreRankedByCostWithTheirFigures() {
        BigQueryQueryAdvisor.Result r = workedExample();
        assertThat(r.patterns()).extracting(BigQueryQueryAdvisor.QueryPattern::queryHash)
                .containsExactly("h-dash", "h-raw", "h-scan", "h-star", "h-tiny");
        BigQueryQueryAdvisor.QueryPattern dash = r.patterns().get(0);
        assertThat(dash.runs()).isEqualTo(35);
        assertThat(dash.cacheHits()).isEqualTo(5);
        assertThat(dash.bytesProcessed()).isEqualTo(3_000 * GIB);
        assertThat(dash.periodCost()).isEqualByComparingTo("18.31"); // 30 x 100/1024 x 6.25
        assertThat(dash.monthlyCost()).isEqualByComparingTo("18.31"); // the period is an average month
        assertThat(dash.onDemandCost()).isEqualByComparingTo("18.31");
        assertThat(dash.reservationCost()).isEqualByComparingTo("0.00");
        assertThat(dash.topUsers()).containsExactly("ana@example.com (35)");
        assertThat(dash.topLabels()).containsExactly("team=growth (35)");
        assertThat(dash.sampleText()).startsWith("SELECT region, SUM(amount)");
        BigQueryQueryAdvisor.QueryPattern star = r.patterns().get(3);
        assertThat(star.periodCost()).isEqualByComparingTo("12.00");
        assertThat(star.reservationCost()).isEqualByComparingTo("12.00");
        assertThat(star.slotHours()).isEqualByComparingTo("4.000"); // 4 x 3,600,000 slot-ms
    }

    @Test
    void repeatedPatternsAreMaterializedAndSelectStarIsNamed() {
        BigQueryQueryAdvisor.Result r = workedExample();
        ObjectRecommendation repeated = r.recommendations().stream().filter(o -> o.kind().equals(
                BigQueryQueryAdvisor.REPEATED)).findFirst().orElseThrow();
        assertThat(repeated.target()).isEqualTo("h-dash");
        // one execution a day of 3 days stays: 18.310546875 x 27 / 30 = 16.4794921875
        assertThat(repeated.monthlySavingsMoney()).isEqualByComparingTo("16.48");
        assertThat(repeated.currentValue()).isEqualTo("30 executions in 3 days, 5 cache hits");
        assertThat(repeated.context()).containsEntry("users", "ana@example.com (35)");

        ObjectRecommendation star = r.recommendations().stream().filter(o -> o.kind().equals(
                BigQueryQueryAdvisor.SELECT_STAR) && o.target().equals("h-star")).findFirst().orElseThrow();
        assertThat(star.currentValue()).isEqualTo("SELECT * ... LIMIT");
        assertThat(star.monthlySavingsMoney()).isNull();
        assertThat(star.performanceEffect()).contains("LIMIT does not reduce the bytes processed");
        // h-tiny also selects *, but costs a cent a month: no advice
        assertThat(r.recommendations()).noneMatch(o -> o.target().equals("h-tiny"));
        // h-scan's text selects o.* and a column: not SELECT * of everything it reads, but o.* is every column of one
        assertThat(r.recommendations()).filteredOn(o -> o.target().equals("h-scan")).extracting(
                ObjectRecommendation::kind).containsExactly(BigQueryQueryAdvisor.SELECT_STAR);
    }

    @Test
    void fullScansOfLargeUnpartitionedTablesArePartitionedWithTheCopyStatement() {
        BigQueryQueryAdvisor.Result r = workedExample();
        assertThat(r.fullScans()).extracting(BigQueryQueryAdvisor.FullScan::table)
                .containsExactly("p.events.raw", "p.sales.orders");
        BigQueryQueryAdvisor.FullScan orders = r.fullScans().get(1);
        assertThat(orders.scans()).isEqualTo(10); // h-dash reads 100 of 200 GiB: not a full scan
        assertThat(orders.periodCost()).isEqualByComparingTo("12.21");
        assertThat(orders.partitionColumn()).isEqualTo("order_day"); // a DATE column before a TIMESTAMP one
        // each scan reads 30 of the table's 210 days: 12.20703125 x (1 - 30/210) = 10.4631696...
        assertThat(orders.monthlySaving()).isEqualByComparingTo("10.46");

        ObjectRecommendation partition = r.recommendations().stream().filter(o -> o.target().equals(
                "p.sales.orders")).findFirst().orElseThrow();
        assertThat(partition.kind()).isEqualTo(BigQueryQueryAdvisor.FULL_SCAN);
        assertThat(partition.proposedValue()).isEqualTo("partition by order_day (daily) and filter on it");
        assertThat(partition.sql()).isEqualTo("""
                CREATE TABLE `p.sales.orders__partitioned`
                  PARTITION BY `order_day`
                AS SELECT * FROM `p.sales.orders`;
                -- once the copy is checked, swap the names (then drop the old table)
                ALTER TABLE `p.sales.orders` RENAME TO `orders__unpartitioned`;
                ALTER TABLE `p.sales.orders__partitioned` RENAME TO `orders`;""");
        assertThat(partition.assumptions()).anyMatch(a -> a.contains("30 days out of the table's 210"));

        // events.raw has no date column: cluster it, no saving claimed
        ObjectRecommendation raw = r.recommendations().stream().filter(o -> o.target().equals("p.events.raw"))
                .findFirst().orElseThrow();
        assertThat(raw.monthlySavingsMoney()).isNull();
        assertThat(raw.sql()).isNull();
        assertThat(raw.proposedValue()).isEqualTo("cluster by the columns its queries filter on");

        // largest saving first, advice without an estimate last
        assertThat(r.recommendations()).extracting(ObjectRecommendation::kind, ObjectRecommendation::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(BigQueryQueryAdvisor.REPEATED, "h-dash"),
                        org.assertj.core.groups.Tuple.tuple(BigQueryQueryAdvisor.FULL_SCAN, "p.sales.orders"),
                        org.assertj.core.groups.Tuple.tuple(BigQueryQueryAdvisor.FULL_SCAN, "p.events.raw"),
                        org.assertj.core.groups.Tuple.tuple(BigQueryQueryAdvisor.SELECT_STAR, "h-scan"),
                        org.assertj.core.groups.Tuple.tuple(BigQueryQueryAdvisor.SELECT_STAR, "h-star"));
    }

    @Test
    void aTimestampColumnIsTruncatedAndAVeryOldTablePartitionedByMonth() {
        BigQueryQueryAdvisor.Table old = new BigQueryQueryAdvisor.Table("p", "d", "log", 1_000 * GIB,
                PERIOD.to().minus(Duration.ofDays(20_000)), false, List.of("user_id"),
                List.of(new BigQueryQueryAdvisor.Column("ts", "TIMESTAMP")));
        BigQueryQueryAdvisor advisor = new BigQueryQueryAdvisor(BigQueryQuerySettings.defaults(), PERIOD, "USD",
                List.of(old));
        advisor.add(reservation("j", FROM, "h", "SELECT user_id FROM `p.d.log`", 1_000 * GIB, "50", List.of(
                "p.d.log")));
        ObjectRecommendation r = advisor.result().recommendations().get(0);
        assertThat(r.sql()).contains("PARTITION BY TIMESTAMP_TRUNC(`ts`, MONTH)\n  CLUSTER BY `user_id`");
        assertThat(r.currentValue()).isEqualTo("unpartitioned, clustered by user_id; 1 full scans");
    }

    /** Property: the ranked patterns' costs are the jobs' costs (on-demand bytes x price + reservation share). */
    @RepeatedTest(20)
    void patternCostsSumToTheJobsCosts() {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        BigQueryQueryAdvisor advisor = new BigQueryQueryAdvisor(BigQueryQuerySettings.defaults(), PERIOD, "USD",
                List.of());
        BigDecimal total = BigDecimal.ZERO;
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            hashes.add("h" + i);
        }
        for (int i = 0; i < 500; i++) {
            Instant at = FROM.plusSeconds(random.nextInt(2_000_000));
            String hash = hashes.get(random.nextInt(hashes.size()));
            if (random.nextBoolean()) {
                long billed = random.nextInt(1_000) * GIB / 10;
                advisor.add(onDemand("j" + i, at, hash, null, billed, billed, false, List.of()));
                total = total.add(BigDecimal.valueOf(billed).multiply(PRICE).divide(BigQueryQueryAdvisor.TIB));
            } else {
                BigDecimal cost = BigDecimal.valueOf(random.nextInt(100_000), 4);
                advisor.add(reservation("j" + i, at, hash, null, random.nextInt(1_000) * GIB, cost.toPlainString(),
                        List.of()));
                total = total.add(cost);
            }
        }
        BigQueryQueryAdvisor.Result r = advisor.result();
        BigDecimal ranked = r.patterns().stream().map(BigQueryQueryAdvisor.QueryPattern::periodCost)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(ranked).as("seed " + seed).isCloseTo(total.setScale(2, RoundingMode.HALF_UP),
                within(new BigDecimal("0.08"))); // 15 patterns rounded to cents, at most half a cent each
        assertThat(r.patterns()).as("seed " + seed).isSortedAccordingTo((a, b) -> b.periodCost().compareTo(
                a.periodCost()));
    }
}
