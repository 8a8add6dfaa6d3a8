package io.ledgerhouse.allocate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.allocate.engine.Allocation.Category;
import io.ledgerhouse.allocate.engine.Allocation.Method;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of BigQuery allocation, on 2026-11-10, in USD. Rules: a job's label {@code team} names the team;
 * reservation {@code prod} is owned by platform (its idle line goes there).
 */
class BigQueryAllocatorTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 10);
    static final Instant HOUR = Instant.parse("2026-11-10T10:00:00Z");
    static final Rule LABEL_TEAM = new Rule(1, 1, 10, LocalDate.of(2026, 1, 1), null,
            new Match.Builder().tagKey("team").build(), "{tag.team}", null, null);
    static final Rule PROD_OWNER = new Rule(2, 1, 20, LocalDate.of(2026, 1, 1), null,
            new Match.Builder().warehouse("prod").build(), "platform", null, null);
    static final BigQueryAllocator ALLOCATOR = new BigQueryAllocator(new RuleBook(List.of(LABEL_TEAM, PROD_OWNER)));
    static final Subject PROD = new Subject("Google Cloud", "bq", "admin", "prod", null, null, null, null, "BigQuery",
            "admin:US.prod", null, null);

    /**
     * A reservation-hour with idle slots.
     *
     * <pre>
     * reservation prod, ENTERPRISE 0.06 USD per slot-hour, baseline 100 slots, no autoscaling in the hour
     * billed capacity C = 100 slot-hours = 360,000,000 slot-ms; charge = 100 x 0.06 = 6.00 USD
     * job a  team=growth   90,000,000 slot-ms (25 slot-hours)  -> 25/100 x 6.00 = 1.50
     * job b  team=finance  54,000,000 slot-ms (15 slot-hours)  ->            0.90
     * used = 144,000,000; idle = C - used = 216,000,000 (60 slot-hours) -> 3.60 on platform's idle line
     * 1.50 + 0.90 + 3.60 = 6.00
     * </pre>
     */
    @Test
    void aReservationHourIsSplitBySlotMsAndTheUnusedBilledSlotsAreIdle() {
        Charge hour = reservationHour(1, "6.00");
        List<Allocation> out = ALLOCATOR.reservationHour(hour, 360_000_000L, List.of(
                job("a", 90_000_000L, "growth"), job("b", 54_000_000L, "finance")), PROD);
        assertThat(byLine(out)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "growth/COMPUTE/SLOT_MS", new BigDecimal("1.50"), "finance/COMPUTE/SLOT_MS", new BigDecimal("0.90"),
                "platform/IDLE/IDLE_OWNER", new BigDecimal("3.60")));
        assertSumsTo(out, hour);
    }

    /**
     * Jobs that used more than was billed (idle slots of other reservations were lent to them).
     *
     * <pre>
     * capacity 360,000,000 slot-ms, charge 6.00; job a 300,000,000, job b 100,000,000 (sum 400,000,000 &gt; C)
     * no idle; 3 : 1 -> a 4.50, b 1.50
     * </pre>
     */
    @Test
    void jobsUsingMoreThanTheBilledSlotsLeaveNoIdle() {
        Charge hour = reservationHour(2, "6.00");
        List<Allocation> out = ALLOCATOR.reservationHour(hour, 360_000_000L, List.of(
                job("a", 300_000_000L, "growth"), job("b", 100_000_000L, "finance")), PROD);
        assertThat(byLine(out)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "growth/COMPUTE/SLOT_MS", new BigDecimal("4.50"), "finance/COMPUTE/SLOT_MS", new BigDecimal("1.50")));
        assertSumsTo(out, hour);
    }

    /**
     * An hour of odd money and three equal jobs plus idle: largest remainder keeps the sum.
     *
     * <pre>
     * charge 1.0000000001 (10 decimals, as reservation charges are rounded); capacity 4 units, 3 jobs of 1 unit each
     * each quarter is 0.250000000025: the jobs get 0.2500000000 each ... the remainders decide who gets the last units
     * whatever the split, the four parts sum to 1.0000000001
     * </pre>
     */
    @Test
    void roundedSharesStillSumToTheCharge() {
        Charge hour = reservationHour(3, "1.0000000001");
        List<Allocation> out = ALLOCATOR.reservationHour(hour, 4_000L, List.of(job("a", 1_000L, "x"),
                job("b", 1_000L, "y"), job("c", 1_000L, "z")), PROD);
        assertThat(out).hasSize(4);
        assertSumsTo(out, hour);
    }

    /** A reservation-hour without any job is idle as a whole, on the owner's line. */
    @Test
    void anHourWithoutJobsIsIdle() {
        Charge hour = reservationHour(4, "6.00");
        List<Allocation> out = ALLOCATOR.reservationHour(hour, 360_000_000L, List.of(), PROD);
        assertThat(byLine(out)).containsExactlyEntriesOf(Map.of("platform/IDLE/IDLE_OWNER", new BigDecimal("6.00")));
    }

    /**
     * On-demand jobs carry their own price.
     *
     * <pre>
     * 6.25 USD per TiB; job a 1 TiB (growth) 6.25; job b 0.5 TiB (finance) 3.125; job c 10 MiB (no label)
     * 10 MiB = 10 / 2^20 TiB = 0.0000095367431640625 TiB -> 0.000059604644775390625 USD
     * charge = 9.375059604644775390625 (exact); the shares are exactly each job's own price
     * </pre>
     */
    @Test
    void onDemandJobsCarryTheirOwnPrice() {
        Charge day = new Charge(5, "ON_DEMAND_QUERY", DAY.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                DAY.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), null,
                new BigDecimal("9.375059604644775390625"), "USD", "fx-proj", new Subject("Google Cloud", "bq",
                        "fx-proj", null, null, null, "ana@example.com", null, "BigQuery", "fx-proj", null, null));
        List<Allocation> out = ALLOCATOR.onDemand(day, List.of(job("a", 1L << 40, "growth", null),
                job("b", 1L << 39, "finance", null), job("c", 10L << 20, null, null)));
        assertThat(byLine(out)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "growth/COMPUTE/BYTES_BILLED", new BigDecimal("6.250000000000000000000"),
                "finance/COMPUTE/BYTES_BILLED", new BigDecimal("3.125000000000000000000"),
                "-/COMPUTE/BYTES_BILLED", new BigDecimal("0.000059604644775390625")));
        assertThat(out).filteredOn(a -> "c".equals(a.queryId())).singleElement()
                .satisfies(a -> assertThat(a.team()).as("no label, no rule: unallocated").isNull());
        assertSumsTo(out, day);
    }

    private static Charge reservationHour(long id, String amount) {
        return new Charge(id, "RESERVATION_SLOTS", HOUR, HOUR.plusSeconds(3600), null, new BigDecimal(amount), "USD",
                "admin:US.prod", PROD);
    }

    /** A job on reservation prod. */
    private static BigQueryJobUsage job(String id, long weight, String team) {
        return job(id, weight, team, "prod");
    }

    private static BigQueryJobUsage job(String id, long weight, String team, String reservation) {
        return new BigQueryJobUsage(id, HOUR.plusSeconds(60), weight, "h-" + id, new Subject("Google Cloud", "bq",
                "fx-proj", reservation, null, null, id + "@example.com", null, "BigQuery", id, null,
                team == null ? Map.of() : Map.of("team", team)));
    }

    private static Map<String, BigDecimal> byLine(List<Allocation> out) {
        Map<String, BigDecimal> m = new TreeMap<>();
        out.forEach(a -> m.merge((a.team() == null ? "-" : a.team()) + "/" + a.category() + "/" + a.method(),
                a.amount(), BigDecimal::add));
        return m;
    }

    private static void assertSumsTo(List<Allocation> out, Charge charge) {
        assertThat(out.stream().map(Allocation::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(charge.amount());
        assertThat(out).allMatch(a -> a.chargeId() == charge.id());
    }
}
