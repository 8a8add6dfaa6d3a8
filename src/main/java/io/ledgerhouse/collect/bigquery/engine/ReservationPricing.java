package io.ledgerhouse.collect.bigquery.engine;

import io.ledgerhouse.collect.bigquery.engine.BigQueryUsage.CommitmentChange;
import io.ledgerhouse.collect.bigquery.engine.BigQueryUsage.ReservationMinute;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Prices reservation slots with capacity commitments, per pool (admin project, region, edition) and minute:
 *
 * <ol>
 *   <li>K = the pool's committed slot-seconds in the minute: every ACTIVE 1- or 3-year commitment's slots x the
 *       seconds of the minute it was active (from a change to the commitment's next change; a DELETE ends it), each
 *       at its plan's slot-hour price. Committed slots are billed whether used or not.</li>
 *   <li>S = the billed slot-seconds of the pool's reservations in the minute (baseline x 60 + autoscaled slot-seconds,
 *       scaled slots, used or not).</li>
 *   <li>covered = min(S, K) is billed through the commitments (at their mean price in the minute); S - covered at the
 *       edition's pay-as-you-go price; K - covered, the committed slots no reservation holds, is unused
 *       commitment.</li>
 *   <li>A reservation's share of the covered slot-seconds is its share of S.</li>
 * </ol>
 *
 * Summed per reservation and hour (and per pool and hour for the unused commitment), amounts rounded to 10 decimals.
 * Without commitments every slot-second is pay-as-you-go, as before. Commitment plans other than ANNUAL and
 * THREE_YEAR (flat-rate FLEX, MONTHLY, TRIAL) carry no edition price and are left out.
 */
public final class ReservationPricing {

    private static final MathContext PRECISION = MathContext.DECIMAL128;
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private ReservationPricing() {
    }

    /**
     * A reservation's hour: its billed slot-seconds, the part of them on commitments, and their cost (committed part
     * at the commitments' price, the rest at {@code payAsYouGoSlotHour}).
     */
    public record ReservationHourCost(String reservationId, String reservationName, String adminProject,
            String region, String edition, Instant hour, long slotSeconds, BigDecimal committedSlotSeconds,
            BigDecimal payAsYouGoSlotHour, BigDecimal cost, List<String> commitments) {
    }

    /** Committed slot-seconds of a pool's hour no reservation held, at the commitments' price. */
    public record UnusedCommitmentHour(String adminProject, String region, String edition, Instant hour,
            BigDecimal slotSeconds, BigDecimal cost, List<String> commitments) {
    }

    public record Priced(List<ReservationHourCost> reservations, List<UnusedCommitmentHour> unused) {
    }

    /** One commitment's stretch at one size and plan: [from, to). */
    record Interval(String commitmentId, String adminProject, String region, String edition, Instant from, Instant to,
            long slots, BigDecimal slotHourPrice) {
    }

    /** The ACTIVE stretches of the commitments that carry an edition price. */
    static List<Interval> intervals(List<CommitmentChange> changes, Function<String, PriceSheet> prices) {
        Map<String, List<CommitmentChange>> byCommitment = new TreeMap<>();
        for (CommitmentChange c : changes) {
            byCommitment.computeIfAbsent(c.commitmentId(), k -> new ArrayList<>()).add(c);
        }
        List<Interval> out = new ArrayList<>();
        for (List<CommitmentChange> list : byCommitment.values()) {
            // a DELETE at the same instant as another change of the commitment comes last
            list.sort(Comparator.comparing(CommitmentChange::at).thenComparing(c -> "DELETE".equalsIgnoreCase(
                    c.action())));
            for (int i = 0; i < list.size(); i++) {
                CommitmentChange c = list.get(i);
                if ("DELETE".equalsIgnoreCase(c.action()) || !"ACTIVE".equalsIgnoreCase(c.state()) || c.slots() <= 0) {
                    continue;
                }
                PriceSheet.Commitment plan = switch (c.plan() == null ? "" : c.plan().toUpperCase(Locale.ROOT)) {
                    case "ANNUAL" -> PriceSheet.Commitment.ONE_YEAR;
                    case "THREE_YEAR" -> PriceSheet.Commitment.THREE_YEAR;
                    default -> null;
                };
                BigDecimal price = plan == null ? null : prices.apply(c.region() == null ? "us" : c.region())
                        .slotHour(c.edition(), plan);
                if (price == null) {
                    continue;
                }
                Instant to = i + 1 < list.size() ? list.get(i + 1).at() : Instant.MAX;
                if (to.isAfter(c.at())) {
                    out.add(new Interval(c.commitmentId(), c.adminProject(), c.region(), edition(c.edition()), c.at(),
                            to, c.slots(), price));
                }
            }
        }
        return out;
    }

