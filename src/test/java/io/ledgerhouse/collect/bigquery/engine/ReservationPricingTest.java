package io.ledgerhouse.collect.bigquery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.collect.bigquery.engine.BigQueryUsage.CommitmentChange;
import io.ledgerhouse.collect.bigquery.engine.BigQueryUsage.ReservationMinute;
import io.ledgerhouse.domain.ChargeRow;
import io.ledgerhouse.domain.FocusColumn;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Reservation-hours priced with capacity commitments (US list prices: Enterprise 0.06, 1-year 0.048, 3-year 0.036). */
class ReservationPricingTest {

    static final Instant H = Instant.parse("2026-11-05T10:00:00Z");

    static ReservationMinute minute(String reservation, int minute, long baseline, long autoscaleSlots) {
        return new ReservationMinute("adm:US." + reservation, reservation, "adm", "us", "ENTERPRISE",
                H.plusSeconds(60L * minute), baseline * 60 + autoscaleSlots * 60);
    }

    static CommitmentChange change(String id, Instant at, String action, String plan, long slots) {
        return new CommitmentChange(id, "adm", "us", at, action, plan, "ACTIVE", slots, "ENTERPRISE");
    }

    /**
     * One hour of pool adm/us/ENTERPRISE with a 150-slot annual commitment (0.048) all hour:
     *
     * <pre>
     * minutes  prod (baseline 100)   dev (baseline 0)   S (slot-s)  K (slot-s)  covered          pay-as-you-go  unused
     * 0-9      +100 autoscaled       -                  12,000      9,000       9,000 prod       3,000 prod     0
     * 10-29    -                     -                   6,000      9,000       6,000 prod       0              3,000
     * 30-39    -                     +50 autoscaled      9,000      9,000       6,000 prod,      0              0
     *                                                                           3,000 dev
     * 40-59    -                     -                   6,000      9,000       6,000 prod       0              3,000
     *
     * prod: covered 90,000 + 120,000 + 60,000 + 120,000 = 390,000 slot-s; pay-as-you-go 30,000 slot-s
     *       390,000 x 0.048 / 3600 + 30,000 x 0.06 / 3600 = 5.20 + 0.50 = 5.70   (all pay-as-you-go it was 7.00)
     * dev:  30,000 x 0.048 / 3600 = 0.40                                          (it was 0.50)
     * unused commitment: (20 + 20) x 3,000 = 120,000 slot-s x 0.048 / 3600 = 1.60
     * total 7.70 = the commitment's hour, 150 x 0.048 = 7.20, + the uncovered 30,000 slot-s x 0.06 / 3600 = 0.50
     * </pre>
     */
    @Test
    void committedSlotsAreBilledAtTheCommitmentPriceAndTheUnusedOnesAreTheirOwnCharge() {
        List<ReservationMinute> minutes = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            minutes.add(minute("prod", m, 100, m < 10 ? 100 : 0));
            if (m >= 30 && m < 40) {
                minutes.add(minute("dev", m, 0, 50));
            }
        }
        ReservationPricing.Priced priced = ReservationPricing.price(minutes, List.of(change("cc-1",
                H.minusSeconds(86_400), "CREATE", "ANNUAL", 150)), r -> PriceSheet.US_LIST);

