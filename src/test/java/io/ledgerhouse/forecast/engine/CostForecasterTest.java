package io.ledgerhouse.forecast.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ledgerhouse.forecast.engine.SyntheticCosts.Noise;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Worked cases of the whole forecast: fallbacks, missing days, zeros, spikes, the month projections. */
class CostForecasterTest {

    static final CostForecaster FORECASTER = new CostForecaster();
    /** A Wednesday in March, 426 days into the synthetic series. */
    static final LocalDate ORIGIN = SyntheticCosts.START.plusDays(426);

    static Forecast forecast(DailyCostSeries series) {
        return FORECASTER.forecast(ForecastRequest.throughNextMonth(series, ORIGIN));
    }

    static DailyCostSeries series(LocalDate first, double... costs) {
        TreeMap<LocalDate, Double> map = new TreeMap<>();
        for (int t = 0; t < costs.length; t++) {
            if (!Double.isNaN(costs[t])) {
                map.put(first.plusDays(t), costs[t]);
            }
        }
        return DailyCostSeries.ofDoubles(map);
    }

    static double heldOutMae(Forecast f, SyntheticCosts s) {
        return f.points().stream().mapToDouble(p -> Math.abs(s.actual(p.date()) - p.point().doubleValue()))
                .average().orElseThrow();
    }

