package io.ledgerhouse.forecast.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Forecasts a daily cost series (docs/forecasting.md has the whole method):
 *
 * <ol>
 *   <li>take the history before the origin ({@link History}); missing days stay unknown unless the series says they
 *       are zero;</li>
 *   <li>replace one-off spikes ({@link SpikeFilter});</li>
 *   <li>with less than {@link ForecastSettings#minHistoryDays()} days, use a baseline (seasonal naive from one week
 *       of history, else the trailing mean); otherwise score the baselines and the Holt-Winters candidates by
 *       {@link RollingOriginBacktest} and take the candidate with the lowest MASE if it beats both baselines, else
 *       the better baseline;</li>
 *   <li>refit the choice on the whole history, forecast every day to the horizon with intervals from its empirical
 *       errors ({@link ForecastErrors}), project the month totals, and flag past days outside their 99% one-step
 *       band.</li>
 * </ol>
 *
 * Deterministic: the same request always gives the same forecast. Thread-safe.
 */
public final class CostForecaster {

    /** Φ⁻¹(0.995): the half-width of the 99% anomaly band in robust standard deviations. */
    static final double Z99 = 2.575829;

    private final ForecastSettings settings;

    public CostForecaster() {
        this(ForecastSettings.DEFAULTS);
    }

    public CostForecaster(ForecastSettings settings) {
        this.settings = settings;
    }

    /**
     * The forecast of every day from the request's origin to its horizon end, from the costs before the origin. Every
     * value is at least 0 and every interval contains its point.
     *
     * @throws IllegalArgumentException when the series has no cost within the history window before the origin
     */
    public Forecast forecast(ForecastRequest request) {
        LocalDate origin = request.origin();
        History history = History.of(request.series(), origin, settings.maxHistoryDays());
        int n = history.n();
        SpikeFilter.Result cleaned = SpikeFilter.clean(history.costs(), n, settings.spikeThreshold());
        double[] costs = cleaned.costs();

        Map<String, Double> scores = new LinkedHashMap<>();
        Candidate chosen;
        Candidate.Fit warmStart = null;
        String reason = null;
        if (n < settings.minHistoryDays() || history.observed() < settings.minHistoryDays()) {
            chosen = n >= HoltWinters.SEASON ? Candidate.SEASONAL_NAIVE : Candidate.TRAILING_MEAN;
            reason = String.format(Locale.ROOT, "only %d days of history (%d with data); the models need %d",
                    n, history.observed(), settings.minHistoryDays());
        } else {
            RollingOriginBacktest backtest = new RollingOriginBacktest(costs, n, cleaned.spikes(), settings);
            boolean nonNegative = isNonNegative(costs, n);
            Candidate bestBaseline = null;
            Candidate bestModel = null;
            for (Candidate c : Candidate.all()) {
                if (c.scale() == WorkingScale.LOG1P && !nonNegative) {
                    continue;
                }
                double mase = backtest.mase(c);
                scores.put(c.name(), mase);
                if (Double.isNaN(mase)) {
                    continue;
                }
                if (c.baseline()) {
                    bestBaseline = better(bestBaseline, c, scores);
                } else {
                    bestModel = better(bestModel, c, scores);
                }
            }
            if (bestBaseline == null) {
                bestBaseline = Candidate.SEASONAL_NAIVE;
            }
            if (bestModel != null && scores.get(bestModel.name()) < scores.getOrDefault(bestBaseline.name(),
                    Double.NaN)) {
                chosen = bestModel;
                warmStart = backtest.lastFit(bestModel);
            } else {
                chosen = bestBaseline;
                reason = bestModel == null ? "no model could be backtested"
                        : String.format(Locale.ROOT, "no model beat the baselines in the backtest: best model %s "
                                + "has MASE %.3f, %s has %.3f", bestModel.name(), scores.get(bestModel.name()),
                                bestBaseline.name(), scores.get(bestBaseline.name()));
            }
        }

        LocalDate monthEnd = YearMonth.from(origin).atEndOfMonth();
        int stepsToMonthEnd = (int) (monthEnd.toEpochDay() - origin.toEpochDay()) + 1;
        int horizon = request.horizonDays();
        int steps = Math.max(horizon, stepsToMonthEnd);
        Candidate.Fit fit = chosen.fit(costs, n, warmStart);
        ForecastErrors errors = new ForecastErrors(fit, costs, n, steps, settings);

        double[] point = new double[steps + 1];
        double[][] bounds = new double[steps + 1][];
        for (int h = 1; h <= steps; h++) {
            point[h] = fit.cost(n - 1, h);
            double working = fit.working(n - 1, h);
            double[] offsets = errors.daily(h);
            bounds[h] = new double[4];
            for (int q = 0; q < 4; q++) {
                bounds[h][q] = Math.max(0, fit.scale().from(working + offsets[q]));
            }
            nest(point[h], bounds[h]);
        }
        List<ForecastPoint> points = new ArrayList<>(horizon);
        for (int h = 1; h <= horizon; h++) {
            points.add(new ForecastPoint(origin.plusDays(h - 1L), money(point[h]), money(bounds[h][1]),
                    money(bounds[h][2]), money(bounds[h][0]), money(bounds[h][3])));
        }

        MonthProjection current = currentMonth(history, fit, origin, stepsToMonthEnd, point, bounds, errors);
        MonthProjection next = null;
        YearMonth nextMonth = YearMonth.from(origin).plusMonths(1);
        if (!request.horizonEnd().isBefore(nextMonth.atEndOfMonth())) {
            next = projection(nextMonth, BigDecimal.ZERO, 0, 0, stepsToMonthEnd + 1,
                    stepsToMonthEnd + nextMonth.lengthOfMonth(), point, bounds, errors);
        }

        double chosenMase = scores.getOrDefault(chosen.name(), Double.NaN);
        double baselineMase = scores.getOrDefault(Candidate.SEASONAL_NAIVE.name(), Double.NaN);
        List<LocalDate> spikeDays = cleaned.spikes().stream().map(history::day).toList();
        return new Forecast(chosen.name(), chosenMase, baselineMase, scores, reason != null, reason, points, current,
                next, anomalies(history, fit), spikeDays);
    }

