package io.ledgerhouse.forecast.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NelderMeadTest {

    @Test
    void findsTheMinimumOfAShiftedQuadraticBowl() {
        double[] best = NelderMead.minimise(x -> Math.pow(x[0] - 1, 2) + 10 * Math.pow(x[1] + 2, 2) + 3,
                new double[] {0, 0}, 1.0, 500, 1e-12);

        assertThat(best[0]).isEqualTo(1.0, within(1e-3));
        assertThat(best[1]).isEqualTo(-2.0, within(1e-3));
    }

    @Test
    void followsTheRosenbrockValleyAndIsDeterministic() {
        double[] first = NelderMead.minimise(NelderMeadTest::rosenbrock, new double[] {-1.2, 1}, 0.5, 2000, 1e-14);
        double[] second = NelderMead.minimise(NelderMeadTest::rosenbrock, new double[] {-1.2, 1}, 0.5, 2000, 1e-14);

        assertThat(first[0]).isEqualTo(1.0, within(1e-3));
        assertThat(first[1]).isEqualTo(1.0, within(1e-3));
        assertThat(second).containsExactly(first);
    }

    private static double rosenbrock(double[] x) {
        return 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2);
    }
}
