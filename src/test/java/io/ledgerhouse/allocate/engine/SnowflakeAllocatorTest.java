package io.ledgerhouse.allocate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.allocate.engine.Allocation.Category;
import io.ledgerhouse.allocate.engine.Allocation.Method;
import io.ledgerhouse.allocate.engine.SnowflakeAllocator.IdlePolicy;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of Snowflake allocation. Every example is on Monday 2026-10-05 unless it says otherwise, at 3.00 USD
 * a credit; rules: a query tag's {@code team} names the team; warehouse ETL_WH is owned by data-platform.
 */
class SnowflakeAllocatorTest {

    static final LocalDate DAY = LocalDate.of(2026, 10, 5);
    static final Rule TAG_TEAM = new Rule(1, 1, 10, LocalDate.of(2026, 1, 1), null,
            match().queryTagKey("team").build(), "{queryTag.team}", null, null);
    static final Rule ETL_OWNER = new Rule(2, 1, 20, LocalDate.of(2026, 1, 1), null,
            match().warehouse("ETL_WH").build(), "data-platform", "etl", "CC-100");
    static final RuleBook RULES = new RuleBook(List.of(TAG_TEAM, ETL_OWNER));
    static final SnowflakeAllocator OWNER_IDLE = new SnowflakeAllocator(RULES, w -> IdlePolicy.OWNER);

