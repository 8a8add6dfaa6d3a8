package io.ledgerhouse.advise.engine;

import io.ledgerhouse.advise.engine.SlotCapacityReplay.Candidate;
import io.ledgerhouse.advise.engine.SlotCapacityReplay.Commitment;
import io.ledgerhouse.advise.engine.SlotCapacityReplay.EditionPrices;
import io.ledgerhouse.advise.engine.SlotCapacityReplay.Minute;
import io.ledgerhouse.advise.engine.SlotCapacityReplay.Outcome;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * BigQuery capacity advice for one project, or one reservation: its per-minute slot usage replayed under every candidate edition and
 * baseline ({@link SlotCapacityReplay}), against the on-demand cost of the same jobs and what the period actually
 * cost. Candidates: Standard (no baseline, autoscale to 1,600); Enterprise and Enterprise Plus with baselines from 0 in
 * steps of 50 up to the 95th percentile of the minutes' demand, each autoscaling to cover the peak, and, for a
 * baseline above 0, with the baseline bought on a 1- or 3-year commitment. A commitment's break-even is the share of
 * minutes its slots must be in demand for it to beat autoscaling them (its price / the pay-as-you-go price).
 */
public final class BigQueryCapacityAdvisor {

    public static final String KIND = "BIGQUERY_CAPACITY";
    /** The same advice for one reservation (its jobs' slot usage, its own charges). */
    public static final String RESERVATION_KIND = "BIGQUERY_RESERVATION_CAPACITY";
    /** No advice unless it saves at least this share of what the period cost. */
    static final BigDecimal MINIMUM_SAVINGS_SHARE = new BigDecimal("0.10");

    private BigQueryCapacityAdvisor() {
    }

    /** Prices of the three editions. */
    public record Editions(EditionPrices standard, EditionPrices enterprise, EditionPrices enterprisePlus) {
        EditionPrices of(String edition) {
            return switch (edition) {
                case "STANDARD" -> standard;
                case "ENTERPRISE_PLUS" -> enterprisePlus;
                default -> enterprise;
            };
        }
    }

    /**
     * Every candidate's outcome, cheapest first, with the on-demand and actual cost of the period. A project's study
     * has no reservation; a reservation's study names it (id, name, edition) and its admin project as
     * {@code project}.
     */
    public record Study(String project, String region, String reservation, String reservationName,
            String currentEdition, AnalysisPeriod period, BigDecimal onDemandCost, BigDecimal actualCost,
            String currentSetting, List<Outcome> outcomes, long peakSlots, long p95Slots,
            Map<Integer, Double> demandShareAtLeast) {

        public Outcome best() {
            return outcomes.get(0);
        }
    }

    /** Replays every candidate for a project. */
    public static Study study(String project, AnalysisPeriod period, List<Minute> usage, BigDecimal onDemandCost,
            BigDecimal actualCost, String currentSetting, Editions prices) {
        return study(project, null, null, null, null, period, usage, onDemandCost, actualCost, currentSetting, prices);
    }

