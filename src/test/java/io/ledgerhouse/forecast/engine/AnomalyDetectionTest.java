package io.ledgerhouse.forecast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.forecast.engine.SyntheticCosts.Noise;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Anomalies on 100 synthetic series per noise kind, each with four injected spikes of 3× to 20× a normal day at
 * random days of its history: every spike is flagged with the value it replaced as its expected cost's neighbourhood,
 * and at most 2% of the normal days are (the band is a 99% band, so about 1% is expected; measured figures are
 * printed on a line starting "ANOMALIES").
 */
class AnomalyDetectionTest {

    static final CostForecaster FORECASTER = new CostForecaster();

    @ParameterizedTest(name = "{0} noise")
    @EnumSource(Noise.class)
    void injectedSpikesAreFlaggedAndNormalDaysRarelyAre(Noise noise) {
        int spikes = 0;
        int caught = 0;
        int normalDays = 0;
        int falseAlarms = 0;
        for (int seed = 1; seed <= 100; seed++) {
            SyntheticCosts s = SyntheticCosts.draw(seed, 420, noise);
            LocalDate origin = s.day(400);
            Random r = new Random(seed * 31L);
            Set<LocalDate> injected = new HashSet<>();
            SyntheticCosts spiked = s;
            while (injected.size() < 4) {
                LocalDate day = s.day(30 + r.nextInt(360));
                if (injected.add(day)) {
                    spiked = spiked.withSpike(day, 3 + r.nextInt(18));
                }
            }
            List<Anomaly> anomalies = FORECASTER.forecast(ForecastRequest.throughNextMonth(spiked.before(origin),
                    origin)).anomalies();

            Set<LocalDate> flagged = new HashSet<>();
            for (Anomaly a : anomalies) {
                flagged.add(a.date());
                assertThat(a.lo99()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
                assertThat(a.actual().compareTo(a.lo99()) < 0 || a.actual().compareTo(a.hi99()) > 0).isTrue();
                if (injected.contains(a.date())) {
                    assertThat(a.expected().doubleValue()).isBetween(0.5 * s.actual(a.date()),
                            2.0 * s.actual(a.date()));
                }
            }
            for (LocalDate day : injected) {
                spikes++;
                caught += flagged.contains(day) ? 1 : 0;
            }
            for (int t = 14; t < 400; t++) {
                if (!injected.contains(s.day(t))) {
                    normalDays++;
                    falseAlarms += flagged.contains(s.day(t)) ? 1 : 0;
                }
            }
        }
        double falsePositiveRate = (double) falseAlarms / normalDays;
        System.out.printf(Locale.ROOT, "ANOMALIES %s spikes=%d caught=%d normalDays=%d falsePositiveRate=%.4f%n",
                noise, spikes, caught, normalDays, falsePositiveRate);

        assertThat(caught).isEqualTo(spikes);
        assertThat(falsePositiveRate).isLessThan(0.02);
    }
}