    private static Candidate better(Candidate best, Candidate c, Map<String, Double> scores) {
        return best == null || scores.get(c.name()) < scores.get(best.name()) ? c : best;
    }

    private static boolean isNonNegative(double[] costs, int n) {
        for (int t = 0; t < n; t++) {
            if (costs[t] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Makes lo95 ≤ lo80 ≤ point ≤ hi80 ≤ hi95 (empirical quantiles of a biased model need not bracket the point). */
    private static void nest(double point, double[] b) {
        b[1] = Math.min(b[1], point);
        b[2] = Math.max(b[2], point);
        b[0] = Math.min(b[0], b[1]);
        b[3] = Math.max(b[3], b[2]);
    }

    /** Month to date (observed actuals exactly, missing days imputed by their one-step forecast) + the rest. */
    private MonthProjection currentMonth(History history, Candidate.Fit fit, LocalDate origin, int stepsToMonthEnd,
            double[] point, double[][] bounds, ForecastErrors errors) {
        YearMonth month = YearMonth.from(origin);
        BigDecimal actual = BigDecimal.ZERO;
        int actualDays = 0;
        int imputedDays = 0;
        double imputed = 0;
        for (LocalDate day = month.atDay(1); day.isBefore(origin); day = day.plusDays(1)) {
            int t = history.index(day);
            if (t < 0) {
                continue;
            }
            BigDecimal cost = history.entries().get(day);
            if (cost != null) {
                actual = actual.add(cost);
                actualDays++;
            } else if (Double.isNaN(history.costs()[t])) {
                imputed += fit.cost(t - 1, 1);
                imputedDays++;
            } else {
                actualDays++;
            }
        }
        BigDecimal toDate = actual.add(BigDecimal.valueOf(imputed));
        return projection(month, toDate, actualDays, imputedDays, 1, stepsToMonthEnd, point, bounds, errors);
    }

    private MonthProjection projection(YearMonth month, BigDecimal toDate, int actualDays, int imputedDays, int from,
            int to, double[] point, double[][] bounds, ForecastErrors errors) {
        double predicted = 0;
        for (int h = from; h <= to; h++) {
            predicted += point[h];
        }
        double[] sum = errors.sumBounds(from, to, predicted, bounds);
        nest(predicted, sum);
        double base = toDate.doubleValue();
        return new MonthProjection(month, toDate.setScale(settings.scale(), RoundingMode.HALF_UP), actualDays,
                imputedDays, to - from + 1, money(base + predicted), money(base + sum[1]), money(base + sum[2]),
                money(base + sum[0]), money(base + sum[3]));
    }

    /**
     * Observed days (after the first two weeks) whose actual cost lies outside the 99% band of the one-step forecast
     * made from the (spike-cleaned) days before them. The band is the forecast plus the median one-step error ± 2.576
     * robust standard deviations (MAD × 1.4826) of the one-step errors, on the model's working scale, so the band
     * itself is not widened by the spikes it should find.
     */
    private List<Anomaly> anomalies(History history, Candidate.Fit fit) {
        int n = history.n();
        double[] working = fit.working();
        int warmUp = 2 * HoltWinters.SEASON;
        double[] errors = new double[n];
        int count = 0;
        for (int t = warmUp; t < n; t++) {
            if (!Double.isNaN(working[t])) {
                errors[count++] = working[t] - fit.working(t - 1, 1);
            }
        }
        List<Anomaly> anomalies = new ArrayList<>();
        if (count == 0) {
            return anomalies;
        }
        double centre = Quantiles.median(errors, count);
        double sigma = Math.max(Quantiles.robustSigma(errors, count, centre), 1e-9);
        double[] deviations = new double[count];
        for (int i = 0; i < count; i++) {
            deviations[i] = Math.abs(errors[i] - centre);
        }
        java.util.Arrays.sort(deviations);
        double halfWidth = Math.max(Z99 * sigma, Quantiles.ofSorted(deviations, count, 0.99));
        WorkingScale scale = fit.scale();
        for (int t = warmUp; t < n; t++) {
            double actual = history.costs()[t];
            if (Double.isNaN(actual)) {
                continue;
            }
            double forecast = fit.working(t - 1, 1);
            double lo = Math.max(0, scale.from(forecast + centre - halfWidth));
            double hi = Math.max(0, scale.from(forecast + centre + halfWidth));
            if (actual < lo || actual > hi) {
                LocalDate day = history.day(t);
                BigDecimal exact = history.entries().getOrDefault(day, BigDecimal.ZERO);
                anomalies.add(new Anomaly(day, exact, money(fit.cost(t - 1, 1)), money(lo), money(hi)));
            }
        }
        return anomalies;
    }

    private BigDecimal money(double value) {
        return BigDecimal.valueOf(value).setScale(settings.scale(), RoundingMode.HALF_UP);
    }
}
