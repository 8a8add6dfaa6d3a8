package io.ledgerhouse.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.domain.InvalidParameterException;
import io.ledgerhouse.domain.NotFoundException;
import io.ledgerhouse.forecast.engine.Anomaly;
import io.ledgerhouse.forecast.engine.CostForecaster;
import io.ledgerhouse.forecast.engine.DailyCostSeries;
import io.ledgerhouse.forecast.engine.Forecast;
import io.ledgerhouse.forecast.engine.ForecastPoint;
import io.ledgerhouse.forecast.engine.ForecastRequest;
import io.ledgerhouse.forecast.engine.MissingDays;
import io.ledgerhouse.forecast.engine.MonthProjection;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Forecasts of daily cost per scope: reads the scope's daily series from the store (effective cost of the charges for
 * total, provider and source scopes; the allocated cost for team, workload and warehouse scopes, which is billed cost,
 * the same as effective cost for Snowflake), forecasts it from the day after its data
 * ends (today at the latest), stores the forecast, its points and the anomalies it found, and scores stored forecasts
 * against the actuals that followed.
 */
@ApplicationScoped
public class ForecastService {

    /** Days of history read for a forecast. */
    static final int HISTORY_DAYS = 730;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper json;

    private final CostForecaster forecaster = new CostForecaster();

    public record Backtest(Double chosenMase, Double baselineMase, Map<String, Double> byModel) {
    }

    public record ForecastView(String scope, String measure, String currency, LocalDate origin, LocalDate dataEnd,
            Instant madeAt, String model, boolean fellBack, String fallbackReason, Backtest backtest,
            List<ForecastPoint> points, MonthProjection monthEnd, MonthProjection nextMonth, List<Anomaly> anomalies,
            List<LocalDate> spikeDays) {
    }

    /**
     * Forecasts {@code scope} for {@code horizonDays} days (to the end of next month when null), in {@code currency}
     * (the scope's main currency when null) or in credits ({@code measure=credits}), and stores it with its anomalies,
     * to be scored when the actual days arrive.
     */
    public ForecastView forecast(String scopeText, Integer horizonDays, String currency, String measure) {
        return forecast(scopeText, horizonDays, currency, measure, null);
    }

    /**
     * As {@link #forecast(String, Integer, String, String)}, made as it would have been on {@code asOf} (null:
     * today) from the data before that day; stored like any other, so past months can be back-filled and scored.
     */
    public ForecastView forecast(String scopeText, Integer horizonDays, String currency, String measure,
            LocalDate asOf) {
        return forecast(scopeText, horizonDays, currency, measure, asOf, true);
    }

    /**
     * The forecast of {@code scope} as of today, computed but not stored: what a GET and the pages show (a GET never
     * changes state). The stored forecasts, scored later, are the scheduled job's and {@link #runAll}'s.
     */
    public ForecastView look(String scopeText, Integer horizonDays, String currency, String measure) {
        return forecast(scopeText, horizonDays, currency, measure, null, false);
    }

    /** As {@link #look(String, Integer, String, String)}, in cost. */
    public ForecastView look(String scopeText, Integer horizonDays, String currency) {
        return look(scopeText, horizonDays, currency, null);
    }

    /** One scope's stored forecast, or why there is none. */
    public record RunResult(String scope, String status, LocalDate origin, String model, String detail) {
    }

    /**
     * Forecasts and stores {@code scopes} (every scope worth forecasting when null or empty), each on its own: a scope
     * without data or whose forecast fails is reported, never stops the others. A named scope that is not a scope is
     * refused before anything is stored.
     */
    public List<RunResult> runAll(List<String> scopes) {
        List<String> todo = scopes == null || scopes.isEmpty() ? scopes()
                : scopes.stream().map(x -> ForecastScope.parse(x).text()).toList();
        List<RunResult> out = new ArrayList<>();
        for (String scope : todo) {
            try {
                ForecastView f = forecast(scope, null, null, null);
                out.add(new RunResult(f.scope(), "STORED", f.origin(), f.model(), null));
            } catch (NotFoundException e) {
                out.add(new RunResult(scope, "NO_DATA", null, null, e.getMessage()));
            } catch (RuntimeException e) {
                out.add(new RunResult(scope, "FAILED", null, null, e.getMessage()));
            }
        }
        return out;
    }

