package io.ledgerhouse.forecast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Over awkward random series (long runs of zeros, drops to zero, bursts, gaps, an occasional credit below zero, as
 * short as one day): the forecast never goes below zero, every interval nests around its point, the month-end total
 * is never below the actual to date, and the same request gives the same answer. Fixed seed: reruns are identical.
 */
class ForecastPropertiesTest {

    static final CostForecaster FORECASTER = new CostForecaster();
    static final LocalDate ORIGIN = LocalDate.of(2026, 7, 17);

    static DailyCostSeries awkward(long seed, int days) {
        Random r = new Random(seed);
        TreeMap<LocalDate, BigDecimal> costs = new TreeMap<>();
        double level = Math.exp(r.nextDouble() * 8);
        int dropAt = r.nextBoolean() ? r.nextInt(days) : days;
        double zeros = r.nextDouble() < 0.3 ? 0.9 : r.nextDouble() * 0.2;
        double gaps = r.nextDouble() * 0.3;
        for (int t = 0; t < days; t++) {
            if (r.nextDouble() < gaps) {
                continue;
            }
            double cost = t >= dropAt || r.nextDouble() < zeros ? 0 : level * Math.exp(r.nextGaussian() * 0.5);
            if (r.nextDouble() < 0.01) {
                cost = r.nextBoolean() ? cost * 50 : -level * r.nextDouble();
            }
            costs.put(ORIGIN.minusDays(days - t), BigDecimal.valueOf(cost).setScale(2, java.math.RoundingMode.HALF_UP));
        }
        if (costs.isEmpty()) {
            costs.put(ORIGIN.minusDays(1), BigDecimal.ONE);
        }
        return new DailyCostSeries(costs, r.nextBoolean() ? MissingDays.UNKNOWN : MissingDays.ZERO);
    }

    @Property(tries = 150, seed = "20260717")
    void forecastsAreNeverNegativeAndIntervalsNest(@ForAll @LongRange(min = 1) long seed,
            @ForAll @IntRange(min = 1, max = 500) int days) {
        DailyCostSeries series = awkward(seed, days);
        ForecastRequest request = ForecastRequest.throughNextMonth(series, ORIGIN);
        Forecast f = FORECASTER.forecast(request);

        assertThat(f.points()).hasSize(request.horizonDays());
        for (ForecastPoint p : f.points()) {
            assertThat(p.lo95()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
            assertThat(p.lo95()).isLessThanOrEqualTo(p.lo80());
            assertThat(p.lo80()).isLessThanOrEqualTo(p.point());
            assertThat(p.point()).isLessThanOrEqualTo(p.hi80());
            assertThat(p.hi80()).isLessThanOrEqualTo(p.hi95());
        }
        for (MonthProjection m : new MonthProjection[] {f.monthEnd(), f.nextMonth()}) {
            assertThat(m.lo95()).isGreaterThanOrEqualTo(m.actualToDate());
            assertThat(m.lo95()).isLessThanOrEqualTo(m.lo80());
            assertThat(m.lo80()).isLessThanOrEqualTo(m.projected());
            assertThat(m.projected()).isLessThanOrEqualTo(m.hi80());
            assertThat(m.hi80()).isLessThanOrEqualTo(m.hi95());
        }
        assertThat(f.fellBack()).isEqualTo(f.fallbackReason() != null);
        assertThat(FORECASTER.forecast(request)).isEqualTo(f);
    }
}
