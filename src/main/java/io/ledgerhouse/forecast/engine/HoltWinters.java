package io.ledgerhouse.forecast.engine;

import java.util.Locale;

/**
 * Additive Holt-Winters with a weekly season, optionally with a damped trend: ETS(A,A,A) and ETS(A,Ad,A) in the
 * error-correction form of Hyndman et al. (Forecasting with Exponential Smoothing, 2008, table 2.1). With level
 * {@code l}, trend {@code b}, seasonal {@code s} (one per weekday slot, season length m = 7) and damping φ (1 when
 * not damped):
 *
 * <pre>
 *   ŷ(t|t−1) = l(t−1) + φ·b(t−1) + s(t−m)                one-step forecast
 *   e(t)     = y(t) − ŷ(t|t−1)
 *   l(t)     = l(t−1) + φ·b(t−1) + α·e(t)
 *   b(t)     = φ·b(t−1) + β·e(t)
 *   s(t)     = s(t−m) + γ·e(t)
 *   ŷ(t+h|t) = l(t) + (φ + φ² + … + φ^h)·b(t) + s(t+h−m·⌈h/m⌉)
 * </pre>
 *
 * (β here is the product α·β* of the component form.) A missing day has no error: the level and trend only move
 * forward ({@code l(t) = l(t−1) + φ·b(t−1)}, {@code b(t) = φ·b(t−1)}) and the seasonal keeps its value, which is the
 * exact treatment of a missing observation in the state-space model.
 *
 * <p>Start state ({@link #start}): w1 and w2 are the means of the observed days of the first and second week; the
 * trend is {@code (w2 − w1)/7} (0 without a second week), the line through the first week's mean at its middle day 3
 * is {@code w1 + (t − 3)·b}, the seasonal of a weekday is the mean of its observed deviations from that line in the
 * first two weeks (0 if never observed), normalised to sum to 0, and the state "before day 0" is
 * {@code l(−1) = w1 − 4·b}.
 *
 * <p>Fitting ({@link #fit}): α, β, γ (and φ) minimise the sum of squared one-step errors over all observed days, by
 * {@link NelderMead} on unconstrained coordinates mapped to the usual admissible region
 * {@code 0 < α < 1, 0 < β < α, 0 < γ < 1 − α, 0.8 ≤ φ ≤ 0.98}.
 */
final class HoltWinters implements ForecastModel {

    static final int SEASON = 7;
    private static final double PHI_MIN = 0.8;
    private static final double PHI_MAX = 0.98;

    /** Smoothing parameters; {@code phi == 1} is the undamped model. */
    record Parameters(double alpha, double beta, double gamma, double phi) {
    }

    /** The state before day 0; {@code season[j]} belongs to the days {@code t} with {@code t % 7 == j}. */
    record Start(double level, double trend, double[] season) {
    }

    private final boolean damped;

    HoltWinters(boolean damped) {
        this.damped = damped;
    }

    boolean damped() {
        return damped;
    }

    @Override
    public Fitted fit(double[] y, int n) {
        return fit(y, n, null);
    }

    /**
     * Fits starting the search from {@code previous}' optimum (when it is a fit of this model, e.g. on a slightly
     * shorter history) with a smaller simplex and budget, else from α = 0.3, β = 0.1α, γ = 0.1(1 − α), φ = 0.89.
     */
    @Override
    public Fitted fit(double[] y, int n, FittedModel previous) {
        Start start = start(y, n);
        boolean warm = previous instanceof Fitted f && f.point.length == (damped ? 4 : 3);
        double[] u0 = warm ? ((Fitted) previous).point.clone()
                : damped ? new double[] {logit(0.3), logit(0.1), logit(0.1), logit(0.5)}
                : new double[] {logit(0.3), logit(0.1), logit(0.1)};
        int budget = (damped ? 200 : 150) / (warm ? 2 : 1);
        double[] best = NelderMead.minimise(u -> {
            Parameters p = parameters(u);
            return sse(y, n, start, p.alpha, p.beta, p.gamma, p.phi);
        }, u0, warm ? 0.5 : 1.0, budget, 1e-6);
        Fitted fitted = filter(y, n, start, parameters(best));
        fitted.point = best;
        return fitted;
    }

    /** The admissible parameters of an unconstrained point. */
    Parameters parameters(double[] u) {
        double alpha = 0.001 + 0.998 * sigmoid(u[0]);
        double beta = alpha * 0.999 * sigmoid(u[1]);
        double gamma = (1 - alpha) * 0.999 * sigmoid(u[2]);
        double phi = damped ? PHI_MIN + (PHI_MAX - PHI_MIN) * sigmoid(u[3]) : 1.0;
        return new Parameters(alpha, beta, gamma, phi);
    }