        assertThat(priced.reservations()).extracting(ReservationPricing.ReservationHourCost::reservationName,
                r -> r.cost().stripTrailingZeros().toPlainString(), r -> r.committedSlotSeconds().intValue(),
                ReservationPricing.ReservationHourCost::slotSeconds)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dev", "0.4", 30_000, 30_000L),
                        org.assertj.core.groups.Tuple.tuple("prod", "5.7", 390_000, 420_000L));
        assertThat(priced.unused()).singleElement().satisfies(u -> {
            assertThat(u.cost()).isEqualByComparingTo("1.60");
            assertThat(u.slotSeconds()).isEqualByComparingTo("120000");
            assertThat(u.commitments()).containsExactly("cc-1");
        });

        List<ChargeRow> charges = BigQueryCharges.reservations("bq", priced, "USD");
        assertThat(charges).extracting(ChargeRow::billedCost).usingComparatorForType(BigDecimal::compareTo,
                BigDecimal.class).containsExactly(new BigDecimal("0.40"), new BigDecimal("5.70"),
                        new BigDecimal("1.60"));
        ChargeRow prod = charges.get(1);
        assertThat(prod.value(FocusColumn.LIST_COST)).isEqualTo("7.0000000000"); // 420,000 x 0.06 / 3600
        assertThat(prod.value(FocusColumn.COMMITMENT_DISCOUNT_ID)).isEqualTo("cc-1");
        assertThat(prod.value(FocusColumn.COMMITMENT_DISCOUNT_STATUS)).isEqualTo("Used");
        ChargeRow unused = charges.get(2);
        assertThat(unused.value(FocusColumn.SKU_ID)).isEqualTo("COMMITMENT_UNUSED");
        assertThat(unused.value(FocusColumn.COMMITMENT_DISCOUNT_STATUS)).isEqualTo("Unused");
        assertThat(unused.value(FocusColumn.RESOURCE_ID)).isEqualTo("adm:us/commitments/ENTERPRISE");
        assertThat(unused.value(FocusColumn.PRICING_QUANTITY)).isEqualTo("33.33333333333333333333333333333333");
    }

    /**
     * A 3-year commitment of 100 slots ends (DELETE) at 10:30:30, in the middle of minute 30; the reservation holds a
     * 100-slot baseline all hour (6,000 slot-s a minute):
     *
     * <pre>
     * minutes 0-29: covered 6,000 x 30 = 180,000 at 0.036             -> 1.80
     * minute 30:    covered 100 x 30 s = 3,000 at 0.036, 3,000 at 0.06 -> 0.03 + 0.05
     * minutes 31-59: 6,000 x 29 = 174,000 at 0.06                       -> 2.90
     * total 4.78; nothing unused
     * </pre>
     */
    @Test
    void aCommitmentEndingInsideAMinuteCoversItsSecondsOnly() {
        List<ReservationMinute> minutes = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            minutes.add(minute("prod", m, 100, 0));
        }
        ReservationPricing.Priced priced = ReservationPricing.price(minutes, List.of(
                change("cc-3", H.minusSeconds(3_600), "CREATE", "THREE_YEAR", 100),
                change("cc-3", H.plusSeconds(30 * 60 + 30), "DELETE", "THREE_YEAR", 100)), r -> PriceSheet.US_LIST);
        assertThat(priced.reservations()).singleElement().satisfies(r -> {
            assertThat(r.cost()).isEqualByComparingTo("4.78");
            assertThat(r.committedSlotSeconds()).isEqualByComparingTo("183000");
        });
        assertThat(priced.unused()).isEmpty();
    }

    @Test
    void withoutCommitmentsEverySlotIsPayAsYouGoAndFlatRatePlansAreLeftOut() {
        List<ReservationMinute> minutes = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            minutes.add(minute("prod", m, 100, 25)); // 7,500 slot-s a minute, 450,000 in the hour = 125 slot-hours
        }
        ReservationPricing.Priced priced = ReservationPricing.price(minutes, List.of(
                change("flex", H.minusSeconds(3_600), "CREATE", "FLEX", 500)), r -> PriceSheet.US_LIST);
        assertThat(priced.reservations()).singleElement().satisfies(r -> assertThat(r.cost())
                .isEqualByComparingTo("7.50"));
        assertThat(priced.unused()).isEmpty();
    }

    /**
     * Property: a pool's charges (reservation-hours plus unused commitment-hours) are its committed slot-seconds at
     * their plans' prices plus its uncovered slot-seconds at pay-as-you-go, minute by minute, up to the 10-decimal
     * rounding of each charge; and the committed slot-seconds used plus unused are all the committed slot-seconds.
     */
    @RepeatedTest(30)
    void chargesAreTheCommitmentsPlusTheUncoveredSlots() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        int hours = 1 + random.nextInt(3);
        List<ReservationMinute> minutes = new ArrayList<>();
        String[] reservations = {"a", "b", "c"};
        for (int m = 0; m < hours * 60; m++) {
            for (String r : reservations) {
                if (random.nextInt(4) > 0) {
                    minutes.add(minute(r, m, random.nextInt(3) * 50, random.nextInt(5) * 50));
                }
            }
        }
        List<CommitmentChange> changes = new ArrayList<>();
        for (int c = 0; c < 1 + random.nextInt(3); c++) {
            Instant start = H.plusSeconds(random.nextInt(hours * 3600) - 1800);
            changes.add(change("cc" + c, start, "CREATE", random.nextBoolean() ? "ANNUAL" : "THREE_YEAR",
                    50L * (1 + random.nextInt(4))));
            if (random.nextBoolean()) {
                changes.add(change("cc" + c, start.plusSeconds(random.nextInt(7200)), "DELETE", "ANNUAL", 0));
            }
        }
        ReservationPricing.Priced priced = ReservationPricing.price(minutes, changes, r -> PriceSheet.US_LIST);

        // the expectation, minute by minute from the first to the last minute of the pool
        List<ReservationPricing.Interval> intervals = ReservationPricing.intervals(changes, r -> PriceSheet.US_LIST);
        BigDecimal expected = BigDecimal.ZERO;
        BigDecimal committedAll = BigDecimal.ZERO;
        Instant first = minutes.stream().map(ReservationMinute::minute).min(Instant::compareTo).orElseThrow();
        Instant last = minutes.stream().map(ReservationMinute::minute).max(Instant::compareTo).orElseThrow();
        for (Instant m = first; !m.isAfter(last); m = m.plusSeconds(60)) {
            Instant at = m;
            long s = minutes.stream().filter(x -> x.minute().equals(at)).mapToLong(ReservationMinute::slotSeconds).sum();
            BigDecimal k = BigDecimal.ZERO;
            for (ReservationPricing.Interval i : intervals) {
                long from = Math.max(i.from().toEpochMilli(), m.toEpochMilli());
                long to = Math.min(i.to() == Instant.MAX ? Long.MAX_VALUE : i.to().toEpochMilli(),
                        m.plusSeconds(60).toEpochMilli());
                if (to > from) {
                    BigDecimal slotSeconds = BigDecimal.valueOf(i.slots() * (to - from)).movePointLeft(3);
                    k = k.add(slotSeconds);
                    expected = expected.add(slotSeconds.multiply(i.slotHourPrice()));
                }
            }
            committedAll = committedAll.add(k);
            expected = expected.add(BigDecimal.valueOf(s).subtract(k).max(BigDecimal.ZERO).multiply(new BigDecimal(
                    "0.06")));
        }
        expected = expected.divide(BigDecimal.valueOf(3600), 10, RoundingMode.HALF_UP);
        BigDecimal charged = priced.reservations().stream().map(ReservationPricing.ReservationHourCost::cost)
                .reduce(BigDecimal.ZERO, BigDecimal::add).add(priced.unused().stream()
                        .map(ReservationPricing.UnusedCommitmentHour::cost).reduce(BigDecimal.ZERO, BigDecimal::add));
        int charges = priced.reservations().size() + priced.unused().size();
        assertThat(charged.subtract(expected).abs()).as("seed " + seed).isLessThanOrEqualTo(
                new BigDecimal("0.5E-10").multiply(BigDecimal.valueOf(charges + 1)));
        BigDecimal committedUsed = priced.reservations().stream().map(
                ReservationPricing.ReservationHourCost::committedSlotSeconds).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal committedUnused = priced.unused().stream().map(ReservationPricing.UnusedCommitmentHour::slotSeconds)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(committedUsed.add(committedUnused).subtract(committedAll).abs()).as("seed " + seed)
                .isLessThan(new BigDecimal("1E-20"));
        // every billed slot-second is in exactly one reservation-hour
        assertThat(priced.reservations().stream().mapToLong(ReservationPricing.ReservationHourCost::slotSeconds).sum())
                .isEqualTo(minutes.stream().mapToLong(ReservationMinute::slotSeconds).sum());
    }
}
