package io.ledgerhouse.advise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.advise.engine.SlotCapacityReplay.Candidate;
import io.ledgerhouse.advise.engine.SlotCapacityReplay.Commitment;
import io.ledgerhouse.advise.engine.SlotCapacityReplay.EditionPrices;
import io.ledgerhouse.advise.engine.SlotCapacityReplay.Minute;
import io.ledgerhouse.advise.engine.SlotCapacityReplay.Outcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of the BigQuery capacity replay, costs computed by hand. US list prices per slot-hour: Standard
 * 0.04; Enterprise 0.06 (1-year 0.048, 3-year 0.036); Enterprise Plus 0.10 (0.08, 0.06).
 *
 * <pre>
 * five minutes from 10:00       m0          m1          m2   m3   m4
 * slot-ms used                  6,000,000   3,000,000   0    0    12,000,000
 * demand (slot-ms / 60,000)     100         50          0    0    200
 * </pre>
 */
class SlotCapacityReplayTest {

    static final Instant T0 = Instant.parse("2026-11-10T10:00:00Z");
    static final EditionPrices STANDARD = new EditionPrices(new BigDecimal("0.04"), null, null);
    static final EditionPrices ENTERPRISE = new EditionPrices(new BigDecimal("0.06"), new BigDecimal("0.048"),
            new BigDecimal("0.036"));
    static final EditionPrices ENTERPRISE_PLUS = new EditionPrices(new BigDecimal("0.10"), new BigDecimal("0.08"),
            new BigDecimal("0.06"));
    static final BigQueryCapacityAdvisor.Editions EDITIONS = new BigQueryCapacityAdvisor.Editions(STANDARD,
            ENTERPRISE, ENTERPRISE_PLUS);
    static final List<Minute> FIVE = List.of(new Minute(T0, 6_000_000), new Minute(T0.plusSeconds(60), 3_000_000),
            new Minute(T0.plusSeconds(240), 12_000_000));

    /**
     * <pre>
     * Enterprise, baseline 0, autoscale to 200
     * step (50s above demand)   100   50    0    0    200
     * billed (60 s hold: at least the previous minute's step)
     *                           100   100   50   0    200   = 450 slot-minutes
     * cost = 450 x 0.06 / 60 = 0.45
     * </pre>
     */
    @Test
    void autoscalingBillsFiftySlotStepsHeldIntoTheNextMinute() {
        Outcome o = replay(new Candidate("ENTERPRISE", 0, 200, Commitment.NONE), ENTERPRISE);
        assertThat(o.baselineSlotMinutes()).isZero();
        assertThat(o.autoscaleSlotMinutes()).isEqualTo(450);
        assertThat(o.cost()).isEqualByComparingTo("0.45");
        assertThat(o.shortMinutes()).isZero();
    }

    /**
     * <pre>
     * Enterprise, baseline 100, autoscale to 100 more
     * baseline 5 x 100 = 500 slot-minutes, used or not
     * demand above baseline      0     0     0    0    100  -> billed 100 slot-minutes
     * pay as you go: (500 + 100) x 0.06 / 60            = 0.60
     * baseline on a 1-year commitment: (500 x 0.048 + 100 x 0.06) / 60 = (24 + 6) / 60 = 0.50
     * </pre>
     */
    @Test
    void theBaselineIsAlwaysBilledAndACommitmentPricesOnlyTheBaseline() {
        assertThat(replay(new Candidate("ENTERPRISE", 100, 100, Commitment.NONE), ENTERPRISE).cost())
                .isEqualByComparingTo("0.60");
        Outcome committed = replay(new Candidate("ENTERPRISE", 100, 100, Commitment.ONE_YEAR), ENTERPRISE);
        assertThat(committed.baselineSlotMinutes()).isEqualTo(500);
        assertThat(committed.autoscaleSlotMinutes()).isEqualTo(100);
        assertThat(committed.cost()).isEqualByComparingTo("0.50");
    }