    /** The start state from the first two weeks of {@code y[0..n-1]}, as described in the class comment. */
    static Start start(double[] y, int n) {
        double w1 = mean(y, 0, Math.min(n, SEASON));
        double w2 = mean(y, SEASON, Math.min(n, 2 * SEASON));
        if (Double.isNaN(w1)) {
            w1 = Double.isNaN(w2) ? firstObserved(y, n) : w2;
            w2 = Double.NaN;
        }
        double trend = Double.isNaN(w2) ? 0 : (w2 - w1) / SEASON;
        double[] season = new double[SEASON];
        int[] count = new int[SEASON];
        for (int t = 0; t < Math.min(n, 2 * SEASON); t++) {
            if (!Double.isNaN(y[t])) {
                season[t % SEASON] += y[t] - (w1 + (t - 3) * trend);
                count[t % SEASON]++;
            }
        }
        double sum = 0;
        for (int j = 0; j < SEASON; j++) {
            season[j] = count[j] == 0 ? 0 : season[j] / count[j];
            sum += season[j];
        }
        for (int j = 0; j < SEASON; j++) {
            season[j] -= sum / SEASON;
        }
        return new Start(w1 - 4 * trend, trend, season);
    }

    /** Sum of squared one-step errors over the observed days (the fitting objective); allocation-free. */
    static double sse(double[] y, int n, Start start, double alpha, double beta, double gamma, double phi) {
        double l = start.level;
        double b = start.trend;
        double[] s = start.season.clone();
        double sse = 0;
        int j = 0;
        for (int t = 0; t < n; t++) {
            double base = l + phi * b;
            double yt = y[t];
            if (yt == yt) {
                double e = yt - base - s[j];
                sse += e * e;
                l = base + alpha * e;
                b = phi * b + beta * e;
                s[j] += gamma * e;
            } else {
                l = base;
                b = phi * b;
            }
            if (++j == SEASON) {
                j = 0;
            }
        }
        return sse;
    }

    /** Runs the recursions over {@code y[0..n-1]} keeping every day's state, so forecasts can start anywhere. */
    static Fitted filter(double[] y, int n, Start start, Parameters p) {
        double[] level = new double[n];
        double[] trend = new double[n];
        double[] season = new double[n];
        double l = start.level;
        double b = start.trend;
        double[] s = start.season.clone();
        for (int t = 0; t < n; t++) {
            int j = t % SEASON;
            double base = l + p.phi * b;
            if (!Double.isNaN(y[t])) {
                double e = y[t] - base - s[j];
                l = base + p.alpha * e;
                b = p.phi * b + p.beta * e;
                s[j] += p.gamma * e;
            } else {
                l = base;
                b = p.phi * b;
            }
            level[t] = l;
            trend[t] = b;
            season[t] = s[j];
        }
        return new Fitted(p, start, level, trend, season);
    }

    /** A fitted model: its parameters and the state after every day. */
    static final class Fitted implements FittedModel {
        final Parameters parameters;
        /** The optimiser's unconstrained point of these parameters (empty when not fitted by {@link #fit}). */
        double[] point = new double[0];
        private final Start start;
        private final double[] level;
        private final double[] trend;
        private final double[] season;
        private double[] dampSums = new double[0];

        Fitted(Parameters parameters, Start start, double[] level, double[] trend, double[] season) {
            this.parameters = parameters;
            this.start = start;
            this.level = level;
            this.trend = trend;
            this.season = season;
        }

        @Override
        public double forecast(int t, int steps) {
            double l = t < 0 ? start.level : level[t];
            double b = t < 0 ? start.trend : trend[t];
            // the latest seasonal of the target's weekday: the day at or before t with the same slot
            int target = t + steps;
            int back = Math.floorMod(t - target, SEASON);
            int from = t - back;
            double s = from < 0 ? start.season[Math.floorMod(target, SEASON)] : season[from];
            return l + dampSum(steps) * b + s;
        }

        double level(int t) {
            return level[t];
        }

        double trend(int t) {
            return trend[t];
        }

        /** The seasonal updated on day t (that of weekday slot t % 7). */
        double season(int t) {
            return season[t];
        }

        /** φ + φ² + … + φ^h. */
        double dampSum(int h) {
            if (parameters.phi == 1.0) {
                return h;
            }
            if (h >= dampSums.length) {
                double[] sums = new double[Math.max(h + 1, 64)];
                double power = 1;
                for (int k = 1; k < sums.length; k++) {
                    power *= parameters.phi;
                    sums[k] = sums[k - 1] + power;
                }
                dampSums = sums;
            }
            return dampSums[h];
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "alpha=%.4f beta=%.4f gamma=%.4f phi=%.4f", parameters.alpha,
                    parameters.beta, parameters.gamma, parameters.phi);
        }
    }

    private static double mean(double[] y, int from, int to) {
        double sum = 0;
        int count = 0;
        for (int t = from; t < to; t++) {
            if (!Double.isNaN(y[t])) {
                sum += y[t];
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private static double firstObserved(double[] y, int n) {
        for (int t = 0; t < n; t++) {
            if (!Double.isNaN(y[t])) {
                return y[t];
            }
        }
        return 0;
    }

    private static double sigmoid(double u) {
        return 1 / (1 + Math.exp(-u));
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }
}