    /**
     * Two overlapping queries.
     *
     * <pre>
     * hour 10:00-11:00, ETL_WH MEDIUM (4 credits/h), metered 1.000000000 credits = 3.00 USD
     * q1 team=finance  runs 10:00-10:10   active 600 s
     * q2 team=growth   runs 10:05-10:15   active 600 s
     * busy = union 10:00-10:15 = 900 s -> used = 900/3600 x 4 = 1.0, idle = 0
     * shares by active time 600 : 600 -> finance 0.5 credits 1.50 USD, growth 0.5 credits 1.50 USD
     * </pre>
     */
    @Test
    void twoOverlappingQueriesShareTheHourByActiveTime() {
        Charge hour = compute(1, "ETL_WH", at("10:00"), "1.000000000", "3.00");
        List<Allocation> out = OWNER_IDLE.warehouseDay(List.of(hour), List.of(
                query("q1", "MEDIUM", 1, at("10:00"), at("10:10"), "team=finance"),
                query("q2", "MEDIUM", 1, at("10:05"), at("10:15"), "team=growth")));
        assertThat(byTeam(out)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "finance/COMPUTE", new BigDecimal("1.50"), "growth/COMPUTE", new BigDecimal("1.50")));
        assertThat(out).allMatch(a -> a.method() == Method.ACTIVE_TIME && a.credits().compareTo(new BigDecimal("0.5"))
                == 0);
        assertThat(out).allMatch(a -> a.ruleId() == 1L && a.ruleVersion() == 1);
        assertSumsToCharges(out, hour);
    }

    /**
     * A query spanning three hours, then idle until the warehouse suspends.
     *
     * <pre>
     * ETL_WH XSMALL (1 credit/h); q runs 10:30-12:30 (team=finance); suspended 12:40
     * hour   metered       busy     used         idle
     * 10:00  0.500000000   30 min   0.500000000  0
     * 11:00  1.000000000   60 min   1.000000000  0
     * 12:00  0.666666667   30 min   0.500000000  0.166666667 -> data-platform (owner), idle
     * </pre>
     */
    @Test
    void aQuerySpanningThreeHoursIsChargedInEachAndTheTailIsIdle() {
        Charge h10 = compute(1, "ETL_WH", at("10:00"), "0.500000000", "1.50");
        Charge h11 = compute(2, "ETL_WH", at("11:00"), "1.000000000", "3.00");
        Charge h12 = compute(3, "ETL_WH", at("12:00"), "0.666666667", "2.000000001");
        List<Allocation> out = OWNER_IDLE.warehouseDay(List.of(h10, h11, h12), List.of(
                query("q", "XSMALL", 1, at("10:30"), at("12:30"), "team=finance")));
        assertThat(credits(out, 3, "finance")).isEqualByComparingTo("0.5");
        assertThat(credits(out, 3, "data-platform")).isEqualByComparingTo("0.166666667");
        assertThat(out.stream().filter(a -> a.chargeId() == 3 && a.category() == Category.IDLE))
                .singleElement().satisfies(a -> {
                    assertThat(a.method()).isEqualTo(Method.IDLE_OWNER);
                    assertThat(a.workload()).isEqualTo("etl");
                    assertThat(a.costCenter()).isEqualTo("CC-100");
                });
        assertThat(credits(out, 1, "finance")).isEqualByComparingTo("0.5");
        assertThat(credits(out, 2, "finance")).isEqualByComparingTo("1");
        assertSumsToCharges(out, h10, h11, h12);
    }

    /**
     * A Gen2 warehouse: QUERY_HISTORY says only STANDARD; the settings history (SHOW WAREHOUSES' resource_constraint)
     * says STANDARD_GEN_2, whose MEDIUM costs 4 x 1.35 = 5.4 credits an hour on AWS.
     *
     * <pre>
     * hour 10:00, ETL_WH MEDIUM, metered 1.350000000 credits = 4.05 USD; q (team=finance) runs 10:00-10:15 (900 s)
     *                         rate        used = rate x 900/3600   idle
     * taken as Gen1 (wrong)   4.0 / h     1.000000000              0.350000000 -> data-platform
     * Gen2 from the settings  5.4 / h     1.350000000              0
     * hour 08:00, before the warehouse became Gen2 at 09:00: the same busy quarter hour uses 1.0, idle 0.35
     * </pre>
     */
    @Test
    void aGen2WarehouseIsPricedAtTheGen2RateSoItsBusyTimeIsNotCalledIdle() {
        Charge hour = compute(1, "ETL_WH", at("10:00"), "1.350000000", "4.05");
        QueryUsage q = query("q", "MEDIUM", 1, at("10:00"), at("10:15"), "team=finance");
        WarehouseGenerations gen2 = new WarehouseGenerations(Map.of("ETL_WH", new java.util.TreeMap<>(Map.of(
                at("09:00"), "STANDARD_GEN_2", DAY.minusDays(30).atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                "STANDARD_GEN_1"))));
        List<Allocation> out = new SnowflakeAllocator(RULES, w -> IdlePolicy.OWNER, gen2).warehouseDay(List.of(hour),
                List.of(q));
        assertThat(credits(out, 1, "finance")).isEqualByComparingTo("1.35");
        assertThat(out).noneMatch(a -> a.category() == Category.IDLE && a.amount().signum() != 0);
        assertSumsToCharges(out, hour);

        // before 09:00 the warehouse was Gen1: the same busy quarter hour at 08:00 uses 1.0 of 1.35 credits
        Charge early = compute(2, "ETL_WH", at("08:00"), "1.350000000", "4.05");
        List<Allocation> before = new SnowflakeAllocator(RULES, w -> IdlePolicy.OWNER, gen2).warehouseDay(
                List.of(early), List.of(query("e", "MEDIUM", 1, at("08:00"), at("08:15"), "team=finance")));
        assertThat(credits(before, 2, "finance")).isEqualByComparingTo("1");
        assertThat(credits(before, 2, "data-platform")).isEqualByComparingTo("0.35");

        // without the settings history the allocator can only take STANDARD as Gen1
        List<Allocation> unknown = OWNER_IDLE.warehouseDay(List.of(hour), List.of(q));
        assertThat(credits(unknown, 1, "data-platform")).isEqualByComparingTo("0.35");
        assertSumsToCharges(before, early);
    }

    /**
     * A query older than the first settings row observed takes the earliest known generation: the collector only
     * sees settings from its first run on, and a warehouse's generation rarely changes.
     */
    @Test
    void aQueryBeforeTheFirstObservedSettingsTakesTheEarliestGeneration() {
        WarehouseGenerations gen2 = new WarehouseGenerations(Map.of("ETL_WH", new java.util.TreeMap<>(Map.of(
                at("23:00"), "STANDARD_GEN_2"))));
        assertThat(gen2.kind("ETL_WH", "STANDARD", at("10:00"))).isEqualTo(io.ledgerhouse.domain.WarehouseKind
                .STANDARD_GEN2);
        assertThat(gen2.kind("etl_wh", "STANDARD", at("10:00"))).as("names compare as Snowflake does, unquoted")
                .isEqualTo(io.ledgerhouse.domain.WarehouseKind.STANDARD_GEN2);
        assertThat(gen2.kind("OTHER_WH", "STANDARD", at("10:00"))).isEqualTo(io.ledgerhouse.domain.WarehouseKind
                .STANDARD_GEN1);
        assertThat(gen2.kind("ETL_WH", "SNOWPARK-OPTIMIZED", at("10:00"))).isEqualTo(io.ledgerhouse.domain
                .WarehouseKind.SNOWPARK_OPTIMIZED);
    }

    /**
     * An hour with credits and no query is idle, never dropped.
     *
     * <pre>
     * hour 13:00, ETL_WH, metered 0.250000000 = 0.75 USD, no query -> data-platform idle 0.75 USD
     * the same hour on UNOWNED_WH (no rule)                          -> the idle line (no team) 0.75 USD
     * </pre>
     */
    @Test
    void anHourWithCreditsAndNoQueryIsIdle() {
        Charge owned = compute(1, "ETL_WH", at("13:00"), "0.250000000", "0.75");
        Charge unowned = compute(2, "UNOWNED_WH", at("13:00"), "0.250000000", "0.75");
        List<Allocation> out = new java.util.ArrayList<>(OWNER_IDLE.warehouseDay(List.of(owned), List.of()));
        out.addAll(OWNER_IDLE.warehouseDay(List.of(unowned), List.of()));
        assertThat(out).hasSize(2).allMatch(a -> a.category() == Category.IDLE
                && a.amount().compareTo(new BigDecimal("0.75")) == 0);
        assertThat(out.get(0).team()).isEqualTo("data-platform");
        assertThat(out.get(1).team()).isNull();
        // even under the hour and day policies: with no query that day, idle stays on the owner's line
        assertThat(new SnowflakeAllocator(RULES, w -> IdlePolicy.DAY).warehouseDay(List.of(owned), List.of()))
                .singleElement().satisfies(a -> assertThat(a.method()).isEqualTo(Method.IDLE_OWNER));
        assertSumsToCharges(out, owned, unowned);
    }

    /**
     * A resume billed for the 60-second minimum.
     *
     * <pre>
     * ETL_WH XSMALL resumes 14:00:00 for q (team=growth) 14:00:00-14:00:20 and suspends at once (auto-suspend 0)
     * metered 60 s = 0.016666667 credits = 0.05 USD; busy 20 s = 0.005555556 credits
     * growth 0.005555556 credits 0.02 USD; data-platform idle 0.011111111 credits 0.03 USD
     * </pre>
     */
    @Test
    void theSixtySecondMinimumAfterAResumeIsIdle() {
        Charge hour = compute(1, "ETL_WH", at("14:00"), "0.016666667", "0.05");
        List<Allocation> out = OWNER_IDLE.warehouseDay(List.of(hour), List.of(
                query("q", "XSMALL", 1, at("14:00"), Instant.parse("2026-10-05T14:00:20Z"), "team=growth")));
        assertThat(credits(out, 1, "growth")).isEqualByComparingTo("0.005555556");
        assertThat(credits(out, 1, "data-platform")).isEqualByComparingTo("0.011111111");
        assertThat(byTeam(out)).containsEntry("growth/COMPUTE", new BigDecimal("0.02"))
                .containsEntry("data-platform/IDLE", new BigDecimal("0.03"));
        assertSumsToCharges(out, hour);
    }

    /**
     * A multi-cluster hour: busy time is per cluster.
     *
     * <pre>
     * BI_WH MEDIUM (4 credits/h per cluster), hour 09:00, metered 4.000000000 (two clusters, 30 min each)
     * q1 team=finance cluster 1 09:00-09:30; q2 team=growth cluster 2 09:00-09:30
     * busy = 30 min on cluster 1 + 30 min on cluster 2 = 1 cluster-hour -> used 4, idle 0: 2 + 2
     * (one union over both clusters would call half of it idle)
     * </pre>
     */
    @Test
    void aMultiClusterHourCountsBusyTimePerCluster() {
        Charge hour = compute(1, "BI_WH", at("09:00"), "4.000000000", "12.00");
        List<Allocation> out = OWNER_IDLE.warehouseDay(List.of(hour), List.of(
                query("q1", "MEDIUM", 1, at("09:00"), at("09:30"), "team=finance"),
                query("q2", "MEDIUM", 2, at("09:00"), at("09:30"), "team=growth")));
        assertThat(out).noneMatch(a -> a.category() == Category.IDLE);
        assertThat(byTeam(out)).containsEntry("finance/COMPUTE", new BigDecimal("6.00"))
                .containsEntry("growth/COMPUTE", new BigDecimal("6.00"));
        assertSumsToCharges(out, hour);
    }

    /**
     * Idle shared over the hour's or the day's queries.
     *
     * <pre>
     * ETL_WH XSMALL; hour 10:00 metered 1.0 (3.00 USD), q1 finance 10:00-10:15; hour 11:00 metered 1.0, q2 growth
     * 11:00-11:45
     * hour 10:00: used 0.25 (finance), idle 0.75; hour 11:00: used 0.75 (growth), idle 0.25
     * hour policy: 10:00 -> finance 0.75 USD compute + 2.25 USD idle; 11:00 -> growth 2.25 compute + 0.75 idle
     * day policy (weights 15 : 45 minutes): 10:00 idle 0.75 -> finance 0.1875, growth 0.5625 credits;
     *                                       11:00 idle 0.25 -> finance 0.0625, growth 0.1875 credits
     * </pre>
     */
    @Test
    void idleCanBeSharedOverTheHoursOrTheDaysQueries() {
        Charge h10 = compute(1, "ETL_WH", at("10:00"), "1.000000000", "3.00");
        Charge h11 = compute(2, "ETL_WH", at("11:00"), "1.000000000", "3.00");
        List<QueryUsage> queries = List.of(query("q1", "XSMALL", 1, at("10:00"), at("10:15"), "team=finance"),
                query("q2", "XSMALL", 1, at("11:00"), at("11:45"), "team=growth"));
        List<Allocation> hourly = new SnowflakeAllocator(RULES, w -> IdlePolicy.HOUR).warehouseDay(List.of(h10, h11),
                queries);
        assertThat(byTeam(hourly)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "finance/COMPUTE", new BigDecimal("0.75"), "finance/IDLE", new BigDecimal("2.25"),
                "growth/COMPUTE", new BigDecimal("2.25"), "growth/IDLE", new BigDecimal("0.75")));
        assertThat(hourly).filteredOn(a -> a.category() == Category.IDLE).allMatch(a -> a.method() == Method.IDLE_HOUR);

        List<Allocation> daily = new SnowflakeAllocator(RULES, w -> IdlePolicy.DAY).warehouseDay(List.of(h10, h11),
                queries);
        assertThat(daily.stream().filter(a -> a.chargeId() == 1 && a.category() == Category.IDLE)
                .collect(Collectors.toMap(Allocation::team, Allocation::credits)))
                .containsEntry("finance", new BigDecimal("0.187500000")).containsEntry("growth",
                        new BigDecimal("0.562500000"));
        assertSumsToCharges(hourly, h10, h11);
        assertSumsToCharges(daily, h10, h11);
    }

    /**
     * The 10% rule on a day above it and a day below it.
     *
     * <pre>
     * day    compute   cloud services (q1 2.0, q2 1.0)   adjustment = -min(CS, 10% compute)   billed CS
     * 10-05  100       3.0                                -3.0                                 0
     * 10-06  10        3.0                                -1.0                                 2.0
     * 10-06: q1 (finance) 2.0 - 0.666666667 = 1.333333333; q2 (growth) 1.0 - 0.333333333 = 0.666666667
     * </pre>
     */
    @Test
    void cloudServicesNetOfTheDailyAdjustmentFollowEachQuerysCredits() {
        for (String[] day : new String[][] {{"2026-10-05", "-3.000000000", "0"}, {"2026-10-06", "-1.000000000",
            "2"}}) {
            Instant midnight = Instant.parse(day[0] + "T00:00:00Z");
            QueryUsage q1 = query("q1", "MEDIUM", 1, midnight.plusSeconds(3600), midnight.plusSeconds(3700),
                    "team=finance", "2.0");
            QueryUsage q2 = query("q2", "MEDIUM", 1, midnight.plusSeconds(3600), midnight.plusSeconds(3650),
                    "team=growth", "1.0");
            Charge cs = new Charge(10, "WAREHOUSE_CLOUD_SERVICES", midnight.plusSeconds(3600),
                    midnight.plusSeconds(7200), new BigDecimal("3.000000000"), new BigDecimal("9.00"), "USD", "1",
                    warehouseSubject("ETL_WH"));
            Charge adjustment = new Charge(11, "CLOUD_SERVICES_ADJUSTMENT", midnight, midnight.plusSeconds(86_400),
                    new BigDecimal(day[1]), new BigDecimal(day[1]).multiply(new BigDecimal("3.00")), "USD", null,
                    new Subject("Snowflake", "sf", "ACME", null, null, null, null, null, null, null, null, null));
            List<Allocation> out = new java.util.ArrayList<>(OWNER_IDLE.cloudServices(cs, List.of(q1, q2)));
            out.addAll(OWNER_IDLE.adjustment(adjustment, List.of(q1, q2)));
            Map<String, BigDecimal> net = out.stream().collect(Collectors.groupingBy(Allocation::team,
                    Collectors.reducing(BigDecimal.ZERO, Allocation::credits, BigDecimal::add)));
            if (day[2].equals("0")) {
                assertThat(net.values()).allMatch(v -> v.signum() == 0);
            } else {
                assertThat(net).containsEntry("finance", new BigDecimal("1.333333333"))
                        .containsEntry("growth", new BigDecimal("0.666666667"));
            }
            assertSumsToCharges(out, cs, adjustment);
        }
    }

    /**
     * A rule changed mid-month: the past keeps the rule in force then.
     *
     * <pre>
     * rule 7 v1 (from 2026-10-01 to 2026-10-15): tag team=growth -> growth
     * rule 7 v2 (from 2026-10-15):               tag team=growth -> product (the team was renamed)
     * a query on 10-10 -> growth (v1); a query on 10-20 -> product (v2)
     * </pre>
     */
    @Test
    void aMidMonthRuleChangeAppliesFromItsEffectiveDateOnly() {
        Match growth = match().queryTagKey("team").queryTagValue("growth").build();
        RuleBook rules = new RuleBook(List.of(
                new Rule(7, 1, 10, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 15), growth, "growth", null,
                        null),
                new Rule(7, 2, 10, LocalDate.of(2026, 10, 15), null, growth, "product", null, null)));
        SnowflakeAllocator allocator = new SnowflakeAllocator(rules, w -> IdlePolicy.OWNER);
        for (String[] c : new String[][] {{"2026-10-10", "growth", "1"}, {"2026-10-20", "product", "2"}}) {
            Instant h = Instant.parse(c[0] + "T10:00:00Z");
            Charge hour = new Charge(1, "WAREHOUSE_COMPUTE", h, h.plusSeconds(3600), new BigDecimal("1.000000000"),
                    new BigDecimal("3.00"), "USD", "1", warehouseSubject("ETL_WH"));
            List<Allocation> out = allocator.warehouseDay(List.of(hour), List.of(query("q", "XSMALL", 1, h,
                    h.plusSeconds(3600), "team=growth")));
            assertThat(out).singleElement().satisfies(a -> {
                assertThat(a.team()).isEqualTo(c[1]);
                assertThat(a.ruleVersion()).isEqualTo(Integer.valueOf(c[2]));
            });
        }
    }

    /**
     * With QUERY_ATTRIBUTION_HISTORY present, its credits are the weights and the rest of the meter is idle.
     *
     * <pre>
     * hour 10:00 ETL_WH metered 2.0 = 6.00 USD; q1 (finance) attributed 0.9, q2 (growth) attributed 0.3
     * -> finance 0.9 (2.70), growth 0.3 (0.90), idle 0.8 (2.40) to data-platform
     * </pre>
     */
    @Test
    void attributedCreditsAreTheWeightsWherePresent() {
        Charge hour = compute(1, "ETL_WH", at("10:00"), "2.000000000", "6.00");
        QueryUsage q1 = attributed(query("q1", "MEDIUM", 1, at("10:00"), at("10:20"), "team=finance"), "0.9");
        QueryUsage q2 = attributed(query("q2", "MEDIUM", 1, at("10:00"), at("10:20"), "team=growth"), "0.3");
        List<Allocation> out = OWNER_IDLE.warehouseDay(List.of(hour), List.of(q1, q2));
        assertThat(byTeam(out)).containsEntry("finance/COMPUTE", new BigDecimal("2.70"))
                .containsEntry("growth/COMPUTE", new BigDecimal("0.90"))
                .containsEntry("data-platform/IDLE", new BigDecimal("2.40"));
        assertThat(out).filteredOn(a -> a.category() == Category.COMPUTE)
                .allMatch(a -> a.method() == Method.ATTRIBUTION);
        assertSumsToCharges(out, hour);
    }

    // ---- fixtures

    static Match.Builder match() {
        return new Match.Builder();
    }

    static Instant at(String hhmm) {
        return Instant.parse(DAY + "T" + hhmm + ":00Z");
    }

    static Subject warehouseSubject(String warehouse) {
        return Subject.warehouse("sf", "ACME", warehouse);
    }

    static Charge compute(long id, String warehouse, Instant hour, String credits, String amount) {
        return new Charge(id, "WAREHOUSE_COMPUTE", hour, hour.plusSeconds(3600), new BigDecimal(credits),
                new BigDecimal(amount), "USD", "1", warehouseSubject(warehouse));
    }

    static QueryUsage query(String id, String size, int cluster, Instant from, Instant to, String tag) {
        return query(id, size, cluster, from, to, tag, "0");
    }

    static QueryUsage query(String id, String size, int cluster, Instant from, Instant to, String tag,
            String cloudServices) {
        return new QueryUsage(id, from, from, to, 1, size, "STANDARD", cluster, new BigDecimal(cloudServices), 0,
                null, "h-" + id, Subject.query("sf", "ACME", "ETL_WH", "ANALYTICS", "MARTS", "U", "R", tag));
    }

    static QueryUsage attributed(QueryUsage q, String credits) {
        return new QueryUsage(q.queryId(), q.start(), q.executionStart(), q.end(), q.warehouseId(), q.warehouseSize(),
                q.warehouseType(), q.cluster(), q.cloudServicesCredits(), q.accelerationBytes(),
                new BigDecimal(credits), q.parameterizedHash(), q.subject());
    }

    static Map<String, BigDecimal> byTeam(List<Allocation> out) {
        return out.stream().collect(Collectors.groupingBy(a -> a.team() + "/" + a.category(),
                Collectors.reducing(BigDecimal.ZERO, Allocation::amount, BigDecimal::add)));
    }

    static BigDecimal credits(List<Allocation> out, long chargeId, String team) {
        return out.stream().filter(a -> a.chargeId() == chargeId && team.equals(a.team())).map(Allocation::credits)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The invariant: each charge's shares sum to it exactly, in credits and in money. */
    static void assertSumsToCharges(List<Allocation> out, Charge... charges) {
        for (Charge c : charges) {
            List<Allocation> mine = out.stream().filter(a -> a.chargeId() == c.id()).toList();
            assertThat(mine).as("charge %d has shares", c.id()).isNotEmpty();
            assertThat(mine.stream().map(Allocation::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .as("money of charge %d", c.id()).isEqualByComparingTo(c.amount());
            assertThat(mine.stream().map(Allocation::credits).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .as("credits of charge %d", c.id()).isEqualByComparingTo(c.credits());
        }
    }
}