    /**
     * <pre>
     * Standard (no baseline), autoscale to 1,600: the same 450 slot-minutes as the first example
     * cost = 450 x 0.04 / 60 = 0.30
     * </pre>
     */
    @Test
    void standardEditionAutoscalesAtItsOwnPrice() {
        assertThat(replay(new Candidate("STANDARD", 0, 1_600, Commitment.NONE), STANDARD).cost())
                .isEqualByComparingTo("0.30");
    }

    /**
     * <pre>
     * Enterprise, baseline 0, autoscale capped at 100: m4 wants 200, gets 100 (a short minute; jobs would queue)
     * billed                    100   100   50   0    100   = 350 slot-minutes -> 350 x 0.06 / 60 = 0.35
     * </pre>
     */
    @Test
    void demandAboveTheMaximumIsAShortMinute() {
        Outcome o = replay(new Candidate("ENTERPRISE", 0, 100, Commitment.NONE), ENTERPRISE);
        assertThat(o.autoscaleSlotMinutes()).isEqualTo(350);
        assertThat(o.cost()).isEqualByComparingTo("0.35");
        assertThat(o.shortMinutes()).isEqualTo(1);
    }

    /**
     * <pre>
     * one slot-ms more in m0: 6,000,001 slot-ms = 100.00002 slots -> 101 slots -> step 150
     * billed                    150   150   50   0    200   = 550 slot-minutes -> 550 x 0.06 / 60 = 0.55
     * </pre>
     */
    @Test
    void aFractionOfASlotTakesAWholeStep() {
        List<Minute> usage = List.of(new Minute(T0, 6_000_001), new Minute(T0.plusSeconds(60), 3_000_000),
                new Minute(T0.plusSeconds(240), 12_000_000));
        Outcome o = SlotCapacityReplay.replay(usage, T0, T0.plusSeconds(300), new Candidate("ENTERPRISE", 0, 200,
                Commitment.NONE), ENTERPRISE);
        assertThat(o.autoscaleSlotMinutes()).isEqualTo(550);
        assertThat(o.cost()).isEqualByComparingTo("0.55");
    }

    /**
     * A steady day: 100 slots every minute of 24 hours, billed 200.00 on demand.
     *
     * <pre>
     * Standard, autoscale 100 every minute:   144,000 slot-minutes x 0.04 / 60 =  96.00
     * Enterprise pay as you go, baseline 100: 144,000 x 0.06 / 60              = 144.00
     * Enterprise, baseline 100, 1-year:       144,000 x 0.048 / 60             = 115.20
     * Enterprise, baseline 100, 3-year:       144,000 x 0.036 / 60             =  86.40  (cheapest)
     * Enterprise Plus, baseline 100, 3-year:  144,000 x 0.06 / 60              = 144.00
     * saving = 200.00 - 86.40 = 113.60 a day; a month (365.25 / 12 = 30.4375 days) 113.60 x 30.4375 = 3,457.70
     * break-even of the 3-year commitment: 0.036 / 0.06 = 60.0% of minutes in demand; here 100%
     * </pre>
     */
    @Test
    void aSteadyDayIsCheapestOnACommittedBaseline() {
        List<Minute> usage = new ArrayList<>();
        for (int m = 0; m < 1440; m++) {
            usage.add(new Minute(T0.plusSeconds(60L * m), 6_000_000));
        }
        AnalysisPeriod day = new AnalysisPeriod(T0, T0.plusSeconds(86_400));
        BigQueryCapacityAdvisor.Study study = BigQueryCapacityAdvisor.study("fx-proj", day, usage,
                new BigDecimal("200.00"), new BigDecimal("200.00"), "on-demand", EDITIONS);
        assertThat(study.best().candidate()).isEqualTo(new Candidate("ENTERPRISE", 100, 50, Commitment.THREE_YEAR));
        assertThat(study.best().cost()).isEqualByComparingTo("86.40");
        assertThat(cost(study, "STANDARD", 0, Commitment.NONE)).isEqualByComparingTo("96.00");
        assertThat(cost(study, "ENTERPRISE", 100, Commitment.NONE)).isEqualByComparingTo("144.00");
        assertThat(cost(study, "ENTERPRISE", 100, Commitment.ONE_YEAR)).isEqualByComparingTo("115.20");
        assertThat(cost(study, "ENTERPRISE_PLUS", 100, Commitment.THREE_YEAR)).isEqualByComparingTo("144.00");
        assertThat(study.peakSlots()).isEqualTo(100);

        Optional<ObjectRecommendation> advice = BigQueryCapacityAdvisor.advise(study, "USD", EDITIONS);
        assertThat(advice).isPresent();
        ObjectRecommendation r = advice.get();
        assertThat(r.kind()).isEqualTo("BIGQUERY_CAPACITY");
        assertThat(r.monthlySavingsMoney()).isEqualByComparingTo("3457.70");
        assertThat(r.proposedValue()).contains("ENTERPRISE, baseline 100 slots (3-year commitment)");
        assertThat(r.evidence().figures()).anySatisfy(f -> {
            assertThat(f.name()).startsWith("commitment break-even");
            assertThat(f.value()).isEqualByComparingTo("60.0");
        });
        assertThat(r.confidence().level()).isEqualTo(Recommendation.Level.LOW);
        assertThat(r.sql()).contains("slot_capacity = 100");

        // what the period cost is already within 10% of the best replay: no advice
        assertThat(BigQueryCapacityAdvisor.advise(BigQueryCapacityAdvisor.study("fx-proj", day, usage,
                new BigDecimal("200.00"), new BigDecimal("90.00"), "reservation", EDITIONS), "USD", EDITIONS))
                .isEmpty();
    }