    private static String edition(String e) {
        return e == null ? "ENTERPRISE" : e.toUpperCase(Locale.ROOT).replace(' ', '_');
    }

    private static final class HourAccumulator {
        final ReservationMinute first;
        long slotSeconds;
        BigDecimal committed = BigDecimal.ZERO;
        /** slot-seconds x slot-hour price; / 3600 is money. */
        BigDecimal weighted = BigDecimal.ZERO;
        final TreeSet<String> commitments = new TreeSet<>();

        HourAccumulator(ReservationMinute first) {
            this.first = first;
        }
    }

    private static final class UnusedAccumulator {
        BigDecimal slotSeconds = BigDecimal.ZERO;
        BigDecimal weighted = BigDecimal.ZERO;
        final TreeSet<String> commitments = new TreeSet<>();
    }

    /**
     * Prices {@code minutes} (a pool's minutes are walked from its first collected minute to its last, so committed
     * minutes without a reservation row are unused commitment too) with the commitments of {@code changes}. The
     * reservation-hours plus the unused commitment-hours are, before rounding, exactly the committed slot-seconds at
     * their plans' prices plus the uncovered slot-seconds at pay-as-you-go.
     */
    public static Priced price(List<ReservationMinute> minutes, List<CommitmentChange> changes,
            Function<String, PriceSheet> sheets) {
        // a region's price sheet is looked up once, not for every reservation-minute
        Map<String, PriceSheet> bySheet = new java.util.HashMap<>();
        Function<String, PriceSheet> prices = region -> bySheet.computeIfAbsent(region, sheets);
        List<Interval> intervals = intervals(changes, prices);
        // pool -> minute -> the reservations' rows
        Map<String, TreeMap<Instant, List<ReservationMinute>>> pools = new TreeMap<>();
        for (ReservationMinute m : minutes) {
            pools.computeIfAbsent(m.adminProject() + "|" + m.region() + "|" + edition(m.edition()),
                    k -> new TreeMap<>()).computeIfAbsent(m.minute().truncatedTo(ChronoUnit.MINUTES),
                            k -> new ArrayList<>()).add(m);
        }
        Map<String, HourAccumulator> hours = new LinkedHashMap<>();
        Map<String, UnusedAccumulator> unused = new TreeMap<>();
        for (Map.Entry<String, TreeMap<Instant, List<ReservationMinute>>> pool : pools.entrySet()) {
            String[] key = pool.getKey().split("\\|", -1);
            List<Interval> mine = intervals.stream().filter(i -> i.adminProject().equals(key[0])
                    && (i.region() == null || i.region().equals(key[1])) && i.edition().equals(key[2])).toList();
            TreeMap<Instant, List<ReservationMinute>> byMinute = pool.getValue();
            for (Instant m = byMinute.firstKey(); !m.isAfter(byMinute.lastKey()); m = m.plusSeconds(60)) {
                List<ReservationMinute> rows = byMinute.getOrDefault(m, List.of());
                Instant end = m.plusSeconds(60);
                long committed = 0;
                BigDecimal committedWeighted = BigDecimal.ZERO;
                TreeSet<String> ids = new TreeSet<>();
                for (Interval i : mine) {
                    Instant from = i.from().isAfter(m) ? i.from() : m;
                    Instant to = i.to().isBefore(end) ? i.to() : end;
                    long overlap = to.isAfter(from) ? Duration.between(from, to).toMillis() : 0;
                    if (overlap > 0) {
                        // slot-milliseconds kept exact: a commitment may start or end inside a minute
                        BigDecimal slotSeconds = BigDecimal.valueOf(i.slots() * overlap).movePointLeft(3);
                        committed += i.slots() * overlap;
                        committedWeighted = committedWeighted.add(slotSeconds.multiply(i.slotHourPrice()));
                        ids.add(i.commitmentId());
                    }
                }
                BigDecimal k = BigDecimal.valueOf(committed).movePointLeft(3);
                long s = rows.stream().mapToLong(r -> Math.max(0, r.slotSeconds())).sum();
                BigDecimal covered = k.min(BigDecimal.valueOf(s));
                BigDecimal meanPrice = k.signum() == 0 ? BigDecimal.ZERO : committedWeighted.divide(k, PRECISION);
                for (ReservationMinute r : rows) {
                    long own = Math.max(0, r.slotSeconds());
                    BigDecimal share = s == 0 ? BigDecimal.ZERO : covered.multiply(BigDecimal.valueOf(own))
                            .divide(BigDecimal.valueOf(s), PRECISION);
                    Instant hour = m.truncatedTo(ChronoUnit.HOURS);
                    HourAccumulator h = hours.computeIfAbsent(r.reservationId() + "|" + hour,
                            x -> new HourAccumulator(new ReservationMinute(r.reservationId(), r.reservationName(),
                                    r.adminProject(), r.region(), r.edition(), hour, 0)));
                    BigDecimal payg = prices.apply(r.region()).slotHour(r.edition());
                    h.slotSeconds += own;
                    h.committed = h.committed.add(share);
                    h.weighted = h.weighted.add(share.multiply(meanPrice)).add(BigDecimal.valueOf(own).subtract(share)
                            .multiply(payg));
                    if (share.signum() > 0) {
                        h.commitments.addAll(ids);
                    }
                }
                BigDecimal idle = k.subtract(covered);
                if (idle.signum() > 0) {
                    UnusedAccumulator u = unused.computeIfAbsent(pool.getKey() + "|" + m.truncatedTo(ChronoUnit.HOURS),
                            x -> new UnusedAccumulator());
                    u.slotSeconds = u.slotSeconds.add(idle);
                    u.weighted = u.weighted.add(idle.multiply(meanPrice));
                    u.commitments.addAll(ids);
                }
            }
        }
        List<ReservationHourCost> out = new ArrayList<>();
        for (HourAccumulator h : hours.values()) {
            ReservationMinute f = h.first;
            out.add(new ReservationHourCost(f.reservationId(), f.reservationName(), f.adminProject(), f.region(),
                    f.edition(), f.minute(), h.slotSeconds, h.committed.round(PRECISION),
                    prices.apply(f.region()).slotHour(f.edition()), money(h.weighted), List.copyOf(h.commitments)));
        }
        out.sort(Comparator.comparing(ReservationHourCost::hour).thenComparing(ReservationHourCost::reservationId));
        List<UnusedCommitmentHour> idle = new ArrayList<>();
        unused.forEach((key, u) -> {
            String[] k = key.split("\\|", -1);
            idle.add(new UnusedCommitmentHour(k[0], k[1], k[2], Instant.parse(k[3]), u.slotSeconds, money(u.weighted),
                    List.copyOf(u.commitments)));
        });
        idle.sort(Comparator.comparing(UnusedCommitmentHour::hour).thenComparing(UnusedCommitmentHour::adminProject)
                .thenComparing(u -> Objects.toString(u.region(), "")).thenComparing(UnusedCommitmentHour::edition));
        return new Priced(out, idle);
    }

    /** slot-seconds x slot-hour price as money, to 10 decimals. */
    private static BigDecimal money(BigDecimal weighted) {
        return weighted.divide(SECONDS_PER_HOUR, 10, RoundingMode.HALF_UP);
    }
}
