package io.ledgerhouse.forecast.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Random;
import java.util.TreeMap;

/**
 * Synthetic daily costs with known structure, drawn from a seed: a level (200 to 2,000 a day) with a linear trend
 * (−0.1% to +0.3% of the starting level a day), a weekly season (weekends at 55% to 90% of weekdays, weekdays
 * ±5%) and noise, either additive Gaussian (σ 3% to 12% of the starting level, cut at 0) or multiplicative lognormal
 * (σ of the log 5% to 20%, mean 1).
 *
 * <pre>
 *   gaussian:  y(t) = max(0, L·(1 + g·t) · w(t) + ε),  ε ~ N(0, (s·L)²)
 *   lognormal: y(t) = L·(1 + g·t) · w(t) · exp(ε − s²/2),  ε ~ N(0, s²)
 * </pre>
 */
record SyntheticCosts(LocalDate start, double[] costs) {

    enum Noise { GAUSSIAN, LOGNORMAL }

    static final LocalDate START = LocalDate.of(2025, 1, 6);

    static SyntheticCosts draw(long seed, int days, Noise noise) {
        Random r = new Random(seed);
        double level = 200 * Math.exp(r.nextDouble() * Math.log(10));
        double growth = -0.001 + 0.004 * r.nextDouble();
        double weekend = 0.55 + 0.35 * r.nextDouble();
        double[] week = new double[7];
        for (int d = 0; d < 7; d++) {
            week[d] = d >= 5 ? weekend * (0.95 + 0.1 * r.nextDouble()) : 0.95 + 0.1 * r.nextDouble();
        }
        double s = noise == Noise.GAUSSIAN ? 0.03 + 0.09 * r.nextDouble() : 0.05 + 0.15 * r.nextDouble();
        double[] costs = new double[days];
        for (int t = 0; t < days; t++) {
            // START is a Monday, so t % 7 is the weekday (0 = Monday)
            double mean = level * (1 + growth * t) * week[t % 7];
            costs[t] = noise == Noise.GAUSSIAN ? Math.max(0, mean + r.nextGaussian() * s * level)
                    : mean * Math.exp(r.nextGaussian() * s - s * s / 2);
        }
        return new SyntheticCosts(START, costs);
    }

    LocalDate day(int t) {
        return start.plusDays(t);
    }

    int index(LocalDate day) {
        return (int) (day.toEpochDay() - start.toEpochDay());
    }

    /** The costs of the days before {@code origin} as a series (cents). */
    DailyCostSeries before(LocalDate origin) {
        TreeMap<LocalDate, BigDecimal> map = new TreeMap<>();
        for (int t = 0; t < Math.min(index(origin), costs.length); t++) {
            map.put(day(t), BigDecimal.valueOf(costs[t]).setScale(2, RoundingMode.HALF_UP));
        }
        return DailyCostSeries.of(map);
    }

    /** The actual cost of a day (as the series would have recorded it). */
    double actual(LocalDate day) {
        return BigDecimal.valueOf(costs[index(day)]).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    /** A copy with one day multiplied by {@code factor}. */
    SyntheticCosts withSpike(LocalDate day, double factor) {
        double[] copy = costs.clone();
        copy[index(day)] *= factor;
        return new SyntheticCosts(start, copy);
    }
}