    private ForecastView forecast(String scopeText, Integer horizonDays, String currency, String measure,
            LocalDate asOf, boolean keep) {
        ForecastScope scope = ForecastScope.parse(scopeText);
        boolean credits = measure != null && measure.strip().equalsIgnoreCase("credits");
        if (measure != null && !credits && !measure.strip().equalsIgnoreCase("cost")) {
            throw new InvalidParameterException("measure", "'" + measure + "' is not a measure; use cost or credits");
        }
        return QuarkusTransaction.requiringNew().timeout(600).call(() -> {
            try (Connection c = dataSource.getConnection()) {
                LocalDate today = asOf != null ? asOf : LocalDate.now(clock.withZone(ZoneOffset.UTC));
                String cur = credits ? "credits" : currency != null ? currency.strip().toUpperCase(Locale.ROOT)
                        : mainCurrency(c, scope, today);
                SortedMap<LocalDate, BigDecimal> series = series(c, scope, credits, cur, today.minusDays(HISTORY_DAYS),
                        today.plusDays(1));
                if (series.isEmpty()) {
                    throw new NotFoundException("no " + (credits ? "credits" : "cost in " + cur) + " for " + scope.text()
                            + " in the last " + HISTORY_DAYS + " days");
                }
                LocalDate dataEnd = series.lastKey();
                LocalDate origin = dataEnd.plusDays(1).isAfter(today) ? today : dataEnd.plusDays(1);
                // today's cost is not complete yet: the forecast starts with it
                series = series.headMap(origin);
                if (series.isEmpty()) {
                    throw new NotFoundException("no complete day of cost for " + scope.text() + " before " + origin);
                }
                LocalDate limit = YearMonth.from(origin).plusMonths(1).atEndOfMonth();
                LocalDate end = limit;
                if (horizonDays != null) {
                    if (horizonDays < 1 || origin.plusDays(horizonDays - 1L).isAfter(limit)) {
                        throw new InvalidParameterException("horizon", "'horizon' is days from " + origin + ", 1 to "
                                + (limit.toEpochDay() - origin.toEpochDay() + 1) + " (the end of next month)");
                    }
                    end = origin.plusDays(horizonDays - 1L);
                }
                Forecast f = forecaster.forecast(new ForecastRequest(DailyCostSeries.of(series)
                        .withMissingDays(MissingDays.ZERO), origin, end));
                Instant now = clock.instant();
                if (keep) {
                    store(c, scope.text(), credits ? "credits" : "cost", cur, origin, now, f);
                }
                return view(scope.text(), credits ? "credits" : "cost", cur, origin, dataEnd, now, f);
            }
        });
    }

    /** The month-end projection of a budget's daily series, from {@code origin} (today). */
    public java.util.Optional<MonthProjection> monthEnd(SortedMap<LocalDate, BigDecimal> daily, LocalDate origin) {
        SortedMap<LocalDate, BigDecimal> before = daily.headMap(origin);
        if (before.isEmpty()) {
            return java.util.Optional.empty();
        }
        Forecast f = forecaster.forecast(new ForecastRequest(DailyCostSeries.of(before)
                .withMissingDays(MissingDays.ZERO), origin, YearMonth.from(origin).atEndOfMonth()));
        return java.util.Optional.of(f.monthEnd());
    }

