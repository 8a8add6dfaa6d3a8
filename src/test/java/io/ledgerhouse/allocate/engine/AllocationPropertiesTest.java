package io.ledgerhouse.allocate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.allocate.engine.SnowflakeAllocator.IdlePolicy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The allocation invariant over random warehouse-days: hours with random credits and prices (some with no query),
 * random queries (overlapping, spanning hours, on several clusters, some with attribution, some tagged for no rule),
 * every idle policy. For every charge the shares sum to it exactly; re-running gives the same shares; adding a rule
 * moves money between teams but never changes a charge's total.
 */
class AllocationPropertiesTest {

    static final Instant DAY = Instant.parse("2026-10-05T00:00:00Z");

    record Scenario(List<Charge> hours, List<QueryUsage> queries) {
    }

    static Scenario scenario(long seed, int hourCount, int queryCount) {
        Random r = new Random(seed);
        List<Charge> hours = new ArrayList<>();
        for (int h = 0; h < hourCount; h++) {
            Instant start = DAY.plusSeconds(3600L * r.nextInt(24));
            if (hours.stream().anyMatch(c -> c.start().equals(start))) {
                continue;
            }
            BigDecimal credits = BigDecimal.valueOf(r.nextInt(1_000_000_000), 9)
                    .multiply(BigDecimal.valueOf(1 + r.nextInt(8)));
            BigDecimal price = BigDecimal.valueOf(150 + r.nextInt(300), 2);
            hours.add(new Charge(h + 1, "WAREHOUSE_COMPUTE", start, start.plusSeconds(3600), credits,
                    credits.multiply(price).setScale(r.nextBoolean() ? 2 : 11, RoundingMode.HALF_UP), "USD", "1",
                    Subject.warehouse("sf", "ACME", "WH")));
        }
        List<QueryUsage> queries = new ArrayList<>();
        String[] teams = {"team=finance", "team=growth", "{\"team\":\"ml\"}", "", "unknown=1"};
        String[] sizes = {"XSMALL", "MEDIUM", "X-Large", "nonsense"};
        String size = sizes[r.nextInt(sizes.length)];
        for (int i = 0; i < queryCount; i++) {
            Instant start = DAY.plusMillis((long) (r.nextDouble() * 86_400_000L));
            Instant end = start.plusMillis((long) Math.exp(r.nextDouble() * 15));
            BigDecimal attributed = r.nextInt(3) == 0 ? BigDecimal.valueOf(r.nextInt(1_000_000), 9) : null;
            queries.add(new QueryUsage(String.format("q%05d", i), start, start, end, 1, size, "STANDARD",
                    1 + r.nextInt(3), BigDecimal.valueOf(r.nextInt(100_000), 9), r.nextInt(2) * r.nextInt(1000),
                    attributed, "p" + r.nextInt(5), Subject.query("sf", "ACME", "WH", "DB", "S", "U", "R",
                            teams[r.nextInt(teams.length)])));
        }
        return new Scenario(hours, queries);
    }

    static RuleBook rules(boolean extra) {
        List<Rule> rules = new ArrayList<>(List.of(
                new Rule(1, 1, 10, LocalDate.of(2026, 1, 1), null, new Match.Builder().queryTagKey("team").build(),
                        "{queryTag.team}", null, null),
                new Rule(2, 1, 20, LocalDate.of(2026, 1, 1), null, new Match.Builder().warehouse("WH").build(),
                        "platform", null, null)));
        if (extra) {
            rules.add(new Rule(3, 1, 5, LocalDate.of(2026, 1, 1), null, new Match.Builder().queryTagKey("unknown")
                    .build(), "newcomers", null, null));
        }
        return new RuleBook(rules);
    }

    @Property(tries = 300)
    void everyChargeIsAllocatedExactlyAndTheSameEveryTime(@ForAll @LongRange(min = 1) long seed,
            @ForAll @IntRange(min = 1, max = 24) int hourCount, @ForAll @IntRange(min = 0, max = 60) int queryCount,
            @ForAll IdlePolicy policy) {
        Scenario s = scenario(seed, hourCount, queryCount);
        List<Allocation> out = new SnowflakeAllocator(rules(false), w -> policy).warehouseDay(s.hours(), s.queries());
        SnowflakeAllocatorTest.assertSumsToCharges(out, s.hours().toArray(Charge[]::new));
        assertThat(out).allMatch(a -> a.amount() != null && a.credits() != null);

        List<Allocation> again = new SnowflakeAllocator(rules(false), w -> policy).warehouseDay(s.hours(),
                s.queries());
        assertThat(again).isEqualTo(out);

        List<Allocation> withRule = new SnowflakeAllocator(rules(true), w -> policy).warehouseDay(s.hours(),
                s.queries());
        SnowflakeAllocatorTest.assertSumsToCharges(withRule, s.hours().toArray(Charge[]::new));
        assertThat(total(withRule)).isEqualByComparingTo(total(out));
    }

    @Property(tries = 200)
    void cloudServicesAndAccelerationSharesSumToTheirCharges(@ForAll @LongRange(min = 1) long seed,
            @ForAll @IntRange(min = 0, max = 40) int queryCount, @ForAll boolean negative) {
        Scenario s = scenario(seed, 1, queryCount);
        Random r = new Random(seed);
        BigDecimal credits = BigDecimal.valueOf(r.nextInt(50_000_000), 9);
        if (negative) {
            credits = credits.negate();
        }
        Charge charge = new Charge(99, "CLOUD_SERVICES_ADJUSTMENT", DAY, DAY.plusSeconds(86_400), credits,
                credits.multiply(new BigDecimal("2.55")), "USD", null, Subject.warehouse("sf", "ACME", "WH"));
        SnowflakeAllocator allocator = new SnowflakeAllocator(rules(false), w -> IdlePolicy.OWNER);
        SnowflakeAllocatorTest.assertSumsToCharges(allocator.adjustment(charge, s.queries()), charge);
        SnowflakeAllocatorTest.assertSumsToCharges(allocator.acceleration(charge, s.queries()), charge);
    }

    private static BigDecimal total(List<Allocation> out) {
        return out.stream().map(Allocation::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
