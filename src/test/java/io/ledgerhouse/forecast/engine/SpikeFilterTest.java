package io.ledgerhouse.forecast.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The spike rule on a noisy weekly series (weekdays about 100, weekends about 60, noise σ = 3): a day more than
 * 5 robust σ from the median of its nearest four same weekdays is outlying; runs of at most two such days are
 * replaced by that median, longer runs are a change of level and stay.
 */
class SpikeFilterTest {

    static double[] weekly(int days, long seed) {
        Random r = new Random(seed);
        double[] y = new double[days];
        for (int t = 0; t < days; t++) {
            y[t] = (t % 7 >= 5 ? 60 : 100) + 3 * r.nextGaussian();
        }
        return y;
    }

    @Test
    void aNormalSeriesIsLeftAlone() {
        double[] y = weekly(120, 1);
        SpikeFilter.Result result = SpikeFilter.clean(y, y.length, 5);

        assertThat(result.spikes()).isEmpty();
        assertThat(result.costs()).containsExactly(y);
    }

    @Test
    void aSpikeIsReplacedByTheMedianOfItsWeekdayNeighbours() {
        double[] y = weekly(120, 2);
        y[60] = 2000;
        SpikeFilter.Result result = SpikeFilter.clean(y, y.length, 5);

        assertThat(result.spikes()).containsExactly(60);
        double median = Quantiles.median(new double[] {y[53], y[67], y[46], y[74]}, 4);
        assertThat(result.costs()[60]).isEqualTo(median, within(3.0));
    }

    @Test
    void aSpikeOnTheLastDayIsJudgedAgainstThePreviousWeeks() {
        double[] y = weekly(120, 3);
        y[119] = 20 * y[119];
        SpikeFilter.Result result = SpikeFilter.clean(y, y.length, 5);

        assertThat(result.spikes()).containsExactly(119);
        assertThat(result.costs()[119]).isBetween(80.0, 120.0);
    }

    @Test
    void aTwoDayIncidentIsASpikeButAPersistentJumpIsNot() {
        double[] incident = weekly(120, 4);
        incident[70] *= 10;
        incident[71] *= 10;
        assertThat(SpikeFilter.clean(incident, 120, 5).spikes()).containsExactly(70, 71);

        double[] shift = weekly(120, 4);
        for (int t = 110; t < 120; t++) {
            shift[t] *= 3;
        }
        assertThat(SpikeFilter.clean(shift, 120, 5).spikes()).isEmpty();
    }

    @Test
    void missingDaysStayMissingAndAreNoNeighbours() {
        double[] y = weekly(120, 5);
        for (int t = 0; t < 120; t += 3) {
            y[t] = Double.NaN;
        }
        y[61] = 5000;
        SpikeFilter.Result result = SpikeFilter.clean(y, y.length, 5);

        assertThat(result.spikes()).containsExactly(61);
        for (int t = 0; t < 120; t += 3) {
            assertThat(result.costs()[t]).isNaN();
        }
    }

    @Test
    void aSeriesOfZerosWithOneCostHasThatCostAsItsSpike() {
        double[] y = new double[60];
        y[30] = 50;
        SpikeFilter.Result result = SpikeFilter.clean(y, y.length, 5);

        assertThat(result.spikes()).containsExactly(30);
        assertThat(result.costs()[30]).isZero();
    }
}
