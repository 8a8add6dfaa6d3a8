package io.ledgerhouse.advise.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a BigQuery workload's per-minute slot usage under an edition reservation (DOMAIN.md, "BigQuery capacity"):
 *
 * <ol>
 *   <li>A minute's demand is its jobs' slot-ms / 60,000, rounded up to whole slots.</li>
 *   <li>The baseline B is billed every minute of the period, used or not.</li>
 *   <li>Autoscaling adds slots in steps of 50 to cover the demand above B, at most the reservation's autoscale
 *       maximum; scaled slots are billed whether used or not.</li>
 *   <li>Scaled slots are kept at least 60 seconds: at minute resolution, a minute is billed at least the step the
 *       previous minute needed (slots added during a minute are still there into the next).</li>
 *   <li>Cost = baseline slot-minutes x the baseline's price (pay as you go, or a 1-/3-year commitment) + autoscaled
 *       slot-minutes x the pay-as-you-go price, each per slot-hour / 60. Demand above B + the maximum is not
 *       served in that minute (counted as short minutes; the jobs would queue).</li>
 * </ol>
 */
public final class SlotCapacityReplay {

    /** Autoscaling's step. */
    public static final int STEP = 50;
    /** Standard edition's largest reservation. */
    public static final int STANDARD_MAX = 1_600;

    private SlotCapacityReplay() {
    }

    /** One minute's slot usage (slot-milliseconds summed over the jobs running in it). */
    public record Minute(Instant start, long slotMs) {
    }

    /** A reservation setting to replay. */
    public record Candidate(String edition, int baselineSlots, int maxAutoscaleSlots, Commitment commitment) {
        @Override
        public String toString() {
            return edition + ", baseline " + baselineSlots + " slots" + (commitment == Commitment.NONE ? ""
                    : " (" + (commitment == Commitment.ONE_YEAR ? "1-year" : "3-year") + " commitment)")
                    + ", autoscale up to " + maxAutoscaleSlots + " more";
        }
    }

    /** How the baseline is bought. */
    public enum Commitment {
        NONE, ONE_YEAR, THREE_YEAR
    }

    /** Slot-hour prices of an edition: pay as you go, and per commitment (null where the edition has none). */
    public record EditionPrices(BigDecimal payAsYouGo, BigDecimal oneYear, BigDecimal threeYear) {
        BigDecimal baseline(Commitment c) {
            return switch (c) {
                case NONE -> payAsYouGo;
                case ONE_YEAR -> oneYear;
                case THREE_YEAR -> threeYear;
            };
        }
    }

    /** What a candidate would have cost over the period. */
    public record Outcome(Candidate candidate, long baselineSlotMinutes, long autoscaleSlotMinutes, BigDecimal cost,
            long shortMinutes) {
    }

    /** The demand of a minute in whole slots. */
    public static long slots(long slotMs) {
        return (slotMs + 59_999) / 60_000;
    }

    /** Replays {@code usage} over the minutes of [from, to) under {@code candidate}. */
    public static Outcome replay(List<Minute> usage, Instant from, Instant to, Candidate candidate,
            EditionPrices prices) {
        Map<Instant, Long> demand = new HashMap<>();
        for (Minute m : usage) {
            demand.merge(m.start().truncatedTo(ChronoUnit.MINUTES), m.slotMs(), Long::sum);
        }
        long minutes = Duration.between(from, to).toMinutes();
        long autoscaled = 0;
        long shortMinutes = 0;
        long previousStep = 0;
        Instant t = from.truncatedTo(ChronoUnit.MINUTES);
        for (long i = 0; i < minutes; i++, t = t.plusSeconds(60)) {
            long d = slots(demand.getOrDefault(t, 0L));
            long need = Math.max(0, d - candidate.baselineSlots());
            long step = Math.min(candidate.maxAutoscaleSlots(), (need + STEP - 1) / STEP * STEP);
            if (need > candidate.maxAutoscaleSlots()) {
                shortMinutes++;
            }
            autoscaled += Math.max(step, previousStep);
            previousStep = step;
        }
        long baseline = minutes * candidate.baselineSlots();
        BigDecimal slotMinuteCost = BigDecimal.valueOf(baseline).multiply(prices.baseline(candidate.commitment()))
                .add(BigDecimal.valueOf(autoscaled).multiply(prices.payAsYouGo()));
        BigDecimal cost = slotMinuteCost.divide(BigDecimal.valueOf(60), 10, RoundingMode.HALF_UP);
        return new Outcome(candidate, baseline, autoscaled, cost, shortMinutes);
    }
}
