package io.ledgerhouse.forecast.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The Holt-Winters recursions worked by hand on a two-week series that is exactly a line plus a weekly pattern:
 *
 * <pre>
 *   day    0   1   2   3   4   5   6 |  7   8   9  10  11  12  13 | 14
 *   cost  10  12  14  16  18   8   6 | 17  19  21  23  25  15  13 | 30 (the line says 24)
 *
 *   week means w1 = 12, w2 = 19  →  trend b = (19 − 12)/7 = 1, line 12 + (t − 3)
 *   seasonals = cost − line      = 1, 2, 3, 4, 5, −6, −9   (sum 0)
 *   start level l(−1) = 12 − 4·1 = 8, b(−1) = 1
 * </pre>
 */
class HoltWintersTest {

    static final double[] TWO_WEEKS = {10, 12, 14, 16, 18, 8, 6, 17, 19, 21, 23, 25, 15, 13};
    static final double[] WITH_DAY_14 = {10, 12, 14, 16, 18, 8, 6, 17, 19, 21, 23, 25, 15, 13, 30};
    static final HoltWinters.Parameters UNDAMPED = new HoltWinters.Parameters(0.5, 0.1, 0.2, 1.0);
    static final HoltWinters.Parameters DAMPED = new HoltWinters.Parameters(0.5, 0.1, 0.2, 0.9);

    @Test
    void startStateIsTheLineThroughTheWeekMeansAndTheDeviationsFromIt() {
        HoltWinters.Start start = HoltWinters.start(TWO_WEEKS, 14);

        assertThat(start.level()).isEqualTo(8.0);
        assertThat(start.trend()).isEqualTo(1.0);
        assertThat(start.season()).containsExactly(1, 2, 3, 4, 5, -6, -9);
    }

    @Test
    void aSeriesOnTheLineHasNoOneStepErrorsAndTheFirstSurpriseMovesEveryComponent() {
        HoltWinters.Start start = HoltWinters.start(WITH_DAY_14, 15);

        // days 0..13 are forecast exactly; day 14: forecast l(13) + b(13) + s(7) = 22 + 1 + 1 = 24, error 6
        assertThat(HoltWinters.sse(WITH_DAY_14, 14, start, 0.5, 0.1, 0.2, 1.0)).isEqualTo(0.0, within(1e-12));
        assertThat(HoltWinters.sse(WITH_DAY_14, 15, start, 0.5, 0.1, 0.2, 1.0)).isEqualTo(36.0, within(1e-9));

        HoltWinters.Fitted fitted = HoltWinters.filter(WITH_DAY_14, 15, start, UNDAMPED);
        assertThat(fitted.level(13)).isEqualTo(22.0, within(1e-9));
        // l(14) = 22 + 1 + 0.5·6 = 26;  b(14) = 1 + 0.1·6 = 1.6;  s(14) = 1 + 0.2·6 = 2.2
        assertThat(fitted.level(14)).isEqualTo(26.0, within(1e-9));
        assertThat(fitted.trend(14)).isEqualTo(1.6, within(1e-9));
        assertThat(fitted.season(14)).isEqualTo(2.2, within(1e-9));
        // tomorrow (a weekday-1 day): 26 + 1.6 + 2 = 29.6; a week ahead (weekday 0 again): 26 + 7·1.6 + 2.2 = 39.4
        assertThat(fitted.forecast(14, 1)).isEqualTo(29.6, within(1e-9));
        assertThat(fitted.forecast(14, 7)).isEqualTo(39.4, within(1e-9));
    }