    /**
     * Replays every candidate for a project or, with {@code reservation} set, for one reservation of admin project
     * {@code project} in {@code region} (its jobs' usage against its own charges).
     */
    public static Study study(String project, String region, String reservation, String reservationName,
            String currentEdition, AnalysisPeriod period, List<Minute> usage, BigDecimal onDemandCost,
            BigDecimal actualCost, String currentSetting, Editions prices) {
        long minutes = java.time.Duration.between(period.from(), period.to()).toMinutes();
        Map<java.time.Instant, Long> perMinute = new java.util.HashMap<>();
        usage.forEach(m -> perMinute.merge(m.start().truncatedTo(java.time.temporal.ChronoUnit.MINUTES), m.slotMs(),
                Long::sum));
        List<Long> demand = new ArrayList<>();
        perMinute.values().forEach(v -> demand.add(SlotCapacityReplay.slots(v)));
        while (demand.size() < minutes) {
            demand.add(0L);
        }
        demand.sort(Comparator.naturalOrder());
        long peak = demand.isEmpty() ? 0 : demand.get(demand.size() - 1);
        long p95 = demand.isEmpty() ? 0 : demand.get((int) Math.min(demand.size() - 1, Math.ceil(0.95 * demand.size())
                - 1));
        long peakStep = (peak + SlotCapacityReplay.STEP - 1) / SlotCapacityReplay.STEP * SlotCapacityReplay.STEP;
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(SlotCapacityReplay.replay(usage, period.from(), period.to(), new Candidate("STANDARD", 0,
                (int) Math.min(SlotCapacityReplay.STANDARD_MAX, Math.max(peakStep, SlotCapacityReplay.STEP)),
                Commitment.NONE), prices.standard()));
        Map<Integer, Double> share = new LinkedHashMap<>();
        long maxBaseline = (p95 + SlotCapacityReplay.STEP - 1) / SlotCapacityReplay.STEP * SlotCapacityReplay.STEP;
        for (String edition : List.of("ENTERPRISE", "ENTERPRISE_PLUS")) {
            for (long b = 0; b <= maxBaseline; b += SlotCapacityReplay.STEP) {
                int autoscale = (int) Math.max(SlotCapacityReplay.STEP, peakStep - b);
                for (Commitment c : b == 0 ? List.of(Commitment.NONE) : List.of(Commitment.values())) {
                    outcomes.add(SlotCapacityReplay.replay(usage, period.from(), period.to(),
                            new Candidate(edition, (int) b, autoscale, c), prices.of(edition)));
                }
                final long baseline = b;
                share.put((int) b, minutes == 0 ? 0 : demand.stream().filter(d -> d >= baseline).count()
                        / (double) minutes);
            }
        }
        outcomes.sort(Comparator.comparing(Outcome::cost).thenComparing(o -> o.candidate().baselineSlots()));
        return new Study(project, region, reservation, reservationName, currentEdition, period, onDemandCost,
                actualCost, currentSetting, outcomes, peak, p95, share);
    }

    /** The advice a study supports: the cheapest setting, when it saves enough against what the period cost. */
    public static Optional<ObjectRecommendation> advise(Study s, String currency, Editions prices) {
        Outcome best = s.best();
        boolean onDemandBest = s.onDemandCost().compareTo(best.cost()) <= 0;
        BigDecimal proposedCost = onDemandBest ? s.onDemandCost() : best.cost();
        BigDecimal saving = s.actualCost().subtract(proposedCost);
        if (s.actualCost().signum() <= 0 || saving.compareTo(s.actualCost().multiply(MINIMUM_SAVINGS_SHARE)) < 0) {
            return Optional.empty();
        }
        BigDecimal monthly = saving.multiply(BigDecimal.valueOf(s.period().monthlyFactor()))
                .setScale(2, RoundingMode.HALF_UP);
        List<Recommendation.Figure> figures = new ArrayList<>();
        figures.add(new Recommendation.Figure("cost of the period as billed", scale(s.actualCost()), currency));
        figures.add(new Recommendation.Figure("on-demand cost of the same jobs", scale(s.onDemandCost()), currency));
        figures.add(new Recommendation.Figure("replayed cost of the proposal", scale(proposedCost), currency));
        figures.add(Recommendation.Figure.of("peak demand", s.peakSlots(), "slots"));
        figures.add(Recommendation.Figure.of("95th percentile demand", s.p95Slots(), "slots"));
        if (!onDemandBest) {
            figures.add(Recommendation.Figure.of("short minutes (demand above baseline + autoscale)",
                    best.shortMinutes(), "minutes"));
        }
        List<String> assumptions = new ArrayList<>(List.of(
                "per-minute replay: demand is the minute's slot-ms / 60,000 rounded up; autoscaling adds 50-slot steps "
                        + "above the baseline and a minute is billed at least the previous minute's step (60-second "
                        + "hold); scaled slots are billed, not used ones",
                "on-demand cost is the jobs' bytes billed at the list price per TiB, without the monthly free TiB"));
        Candidate c = best.candidate();
        if (!onDemandBest && c.commitment() != Commitment.NONE) {
            EditionPrices p = prices.of(c.edition());
            BigDecimal price = c.commitment() == Commitment.ONE_YEAR ? p.oneYear() : p.threeYear();
            BigDecimal breakEven = price.divide(p.payAsYouGo(), 4, RoundingMode.HALF_UP);
            Double inDemand = s.demandShareAtLeast().get(c.baselineSlots());
            figures.add(new Recommendation.Figure("commitment break-even: share of minutes the committed slots must "
                    + "be in demand", breakEven.movePointRight(2).setScale(1, RoundingMode.HALF_UP), "%"));
            figures.add(Recommendation.Figure.of("share of minutes with demand at or above the baseline",
                    inDemand == null ? 0 : Math.round(inDemand * 1000) / 10.0, "%"));
            assumptions.add("a commitment is paid for its whole term (" + (c.commitment() == Commitment.ONE_YEAR
                    ? "1" : "3") + " year) whatever the usage; it pays off while demand stays as in the period");
        }
        Recommendation.Confidence confidence = s.period().days() >= 14
                ? new Recommendation.Confidence(Recommendation.Level.MEDIUM, "replay of " + Math.round(s.period()
                        .days()) + " days of per-minute slot usage; per-second bursts inside a minute are averaged")
                : new Recommendation.Confidence(Recommendation.Level.LOW, "only " + Math.round(s.period().days() * 10)
                        / 10.0 + " days of history");
        String proposed = onDemandBest ? "on-demand (no reservation)" : c.toString();
        String sql = onDemandBest ? null : s.reservation() == null ? "-- in the admin project's region, e.g.\n"
                + "CREATE RESERVATION `ADMIN_PROJECT.region-us.ledgerhouse-proposed` OPTIONS (edition = '" + c.edition()
                + "', slot_capacity = " + c.baselineSlots() + ", autoscale_max_slots = " + c.maxAutoscaleSlots() + ");"
                : reservationSql(s, c);
        if (s.reservation() != null && onDemandBest) {
            proposed = "on-demand (remove the reservation's assignments)";
        }
        return Optional.of(new ObjectRecommendation(s.reservation() == null ? KIND : RESERVATION_KIND,
                s.reservation() == null ? "project" : "reservation", s.reservation() == null ? s.project()
                        : s.reservation(), s.currentSetting(), proposed, monthly,
                currency, onDemandBest ? "no change: on-demand jobs get up to 2,000 slots each"
                        : best.shortMinutes() == 0 ? "every minute's demand is covered"
                        : best.shortMinutes() + " minutes would queue", new Recommendation.Evidence(s.period(),
                                figures), assumptions, Map.of(), confidence, sql));
    }