    @Test
    void pointsCoverEveryDayToTheEndOfNextMonthAndIntervalsNestAroundThem() {
        Forecast f = forecast(SyntheticCosts.draw(7, 500, Noise.GAUSSIAN).before(ORIGIN));

        assertThat(f.points()).hasSize((int) (YearMonth.from(ORIGIN).plusMonths(1).atEndOfMonth().toEpochDay()
                - ORIGIN.toEpochDay()) + 1);
        assertThat(f.points().get(0).date()).isEqualTo(ORIGIN);
        for (ForecastPoint p : f.points()) {
            assertThat(p.lo95()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
            assertThat(p.lo95()).isLessThanOrEqualTo(p.lo80());
            assertThat(p.lo80()).isLessThanOrEqualTo(p.point());
            assertThat(p.point()).isLessThanOrEqualTo(p.hi80());
            assertThat(p.hi80()).isLessThanOrEqualTo(p.hi95());
        }
        assertThat(f.fellBack()).isFalse();
        assertThat(f.fallbackReason()).isNull();
        assertThat(f.chosenMase()).isLessThan(f.baselineMase());
        assertThat(f.backtestMase()).containsKeys("seasonal-naive", "trailing-mean-28d", "holt-winters",
                "holt-winters-damped", "holt-winters-log1p", "holt-winters-damped-log1p");
    }

    @Test
    void monthEndIsTheActualToDatePlusTheForecastOfTheRestOfTheMonth() {
        SyntheticCosts s = SyntheticCosts.draw(8, 500, Noise.LOGNORMAL);
        Forecast f = forecast(s.before(ORIGIN));
        MonthProjection m = f.monthEnd();

        YearMonth march = YearMonth.from(ORIGIN);
        double toDate = IntStream.range(1, ORIGIN.getDayOfMonth()).mapToDouble(d -> s.actual(march.atDay(d))).sum();
        double rest = f.points().stream().filter(p -> YearMonth.from(p.date()).equals(march))
                .mapToDouble(p -> p.point().doubleValue()).sum();
        assertThat(m.month()).isEqualTo(march);
        assertThat(m.actualDays()).isEqualTo(ORIGIN.getDayOfMonth() - 1);
        assertThat(m.imputedDays()).isZero();
        assertThat(m.forecastDays()).isEqualTo(march.lengthOfMonth() - ORIGIN.getDayOfMonth() + 1);
        assertThat(m.actualToDate().doubleValue()).isEqualTo(toDate, within(0.001));
        assertThat(m.projected().doubleValue()).isEqualTo(toDate + rest, within(0.01 * m.forecastDays()));
        assertThat(m.lo95()).isGreaterThanOrEqualTo(m.actualToDate());
        assertThat(m.lo95()).isLessThanOrEqualTo(m.lo80());
        assertThat(m.lo80()).isLessThanOrEqualTo(m.projected());
        assertThat(m.hi80()).isGreaterThanOrEqualTo(m.projected());
        assertThat(m.hi95()).isGreaterThanOrEqualTo(m.hi80());

        MonthProjection april = f.nextMonth();
        assertThat(april.month()).isEqualTo(march.plusMonths(1));
        assertThat(april.actualToDate()).isZero();
        assertThat(april.forecastDays()).isEqualTo(30);
        double aprilPoints = f.points().stream().filter(p -> YearMonth.from(p.date()).equals(april.month()))
                .mapToDouble(p -> p.point().doubleValue()).sum();
        assertThat(april.projected().doubleValue()).isEqualTo(aprilPoints, within(0.3));
    }

    @Test
    void aShortHorizonHasNoNextMonthButStillAMonthEnd() {
        DailyCostSeries series = SyntheticCosts.draw(9, 500, Noise.GAUSSIAN).before(ORIGIN);
        Forecast f = FORECASTER.forecast(new ForecastRequest(series, ORIGIN, ORIGIN.plusDays(2)));

        assertThat(f.points()).hasSize(3);
        assertThat(f.nextMonth()).isNull();
        assertThat(f.monthEnd().forecastDays()).isEqualTo(YearMonth.from(ORIGIN).lengthOfMonth()
                - ORIGIN.getDayOfMonth() + 1);
    }

    @Test
    void aHorizonBeyondNextMonthOrAnEmptyHistoryIsRefused() {
        DailyCostSeries series = SyntheticCosts.draw(9, 500, Noise.GAUSSIAN).before(ORIGIN);
        assertThatThrownBy(() -> new ForecastRequest(series, ORIGIN, LocalDate.of(2026, 5, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2026-04-30");
        assertThatThrownBy(() -> FORECASTER.forecast(ForecastRequest.throughNextMonth(series,
                SyntheticCosts.START))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no costs");
    }

    @Test
    void threeWeeksOrLessFallBackToABaselineWithTheReason() {
        double[] tenDays = {100, 110, 120, 100, 90, 50, 40, 105, 115, 118};
        Forecast ten = forecast(series(ORIGIN.minusDays(10), tenDays));
        assertThat(ten.fellBack()).isTrue();
        assertThat(ten.model()).isEqualTo("seasonal-naive");
        assertThat(ten.fallbackReason()).isEqualTo("only 10 days of history (10 with data); the models need 21");
        assertThat(ten.chosenMase()).isNaN();
        // seasonal naive: the origin's weekday was last seen 7 days ago (day 3 of the ten)
        assertThat(ten.points().get(0).point()).isEqualByComparingTo("100.0000");

        Forecast five = forecast(series(ORIGIN.minusDays(5), 10, 20, 30, 40, 50));
        assertThat(five.model()).isEqualTo("trailing-mean-28d");
        assertThat(five.points()).allSatisfy(p -> assertThat(p.point()).isEqualByComparingTo("30"));

        Forecast twenty = forecast(SyntheticCosts.draw(10, 500, Noise.GAUSSIAN).before(ORIGIN).costs()
                .tailMap(ORIGIN.minusDays(20)).entrySet().stream()
                .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toMap(
                        java.util.Map.Entry::getKey, java.util.Map.Entry::getValue), DailyCostSeries::of)));
        assertThat(twenty.fellBack()).isTrue();
        assertThat(twenty.fallbackReason()).startsWith("only 20 days");
    }

    @Test
    void aSeriesWithoutStructureFallsBackWhenNoModelBeatsTheBaselines() {
        // white noise around a constant: the trailing mean is the right forecast and the models can only match it
        Random r = new Random(11);
        double[] noise = IntStream.range(0, 300).mapToDouble(t -> 100 + 10 * r.nextGaussian()).toArray();
        Forecast f = forecast(series(ORIGIN.minusDays(300), noise));

        if (f.fellBack()) {
            assertThat(f.model()).isIn("trailing-mean-28d", "seasonal-naive");
            assertThat(f.fallbackReason()).startsWith("no model beat the baselines in the backtest");
        } else {
            assertThat(f.chosenMase()).isLessThan(f.backtestMase().get("trailing-mean-28d"));
        }
        assertThat(f.points()).allSatisfy(p -> assertThat(p.point().doubleValue()).isBetween(85.0, 115.0));
    }

    @Test
    void missingDaysAreNoDataAndCostLittleAccuracy() {
        SyntheticCosts s = SyntheticCosts.draw(12, 500, Noise.GAUSSIAN);
        DailyCostSeries full = s.before(ORIGIN);
        TreeMap<LocalDate, BigDecimal> holes = new TreeMap<>(full.costs());
        Random r = new Random(12);
        holes.keySet().removeIf(day -> r.nextDouble() < 0.15);
        for (int t = 0; t < 7; t++) {
            holes.remove(ORIGIN.minusDays(60 + t)); // a lost week
        }
        holes.remove(ORIGIN.minusDays(1)); // and yesterday not collected yet
        holes.remove(ORIGIN.minusDays(2));

        Forecast complete = forecast(full);
        Forecast withHoles = forecast(DailyCostSeries.of(holes));

        assertThat(withHoles.fellBack()).isFalse();
        assertThat(heldOutMae(withHoles, s)).isLessThan(1.15 * heldOutMae(complete, s));
        assertThat(withHoles.monthEnd().imputedDays()).isGreaterThanOrEqualTo(2);
        assertThat(withHoles.monthEnd().projected().doubleValue())
                .isCloseTo(complete.monthEnd().projected().doubleValue(),
                        within(0.05 * complete.monthEnd().projected().doubleValue()));
    }

    @Test
    void missingDaysMeanZeroOnlyWhenTheSeriesSaysSo() {
        SyntheticCosts s = SyntheticCosts.draw(13, 500, Noise.GAUSSIAN);
        TreeMap<LocalDate, BigDecimal> weekdaysOnly = new TreeMap<>(s.before(ORIGIN).costs());
        weekdaysOnly.keySet().removeIf(day -> day.getDayOfWeek().getValue() >= 6);

        Forecast unknown = forecast(DailyCostSeries.of(weekdaysOnly));
        Forecast zero = forecast(DailyCostSeries.of(weekdaysOnly).withMissingDays(MissingDays.ZERO));

        ForecastPoint saturdayUnknown = saturday(unknown);
        ForecastPoint saturdayZero = saturday(zero);
        assertThat(saturdayZero.point().doubleValue()).isLessThan(0.05 * saturdayUnknown.point().doubleValue());
        assertThat(zero.monthEnd().projected()).isLessThan(unknown.monthEnd().projected());
    }

    private static ForecastPoint saturday(Forecast f) {
        return f.points().stream().filter(p -> p.date().getDayOfWeek().getValue() == 6).findFirst().orElseThrow();
    }

    @Test
    void aSeriesOfMostlyZerosNeverForecastsBelowZero() {
        Random r = new Random(14);
        double[] costs = IntStream.range(0, 200).mapToDouble(t -> r.nextDouble() < 0.1 ? 50 * r.nextDouble() : 0)
                .toArray();
        Forecast f = forecast(series(ORIGIN.minusDays(200), costs));

        assertThat(f.points()).allSatisfy(p -> {
            assertThat(p.lo95()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
            assertThat(p.point()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
        });
        assertThat(f.monthEnd().lo95()).isGreaterThanOrEqualTo(f.monthEnd().actualToDate());
    }

    @Test
    void aSeriesThatDropsToZeroForecastsAboutZero() {
        double[] costs = new double[300];
        SyntheticCosts s = SyntheticCosts.draw(15, 300, Noise.GAUSSIAN);
        System.arraycopy(s.costs(), 0, costs, 0, 260); // the workload is switched off 40 days before the origin
        Forecast f = forecast(series(ORIGIN.minusDays(300), costs));

        assertThat(f.points()).allSatisfy(p -> {
            assertThat(p.lo95()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
            assertThat(p.point().doubleValue()).isLessThan(0.02 * s.costs()[250]);
        });
    }

    /**
     * A single day at 20× its normal cost, ten days before the origin, over 40 series: when the same model is chosen
     * with and without the spike, next month's projection moves by less than 3% (the spike's own effect; measured at most 1.5%); a spike can
     * still tip a near-tie between two models in the backtest, which moves the projection by the difference between
     * them: that happens in at most 1 series in 20 and stays under 10%. Over all series the median move is under 1%.
     */
    @Test
    void aSpikeDayBarelyMovesNextMonthsProjection() {
        java.util.List<Double> shifts = new java.util.ArrayList<>();
        int flips = 0;
        for (int seed = 1; seed <= 40; seed++) {
            SyntheticCosts s = SyntheticCosts.draw(seed, 500, seed % 2 == 0 ? Noise.GAUSSIAN : Noise.LOGNORMAL);
            LocalDate spikeDay = ORIGIN.minusDays(10);
            Forecast clean = forecast(s.before(ORIGIN));
            Forecast spiked = forecast(s.withSpike(spikeDay, 20).before(ORIGIN));

            assertThat(spiked.spikeDays()).contains(spikeDay);
            assertThat(spiked.anomalies()).anySatisfy(a -> assertThat(a.date()).isEqualTo(spikeDay));
            double shift = Math.abs(spiked.nextMonth().projected().doubleValue()
                    / clean.nextMonth().projected().doubleValue() - 1);
            shifts.add(shift);
            if (spiked.model().equals(clean.model())) {
                assertThat(shift).as("seed %d, %s", seed, clean.model()).isLessThan(0.03);
            } else {
                flips++;
                assertThat(shift).as("seed %d, %s -> %s", seed, clean.model(), spiked.model()).isLessThan(0.10);
            }
        }
        java.util.Collections.sort(shifts);
        System.out.printf(java.util.Locale.ROOT, "SPIKE series=40 modelFlips=%d medianShift=%.4f maxShift=%.4f%n",
                flips, shifts.get(20), shifts.get(39));
        assertThat(flips).isLessThanOrEqualTo(2);
        assertThat(shifts.get(20)).isLessThan(0.01);
    }

    @Test
    void theSameRequestGivesTheSameForecast() {
        DailyCostSeries series = SyntheticCosts.draw(16, 500, Noise.LOGNORMAL).before(ORIGIN);

        assertThat(forecast(series)).isEqualTo(forecast(series));
    }
}