    /**
     * The steady day again, as the usage of reservation adm:US.prod (Enterprise, baseline 300, autoscale up to 100
     * more), charged 432.00 for the day (300 slots x 24 h x 0.06): the same cheapest candidate, 86.40, saves
     * 345.60 a day, 345.60 x 30.4375 = 10,519.20 a month; the statements buy the 3-year commitment and change the
     * reservation in place (same edition).
     */
    @Test
    void aReservationIsAdvisedOnItsOwnWithTheStatementsThatChangeIt() {
        List<Minute> usage = new ArrayList<>();
        for (int m = 0; m < 1440; m++) {
            usage.add(new Minute(T0.plusSeconds(60L * m), 6_000_000));
        }
        AnalysisPeriod day = new AnalysisPeriod(T0, T0.plusSeconds(86_400));
        BigQueryCapacityAdvisor.Study study = BigQueryCapacityAdvisor.study("adm", "us", "adm:US.prod", "prod",
                "ENTERPRISE", day, usage, new BigDecimal("200.00"), new BigDecimal("432.00"),
                "ENTERPRISE, baseline 300 slots, autoscale up to 100 more", EDITIONS);
        ObjectRecommendation r = BigQueryCapacityAdvisor.advise(study, "USD", EDITIONS).orElseThrow();
        assertThat(r.kind()).isEqualTo(BigQueryCapacityAdvisor.RESERVATION_KIND);
        assertThat(r.targetType()).isEqualTo("reservation");
        assertThat(r.target()).isEqualTo("adm:US.prod");
        assertThat(r.monthlySavingsMoney()).isEqualByComparingTo("10519.20");
        assertThat(r.sql()).isEqualTo("CREATE CAPACITY `adm.region-us.ledgerhouse-commitment` OPTIONS (slot_count = "
                + "100, plan = 'THREE_YEAR', edition = 'ENTERPRISE');\nALTER RESERVATION `adm.region-us.prod` SET "
                + "OPTIONS (slot_capacity = 100, autoscale_max_slots = 50);");
    }

    private static BigDecimal cost(BigQueryCapacityAdvisor.Study s, String edition, int baseline, Commitment c) {
        return s.outcomes().stream().filter(o -> o.candidate().edition().equals(edition)
                && o.candidate().baselineSlots() == baseline && o.candidate().commitment() == c).findFirst()
                .orElseThrow().cost();
    }

    private static Outcome replay(Candidate c, EditionPrices prices) {
        return SlotCapacityReplay.replay(FIVE, T0, T0.plusSeconds(300), c, prices);
    }
}
