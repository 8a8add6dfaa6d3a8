package io.ledgerhouse.forecast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.forecast.engine.SyntheticCosts.Noise;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Accuracy and interval coverage on 200 synthetic series per noise kind (seeds 1..200, {@link SyntheticCosts}): each
 * is forecast from an origin 400 to 427 days in (so the month is cut on every day of the month), through the end of
 * the next month, and compared with the held-out days that followed.
 *
 * <ul>
 *   <li>The chosen model beats seasonal naive: on the backtest MASE it reports, and on the held-out days (mean
 *       absolute error against that of repeating the last observed week).</li>
 *   <li>Of all held-out days, 70–90% fall inside their 80% interval and 88–99% inside their 95% interval.</li>
 *   <li>The same bounds hold for the month-end totals (the origin's month: actual to date + forecast) and for the
 *       next month's totals, one outcome per series.</li>
 * </ul>
 *
 * The measured figures are printed on a line starting "QUALITY" and quoted in docs/forecasting.md.
 */
class ForecastCalibrationTest {

    static final int SERIES = 200;
    static final CostForecaster FORECASTER = new CostForecaster();

    @ParameterizedTest(name = "{0} noise")
    @EnumSource(Noise.class)
    void beatsSeasonalNaiveAndItsIntervalsCoverAsStated(Noise noise) {
        Tally daily = new Tally();
        Tally monthEnd = new Tally();
        Tally nextMonth = new Tally();
        double chosenMase = 0;
        double naiveMase = 0;
        double chosenError = 0;
        double naiveError = 0;
        int backtestWins = 0;
        for (int seed = 1; seed <= SERIES; seed++) {
            SyntheticCosts s = SyntheticCosts.draw(seed, 520, noise);
            LocalDate origin = s.day(400 + seed % 28);
            Forecast f = FORECASTER.forecast(ForecastRequest.throughNextMonth(s.before(origin), origin));

            chosenMase += f.chosenMase() / SERIES;
            naiveMase += f.baselineMase() / SERIES;
            backtestWins += f.chosenMase() < f.baselineMase() ? 1 : 0;
            for (ForecastPoint p : f.points()) {
                double actual = s.actual(p.date());
                daily.add(actual, p.lo80().doubleValue(), p.hi80().doubleValue(), p.lo95().doubleValue(),
                        p.hi95().doubleValue());
                chosenError += Math.abs(actual - p.point().doubleValue());
                naiveError += Math.abs(actual - s.actual(lastWeek(p.date(), origin)));
            }
            monthEnd.add(total(s, f.monthEnd().month()), f.monthEnd().lo80().doubleValue(),
                    f.monthEnd().hi80().doubleValue(), f.monthEnd().lo95().doubleValue(),
                    f.monthEnd().hi95().doubleValue());
            nextMonth.add(total(s, f.nextMonth().month()), f.nextMonth().lo80().doubleValue(),
                    f.nextMonth().hi80().doubleValue(), f.nextMonth().lo95().doubleValue(),
                    f.nextMonth().hi95().doubleValue());
        }
        System.out.printf(Locale.ROOT, "QUALITY %s series=%d backtestMase chosen=%.3f seasonalNaive=%.3f "
                + "chosenBeatsNaive=%d heldOutMaeRatio=%.3f daily80=%.3f daily95=%.3f monthEnd80=%.3f monthEnd95=%.3f "
                + "nextMonth80=%.3f nextMonth95=%.3f%n", noise, SERIES, chosenMase, naiveMase, backtestWins,
                chosenError / naiveError, daily.in80(), daily.in95(), monthEnd.in80(), monthEnd.in95(),
                nextMonth.in80(), nextMonth.in95());

        assertThat(chosenMase).isLessThan(naiveMase);
        assertThat(backtestWins).isGreaterThanOrEqualTo(SERIES * 9 / 10);
        assertThat(chosenError).isLessThan(naiveError);
        assertThat(daily.in80()).isBetween(0.70, 0.90);
        assertThat(daily.in95()).isBetween(0.88, 0.99);
        assertThat(monthEnd.in80()).isBetween(0.70, 0.90);
        assertThat(monthEnd.in95()).isBetween(0.88, 0.99);
        assertThat(nextMonth.in80()).isBetween(0.70, 0.90);
        assertThat(nextMonth.in95()).isBetween(0.88, 0.99);
    }

    /** The seasonal-naive forecast of a held-out day: the same weekday in the last observed week. */
    static LocalDate lastWeek(LocalDate day, LocalDate origin) {
        LocalDate d = day;
        while (!d.isBefore(origin)) {
            d = d.minusDays(7);
        }
        return d;
    }

    static double total(SyntheticCosts s, YearMonth month) {
        double total = 0;
        for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
            total += s.actual(d);
        }
        return total;
    }

    /** How many outcomes fell inside their 80% and 95% intervals. */
    static final class Tally {
        int count;
        int inside80;
        int inside95;

        void add(double actual, double lo80, double hi80, double lo95, double hi95) {
            count++;
            inside80 += actual >= lo80 && actual <= hi80 ? 1 : 0;
            inside95 += actual >= lo95 && actual <= hi95 ? 1 : 0;
        }

        double in80() {
            return (double) inside80 / count;
        }

        double in95() {
            return (double) inside95 / count;
        }
    }
}