    @Test
    void dampedRecursionsFirstTwoDays() {
        HoltWinters.Start start = HoltWinters.start(TWO_WEEKS, 14);
        HoltWinters.Fitted fitted = HoltWinters.filter(TWO_WEEKS, 2, start, DAMPED);

        // day 0: forecast 8 + 0.9·1 + 1 = 9.9, error 0.1
        //        l = 8.9 + 0.5·0.1 = 8.95,  b = 0.9 + 0.1·0.1 = 0.91,  s = 1 + 0.2·0.1 = 1.02
        assertThat(fitted.forecast(-1, 1)).isEqualTo(9.9, within(1e-12));
        assertThat(fitted.level(0)).isEqualTo(8.95, within(1e-12));
        assertThat(fitted.trend(0)).isEqualTo(0.91, within(1e-12));
        assertThat(fitted.season(0)).isEqualTo(1.02, within(1e-12));
        // day 1: forecast 8.95 + 0.9·0.91 + 2 = 11.769, error 0.231
        //        l = 9.769 + 0.1155 = 9.8845,  b = 0.819 + 0.0231 = 0.8421,  s = 2 + 0.0462 = 2.0462
        assertThat(fitted.forecast(0, 1)).isEqualTo(11.769, within(1e-12));
        assertThat(fitted.level(1)).isEqualTo(9.8845, within(1e-12));
        assertThat(fitted.trend(1)).isEqualTo(0.8421, within(1e-12));
        assertThat(fitted.season(1)).isEqualTo(2.0462, within(1e-12));
        // three days ahead of day 1 (weekday 4): 9.8845 + (0.9 + 0.81 + 0.729)·0.8421 + 5
        assertThat(fitted.dampSum(3)).isEqualTo(2.439, within(1e-12));
        assertThat(fitted.forecast(1, 3)).isEqualTo(9.8845 + 2.439 * 0.8421 + 5, within(1e-12));
    }

    @Test
    void aMissingDayOnlyCarriesTheStateForward() {
        double[] gap = TWO_WEEKS.clone();
        gap[1] = Double.NaN;
        HoltWinters.Start start = HoltWinters.start(TWO_WEEKS, 14);
        HoltWinters.Fitted fitted = HoltWinters.filter(gap, 2, start, DAMPED);

        // day 1 unknown: l = 8.95 + 0.9·0.91 = 9.769, b = 0.9·0.91 = 0.819, its seasonal stays 2
        assertThat(fitted.level(1)).isEqualTo(9.769, within(1e-12));
        assertThat(fitted.trend(1)).isEqualTo(0.819, within(1e-12));
        assertThat(fitted.season(1)).isEqualTo(2.0, within(1e-12));
        assertThat(HoltWinters.sse(gap, 2, start, 0.5, 0.1, 0.2, 0.9)).isEqualTo(0.01, within(1e-12));
    }

    @Test
    void missingDaysInTheFirstWeeksAreLeftOutOfTheStart() {
        double[] gaps = TWO_WEEKS.clone();
        gaps[2] = Double.NaN;
        gaps[9] = Double.NaN;
        HoltWinters.Start start = HoltWinters.start(gaps, 14);

        // w1 = (84 − 14)/6 = 70/6, w2 = (133 − 21)/6 = 112/6, b = (42/6)/7 = 1; the deviations from the line
        // 70/6 + (t − 3) are 4/3, 7/3, (none), 13/3, 16/3, −17/3, −26/3 in both weeks, summing to −1, so weekday 2's
        // seasonal 0 becomes 1/7 when all seven are shifted to sum to 0
        assertThat(start.trend()).isEqualTo(1.0, within(1e-12));
        assertThat(start.level()).isEqualTo(70.0 / 6 - 4, within(1e-12));
        assertThat(start.season()[2]).isEqualTo(1.0 / 7, within(1e-12));
        assertThat(start.season()[0]).isEqualTo(4.0 / 3 + 1.0 / 7, within(1e-12));
        assertThat(java.util.Arrays.stream(start.season()).sum()).isEqualTo(0.0, within(1e-12));
    }

    @Test
    void fittingRecoversAnExactSeriesWithNoError() {
        double[] series = new double[70];
        for (int t = 0; t < series.length; t++) {
            series[t] = 100 + 2 * t + new double[] {5, 5, 5, 5, 5, -10, -15}[t % 7];
        }
        HoltWinters.Fitted fitted = new HoltWinters(false).fit(series, series.length);

        assertThat(fitted.forecast(69, 1)).isEqualTo(100 + 2 * 70 + 5, within(1e-6));
        assertThat(fitted.forecast(69, 6)).isEqualTo(100 + 2 * 75 - 10, within(1e-6));
    }
}