    /** The scopes worth forecasting: the total per currency, every provider, source, team, workload and warehouse. */
    public List<String> scopes() {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                List<String> out = new ArrayList<>(List.of("total"));
                LocalDate since = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(90);
                Timestamp from = Timestamp.from(since.atStartOfDay(ZoneOffset.UTC).toInstant());
                collect(c, "SELECT DISTINCT 'provider:' || provider_name FROM charge WHERE charge_period_start >= ? "
                        + "AND provider_name IS NOT NULL", from, out);
                collect(c, "SELECT DISTINCT 'source:' || so.name FROM charge ch JOIN source so ON so.id = "
                        + "ch.source_id WHERE ch.charge_period_start >= ?", from, out);
                collect(c, "SELECT DISTINCT 'team:' || team FROM allocation WHERE charge_period_start >= ? "
                        + "AND team IS NOT NULL", from, out);
                collect(c, "SELECT DISTINCT 'workload:' || team || '/' || workload FROM allocation "
                        + "WHERE charge_period_start >= ? AND team IS NOT NULL AND workload IS NOT NULL", from, out);
                collect(c, "SELECT DISTINCT 'warehouse:' || so.name || '/' || a.warehouse FROM allocation a "
                        + "JOIN source so ON so.id = a.source_id WHERE a.charge_period_start >= ? "
                        + "AND a.warehouse IS NOT NULL", from, out);
                return out;
            }
        });
    }

    private static void collect(Connection c, String sql, Timestamp from, List<String> out) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql + " ORDER BY 1")) {
            ps.setTimestamp(1, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
    }

    // ---- accuracy

    public record DayOfMonthError(int dayOfMonth, int forecasts, BigDecimal meanAbsolutePercentError,
            BigDecimal meanPercentError) {
    }

    public record Accuracy(String scope, String measure, String currency, int forecasts, int scoredDays,
            BigDecimal coverage80, BigDecimal coverage95, BigDecimal meanAbsolutePercentErrorDaily,
            Map<String, Integer> models, List<DayOfMonthError> monthEndByDayOfMonth) {
    }

    /**
     * How the stored forecasts of {@code scope} did: the share of complete days inside their 80% and 95% intervals,
     * the daily error, the month-end projection's error by the day of month it was made, and the models used.
     */
    public Accuracy accuracy(String scopeText, String currency, String measure) {
        ForecastScope scope = ForecastScope.parse(scopeText);
        boolean credits = measure != null && measure.strip().equalsIgnoreCase("credits");
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
                String cur = credits ? "credits" : currency != null ? currency.strip().toUpperCase(Locale.ROOT)
                        : mainCurrency(c, scope, today);
                String m = credits ? "credits" : "cost";
                List<long[]> forecasts = new ArrayList<>();
                Map<String, Integer> models = new TreeMap<>();
                List<Object[]> monthEnds = new ArrayList<>();
                LocalDate first = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT id, origin, model, month_end::text FROM forecast "
                        + "WHERE scope = ? AND measure = ? AND currency = ? ORDER BY origin")) {
                    ps.setString(1, scope.text());
                    ps.setString(2, m);
                    ps.setString(3, cur);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            LocalDate origin = rs.getObject(2, LocalDate.class);
                            first = first == null ? origin : first;
                            forecasts.add(new long[] {rs.getLong(1), origin.toEpochDay()});
                            models.merge(rs.getString(3), 1, Integer::sum);
                            monthEnds.add(new Object[] {origin, json.readTree(rs.getString(4))});
                        }
                    }
                }
                if (forecasts.isEmpty()) {
                    throw new NotFoundException("no stored forecast for " + scope.text() + " in " + cur);
                }
                SortedMap<LocalDate, BigDecimal> actual = series(c, scope, credits, cur, first.minusDays(1),
                        today.plusDays(1));
                LocalDate complete = actual.isEmpty() ? first.minusDays(1) : actual.lastKey();
                int scored = 0;
                int in80 = 0;
                int in95 = 0;
                BigDecimal ape = BigDecimal.ZERO;
                int apeN = 0;
                try (PreparedStatement ps = c.prepareStatement("SELECT p.day, p.point, p.lo80, p.hi80, p.lo95, p.hi95 "
                        + "FROM forecast_point p JOIN forecast f ON f.id = p.forecast_id WHERE f.scope = ? "
                        + "AND f.measure = ? AND f.currency = ? AND p.day <= ?")) {
                    ps.setString(1, scope.text());
                    ps.setString(2, m);
                    ps.setString(3, cur);
                    ps.setObject(4, complete);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            BigDecimal a = actual.getOrDefault(rs.getObject(1, LocalDate.class), BigDecimal.ZERO);
                            scored++;
                            if (a.compareTo(rs.getBigDecimal(3)) >= 0 && a.compareTo(rs.getBigDecimal(4)) <= 0) {
                                in80++;
                            }
                            if (a.compareTo(rs.getBigDecimal(5)) >= 0 && a.compareTo(rs.getBigDecimal(6)) <= 0) {
                                in95++;
                            }
                            if (a.signum() > 0) {
                                ape = ape.add(rs.getBigDecimal(2).subtract(a).abs().divide(a, 8,
                                        java.math.RoundingMode.HALF_UP));
                                apeN++;
                            }
                        }
                    }
                }
                Map<Integer, BigDecimal[]> byDay = new TreeMap<>(); // day -> [n, sum |e|, sum e]
                for (Object[] me : monthEnds) {
                    LocalDate origin = (LocalDate) me[0];
                    YearMonth month = YearMonth.from(origin);
                    if (month.atEndOfMonth().isAfter(complete)) {
                        continue; // the month is not over yet
                    }
                    BigDecimal total = actual.subMap(month.atDay(1), month.plusMonths(1).atDay(1)).values().stream()
                            .reduce(BigDecimal.ZERO, BigDecimal::add);
                    if (total.signum() == 0) {
                        continue;
                    }
                    BigDecimal projected = new BigDecimal(((JsonNode) me[1]).path("projected").asText("0"));
                    BigDecimal e = projected.subtract(total).multiply(BigDecimal.valueOf(100)).divide(total, 4,
                            java.math.RoundingMode.HALF_UP);
                    BigDecimal[] acc = byDay.computeIfAbsent(origin.getDayOfMonth(), d -> new BigDecimal[] {
                        BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
                    acc[0] = acc[0].add(BigDecimal.ONE);
                    acc[1] = acc[1].add(e.abs());
                    acc[2] = acc[2].add(e);
                }
                List<DayOfMonthError> curve = new ArrayList<>();
                byDay.forEach((d, acc) -> curve.add(new DayOfMonthError(d, acc[0].intValue(),
                        acc[1].divide(acc[0], 2, java.math.RoundingMode.HALF_UP),
                        acc[2].divide(acc[0], 2, java.math.RoundingMode.HALF_UP))));
                return new Accuracy(scope.text(), m, cur, forecasts.size(), scored, share(in80, scored),
                        share(in95, scored), apeN == 0 ? null : ape.multiply(BigDecimal.valueOf(100))
                                .divide(BigDecimal.valueOf(apeN), 2, java.math.RoundingMode.HALF_UP),
                        models, curve);
            }
        });
    }

    private static BigDecimal share(int part, int whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4,
                java.math.RoundingMode.HALF_UP);
    }

    // ---- anomalies

    public record AnomalyView(String scope, String measure, String currency, LocalDate day, BigDecimal actual,
            BigDecimal expected, BigDecimal lo99, BigDecimal hi99, Instant detectedAt) {
    }

    /** As {@link #anomalies(LocalDate, LocalDate, String)}, of the team and workload scopes of {@code teams} only. */
    public List<AnomalyView> anomalies(LocalDate from, LocalDate to, String scope, java.util.Set<String> teams) {
        List<AnomalyView> all = anomalies(from, to, scope);
        if (teams == null) {
            return all;
        }
        return all.stream().filter(a -> {
            try {
                String team = ForecastScope.parse(a.scope()).team();
                return team != null && teams.contains(team);
            } catch (io.ledgerhouse.domain.InvalidParameterException e) {
                return false;
            }
        }).toList();
    }

    public List<AnomalyView> anomalies(LocalDate from, LocalDate to, String scope) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT scope, "
                    + "measure, currency, day, actual, expected, lo99, hi99, detected_at FROM anomaly WHERE day >= ? "
                    + "AND day < ?" + (scope == null ? "" : " AND scope = ?") + " ORDER BY day DESC, scope")) {
                ps.setObject(1, from);
                ps.setObject(2, to);
                if (scope != null) {
                    ps.setString(3, ForecastScope.parse(scope).text());
                }
                List<AnomalyView> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AnomalyView(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getObject(4, LocalDate.class), rs.getBigDecimal(5), rs.getBigDecimal(6),
                                rs.getBigDecimal(7), rs.getBigDecimal(8), rs.getTimestamp(9).toInstant()));
                    }
                }
                return out;
            }
        });
    }

    // ---- store

    private void store(Connection c, String scope, String measure, String currency, LocalDate origin, Instant now,
            Forecast f) throws SQLException, com.fasterxml.jackson.core.JsonProcessingException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO forecast (scope, measure, currency, origin, "
                + "made_at, model, chosen_mase, baseline_mase, fell_back, fallback_reason, month_end, next_month) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb) ON CONFLICT (scope, measure, currency, "
                + "origin) DO UPDATE SET made_at = excluded.made_at, model = excluded.model, "
                + "chosen_mase = excluded.chosen_mase, baseline_mase = excluded.baseline_mase, "
                + "fell_back = excluded.fell_back, fallback_reason = excluded.fallback_reason, "
                + "month_end = excluded.month_end, next_month = excluded.next_month RETURNING id")) {
            ps.setString(1, scope);
            ps.setString(2, measure);
            ps.setString(3, currency);
            ps.setObject(4, origin);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setString(6, f.model());
            setDouble(ps, 7, f.chosenMase());
            setDouble(ps, 8, f.baselineMase());
            ps.setBoolean(9, f.fellBack());
            ps.setString(10, f.fallbackReason());
            ps.setString(11, json.writeValueAsString(f.monthEnd()));
            ps.setString(12, f.nextMonth() == null ? null : json.writeValueAsString(f.nextMonth()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM forecast_point WHERE forecast_id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO forecast_point (forecast_id, day, point, lo80, "
                + "hi80, lo95, hi95) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (ForecastPoint p : f.points()) {
                ps.setLong(1, id);
                ps.setObject(2, p.date());
                ps.setBigDecimal(3, p.point());
                ps.setBigDecimal(4, p.lo80());
                ps.setBigDecimal(5, p.hi80());
                ps.setBigDecimal(6, p.lo95());
                ps.setBigDecimal(7, p.hi95());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO anomaly (scope, measure, currency, day, actual, "
                + "expected, lo99, hi99, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, measure, "
                + "currency, day) DO UPDATE SET actual = excluded.actual, expected = excluded.expected, "
                + "lo99 = excluded.lo99, hi99 = excluded.hi99")) {
            for (Anomaly a : f.anomalies()) {
                ps.setString(1, scope);
                ps.setString(2, measure);
                ps.setString(3, currency);
                ps.setObject(4, a.date());
                ps.setBigDecimal(5, a.actual());
                ps.setBigDecimal(6, a.expected());
                ps.setBigDecimal(7, a.lo99());
                ps.setBigDecimal(8, a.hi99());
                ps.setTimestamp(9, Timestamp.from(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void setDouble(PreparedStatement ps, int i, double v) throws SQLException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            ps.setNull(i, java.sql.Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static ForecastView view(String scope, String measure, String currency, LocalDate origin,
            LocalDate dataEnd, Instant now, Forecast f) {
        Map<String, Double> byModel = new LinkedHashMap<>();
        f.backtestMase().forEach((k, v) -> byModel.put(k, Double.isNaN(v) ? null : v));
        return new ForecastView(scope, measure, currency, origin, dataEnd, now, f.model(), f.fellBack(),
                f.fallbackReason(), new Backtest(finite(f.chosenMase()), finite(f.baselineMase()), byModel),
                f.points(), f.monthEnd(), f.nextMonth(), f.anomalies(), f.spikeDays());
    }

    private static Double finite(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    // ---- series

    /** The currency with the most cost in the scope over the last 90 days. */
    private String mainCurrency(Connection c, ForecastScope scope, LocalDate today) throws SQLException {
        String sql = switch (scope.kind()) {
            case TEAM, WORKLOAD, WAREHOUSE -> "SELECT a.currency, sum(abs(a.amount)) FROM allocation a JOIN source so "
                    + "ON so.id = a.source_id WHERE a.charge_period_start >= ? AND " + allocationFilter(scope)
                    + " GROUP BY 1 ORDER BY 2 DESC LIMIT 1";
            default -> "SELECT ch.billing_currency, sum(abs(ch.effective_cost)) FROM charge ch JOIN source so "
                    + "ON so.id = ch.source_id WHERE ch.charge_period_start >= ? AND " + chargeFilter(scope)
                    + " GROUP BY 1 ORDER BY 2 DESC LIMIT 1";
        };
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(today.minusDays(HISTORY_DAYS).atStartOfDay(ZoneOffset.UTC)
                    .toInstant()));
            bindScope(ps, 2, scope);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("no cost for " + scope.text() + " in the last " + HISTORY_DAYS
                            + " days");
                }
                return rs.getString(1);
            }
        }
    }

    /** The scope's cost (or credits) per UTC day in [from, to). */
    SortedMap<LocalDate, BigDecimal> series(Connection c, ForecastScope scope, boolean credits, String currency,
            LocalDate from, LocalDate to) throws SQLException {
        String sql = switch (scope.kind()) {
            case TEAM, WORKLOAD, WAREHOUSE -> "SELECT (a.charge_period_start AT TIME ZONE 'UTC')::date, "
                    + (credits ? "sum(a.credits)" : "sum(a.amount)") + " FROM allocation a JOIN source so "
                    + "ON so.id = a.source_id WHERE a.charge_period_start >= ? AND a.charge_period_start < ? AND "
                    + allocationFilter(scope) + (credits ? " AND a.credits IS NOT NULL" : " AND a.currency = ?")
                    + " GROUP BY 1";
            default -> "SELECT (ch.charge_period_start AT TIME ZONE 'UTC')::date, "
                    + (credits ? "sum(ch.pricing_quantity)" : "sum(ch.effective_cost)") + " FROM charge ch JOIN source so "
                    + "ON so.id = ch.source_id WHERE ch.charge_period_start >= ? AND ch.charge_period_start < ? AND "
                    + chargeFilter(scope) + (credits ? " AND lower(ch.pricing_unit) = 'credits'"
                            : " AND ch.billing_currency = ?") + " GROUP BY 1";
        };
        SortedMap<LocalDate, BigDecimal> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()));
            ps.setTimestamp(2, Timestamp.from(to.atStartOfDay(ZoneOffset.UTC).toInstant()));
            int i = bindScope(ps, 3, scope);
            if (!credits) {
                ps.setString(i, currency);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, LocalDate.class), rs.getBigDecimal(2));
                }
            }
        }
        return out;
    }

    private static String allocationFilter(ForecastScope s) {
        return switch (s.kind()) {
            case TEAM -> "a.team = ?";
            case WORKLOAD -> "a.team = ? AND a.workload = ?";
            default -> "so.name = ? AND upper(a.warehouse) = upper(?)";
        };
    }

    private static String chargeFilter(ForecastScope s) {
        return switch (s.kind()) {
            case PROVIDER -> "lower(ch.provider_name) = lower(?)";
            case SOURCE -> "so.name = ?";
            default -> "true";
        };
    }

    private static int bindScope(PreparedStatement ps, int i, ForecastScope s) throws SQLException {
        switch (s.kind()) {
            case TOTAL -> {
                return i;
            }
            case WORKLOAD, WAREHOUSE -> {
                ps.setString(i, s.first());
                ps.setString(i + 1, s.second());
                return i + 2;
            }
            default -> {
                ps.setString(i, s.value());
                return i + 1;
            }
        }
    }
}