    /**
     * The statements for a reservation: its baseline and autoscale changed in place when the edition stays (editions
     * cannot be changed in place: otherwise a new reservation, to which the assignments move), preceded by the
     * commitment to buy, if any.
     */
    static String reservationSql(Study s, Candidate c) {
        String path = s.project() + ".region-" + (s.region() == null ? "us" : s.region());
        StringBuilder sql = new StringBuilder();
        if (c.commitment() != Commitment.NONE) {
            sql.append("CREATE CAPACITY `").append(path).append(".ledgerhouse-commitment` OPTIONS (slot_count = ")
                    .append(c.baselineSlots()).append(", plan = '").append(c.commitment() == Commitment.ONE_YEAR
                            ? "ANNUAL" : "THREE_YEAR").append("', edition = '").append(c.edition()).append("');\n");
        }
        String name = s.reservationName() == null ? "ledgerhouse-proposed" : s.reservationName();
        if (c.edition().equalsIgnoreCase(s.currentEdition() == null ? "" : s.currentEdition())) {
            sql.append("ALTER RESERVATION `").append(path).append('.').append(name.replace("`", "\\`"))
                    .append("` SET OPTIONS (slot_capacity = ").append(c.baselineSlots())
                    .append(", autoscale_max_slots = ").append(c.maxAutoscaleSlots()).append(");");
        } else {
            sql.append("-- the edition cannot be changed in place: a new reservation, then move the assignments\n")
                    .append("CREATE RESERVATION `").append(path).append(".ledgerhouse-proposed` OPTIONS (edition = '")
                    .append(c.edition()).append("', slot_capacity = ").append(c.baselineSlots())
                    .append(", autoscale_max_slots = ").append(c.maxAutoscaleSlots()).append(");");
        }
        return sql.toString();
    }

    private static BigDecimal scale(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }
}
