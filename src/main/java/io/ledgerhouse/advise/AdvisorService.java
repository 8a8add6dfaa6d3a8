package io.ledgerhouse.advise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.advise.engine.AdvisorSettings;
import io.ledgerhouse.advise.engine.AnalysisPeriod;
import io.ledgerhouse.advise.engine.AutoSuspendAdvisor;
import io.ledgerhouse.advise.engine.AutoSuspendStudy;
import io.ledgerhouse.advise.engine.MultiClusterAdvisor;
import io.ledgerhouse.advise.engine.ObjectRecommendation;
import io.ledgerhouse.advise.engine.QueryInsightSettings;
import io.ledgerhouse.advise.engine.QueryInsights;
import io.ledgerhouse.advise.engine.QueryObservation;
import io.ledgerhouse.advise.engine.QueryRun;
import io.ledgerhouse.advise.engine.Recommendation;
import io.ledgerhouse.advise.engine.ReplayedSetting;
import io.ledgerhouse.advise.engine.ScalingPolicy;
import io.ledgerhouse.advise.engine.SizeAdvice;
import io.ledgerhouse.advise.engine.SizeAdvisor;
import io.ledgerhouse.advise.engine.StorageAdvisor;
import io.ledgerhouse.advise.engine.StorageSettings;
import io.ledgerhouse.advise.engine.StoredTable;
import io.ledgerhouse.advise.engine.WarehouseConfiguration;
import io.ledgerhouse.advise.engine.WarehouseWorkload;
import io.ledgerhouse.advise.engine.WorkloadClass;
import io.ledgerhouse.domain.NotFoundException;
import io.ledgerhouse.domain.WarehouseKind;
import io.ledgerhouse.domain.WarehouseSize;
import io.ledgerhouse.store.Source;
import io.ledgerhouse.store.SourceRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Snowflake source's recent history from the store (current warehouse settings, each warehouse's queries and
 * metered credits over the last {@code ledgerhouse.advisor.days}, the price paid per credit), runs the advisor engines
 * on it and refreshes the source's recommendations; serves the auto-suspend curve; and measures applied
 * recommendations once enough time has passed.
 */
@ApplicationScoped
public class AdvisorService {

    static final Set<String> KINDS = Set.of("AUTO_SUSPEND", "WAREHOUSE_SIZE", "MIN_CLUSTER_COUNT",
            "MAX_CLUSTER_COUNT", "SCALING_POLICY");
    static final Set<String> STORAGE_KINDS = Set.of(StorageAdvisor.RETENTION, StorageAdvisor.TRANSIENT,
            StorageAdvisor.UNUSED);
    static final Set<String> QUERY_KINDS = Set.of(QueryInsights.PRUNING, QueryInsights.SPILLING,
            QueryInsights.REPEATED);
    /** The list price per TB-month used when the store holds no storage charges of the source. */
    static final BigDecimal DEFAULT_STORAGE_PRICE = new BigDecimal("23");

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SourceRepository sources;
    @Inject
    RecommendationService recommendations;
    @Inject
    AdvisorConfig config;
    @Inject
    ObjectMapper json;

    /** One warehouse's inputs, read from the store. */
    record Inputs(WarehouseConfiguration warehouse, WarehouseWorkload workload, AnalysisPeriod period,
            BigDecimal meteredCredits, BigDecimal pricePerCredit, String currency) {
    }

    AdvisorSettings settings() {
        AdvisorSettings d = AdvisorSettings.defaults();
        return new AdvisorSettings.Defaults(config.fidelityBoundPercent(), d.minimumSavingsShare(),
                d.minimumMonthlyCredits(), d.interactiveColdBudget(), d.etlColdBudget(), d.tieShare(),
                d.remoteSpillQueryShare(), d.localSpillQueryShare(), d.queuedTimeShare(), d.queuedQueryShare(),
                d.shortQuerySeconds(), d.lowLoad(), d.clusterConcurrency());
    }

    /** Refreshes the advice of every Snowflake source. */
    public List<RecommendationService.Refresh> refreshAll() {
        return EachSource.refresh(sources, "SNOWFLAKE", "Advice", this::refresh);
    }

    /** Runs every advisor on every warehouse of {@code sourceName} and refreshes its recommendations. */
    public RecommendationService.Refresh refresh(String sourceName) {
        Source source = source(sourceName);
        List<RecommendationService.Advice> advice = new ArrayList<>();
        AdvisorSettings settings = settings();
        for (String warehouse : warehouses(source.id)) {
            Optional<Inputs> in = inputs(source.id, warehouse);
            if (in.isEmpty()) {
                continue;
            }
            Inputs i = in.get();
            AutoSuspendStudy study = new AutoSuspendAdvisor(settings).study(i.warehouse(), i.workload(), i.period(),
                    i.meteredCredits(), i.pricePerCredit(), i.currency(), classOverride(warehouse));
            study.recommendation().ifPresent(r -> advice.add(advice(r, i, study)));
            SizeAdvice size = new SizeAdvisor(settings).advise(i.warehouse(), i.workload(), i.period(),
                    i.pricePerCredit(), i.currency());
            size.recommendation().ifPresent(r -> advice.add(advice(r, i, null)));
            new MultiClusterAdvisor(settings).advise(i.warehouse(), i.workload(),
                    study.workloadClass().workloadClass(), i.period(), i.pricePerCredit(), i.currency())
                    .recommendations().forEach(r -> advice.add(advice(r, i, null)));
        }
        RecommendationService.Refresh warehouses = recommendations.refresh(source.id, KINDS, advice);
        RecommendationService.Refresh storage = recommendations.refresh(source.id, STORAGE_KINDS,
                storageAdvice(source.id));
        List<RecommendationService.Advice> queryAdvice = new ArrayList<>();
        queryInsights(source.id).ifPresent(r -> r.recommendations().forEach(o -> queryAdvice.add(advice(o,
                r.costMethod()))));
        RecommendationService.Refresh queries = recommendations.refresh(source.id, QUERY_KINDS, queryAdvice);
        return sum(sum(warehouses, storage), queries);
    }

    private static RecommendationService.Refresh sum(RecommendationService.Refresh a,
            RecommendationService.Refresh b) {
        return new RecommendationService.Refresh(a.created() + b.created(), a.revised() + b.revised(),
                a.unchanged() + b.unchanged(), a.superseded() + b.superseded(), a.reopened() + b.reopened());
    }

    // ---- storage lifecycle

    /** The storage advice of a source from its latest table storage snapshot, last reads and storage price. */
    List<RecommendationService.Advice> storageAdvice(long sourceId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                List<StoredTable> tables = new ArrayList<>();
                Instant asOf = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT t.table_id, t.database_name, t.schema_name, "
                        + "t.table_name, coalesce(t.is_transient, false), coalesce(t.active_bytes, 0), "
                        + "coalesce(t.time_travel_bytes, 0), coalesce(t.failsafe_bytes, 0), "
                        + "coalesce(t.retained_for_clone_bytes, 0), t.table_created, t.table_dropped, lr.last_read, "
                        + "t.collected_at FROM sf_table_storage t LEFT JOIN sf_table_last_read lr ON lr.source_id = "
                        + "t.source_id AND lr.object_id = t.table_id WHERE t.source_id = ? AND t.snapshot_date = "
                        + "(SELECT max(snapshot_date) FROM sf_table_storage WHERE source_id = ?) ORDER BY t.table_id")) {
                    ps.setLong(1, sourceId);
                    ps.setLong(2, sourceId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (rs.getString(2) == null || rs.getString(3) == null || rs.getString(4) == null) {
                                continue;
                            }
                            tables.add(new StoredTable(rs.getLong(1), rs.getString(2), rs.getString(3),
                                    rs.getString(4), rs.getBoolean(5), rs.getBigDecimal(6).longValue(),
                                    rs.getBigDecimal(7).longValue(), rs.getBigDecimal(8).longValue(),
                                    rs.getBigDecimal(9).longValue(), instant(rs.getTimestamp(10)),
                                    instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)), null));
                            Instant collected = rs.getTimestamp(13).toInstant();
                            asOf = asOf == null || collected.isAfter(asOf) ? collected : asOf;
                        }
                    }
                }
                if (tables.isEmpty()) {
                    return List.<RecommendationService.Advice>of();
                }
                // reads are known from the earliest one recorded (a conservative start of what ACCESS_HISTORY
                // covered) when the view is collected at all
                Instant readsSince = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT min(last_read) FROM sf_table_last_read "
                        + "WHERE source_id = ?) FROM collector_watermark WHERE source_id = ? AND view_name = "
                        + "'ACCESS_HISTORY'")) {
                    ps.setLong(1, sourceId);
                    ps.setLong(2, sourceId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            readsSince = instant(rs.getTimestamp(1));
                        }
                    }
                }
                BigDecimal price = DEFAULT_STORAGE_PRICE;
                String currency = "USD";
                String note = "no storage charges collected: the list price of 23 USD per TB-month is assumed";
                try (PreparedStatement ps = c.prepareStatement("SELECT billing_currency, sum(billed_cost), "
                        + "sum(pricing_quantity) FROM charge WHERE source_id = ? AND sku_id = 'STORAGE' GROUP BY 1 "
                        + "ORDER BY 2 DESC LIMIT 1")) {
                    ps.setLong(1, sourceId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getBigDecimal(3) != null && rs.getBigDecimal(3).signum() > 0) {
                            price = rs.getBigDecimal(2).divide(rs.getBigDecimal(3), 4, RoundingMode.HALF_UP);
                            currency = rs.getString(1);
                            note = "the storage price is the source's storage charges: billed cost / TB-months = "
                                    + price.toPlainString() + " " + currency + " per TB-month";
                        }
                    }
                }
                List<ObjectRecommendation> found = new StorageAdvisor(StorageSettings.defaults()).advise(tables,
                        asOf, readsSince, price, currency, note);
                List<RecommendationService.Advice> out = new ArrayList<>();
                found.forEach(o -> out.add(advice(o, null)));
                return out;
            }
        });
    }

    // ---- query insights

    /** A source's costliest query patterns over the advisor's period (empty without metered history). */
    public record Patterns(String source, Instant from, Instant to, String costMethod, String currency,
            List<QueryInsights.QueryPattern> patterns) {
    }

    public Patterns patterns(String sourceName) {
        return queryInsights(source(sourceName).id).map(r -> new Patterns(sourceName, r.period().from(),
                r.period().to(), r.costMethod(), r.currency(), r.patterns()))
                .orElse(new Patterns(sourceName, null, null, null, null, List.of()));
    }

    Optional<QueryInsights.Result> queryInsights(long sourceId) {
        return QuarkusTransaction.requiringNew().timeout(1_800).call(() -> {
            try (Connection c = dataSource.getConnection()) {
                Optional<Instant> last = lastMeteredHourEnd(c, sourceId);
                if (last.isEmpty()) {
                    return Optional.<QueryInsights.Result>empty();
                }
                Instant to = last.get();
                Instant from = to.minus(Duration.ofDays(config.days()));
                // a younger source is analysed from its first query, so monthly figures and halves are not diluted
                try (PreparedStatement ps = c.prepareStatement("SELECT min(start_time) FROM sf_query WHERE "
                        + "source_id = ? AND start_time >= ? AND start_time < ?")) {
                    ps.setLong(1, sourceId);
                    ps.setTimestamp(2, Timestamp.from(from));
                    ps.setTimestamp(3, Timestamp.from(to));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getTimestamp(1) != null) {
                            from = rs.getTimestamp(1).toInstant().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
                        }
                    }
                }
                if (!to.isAfter(from)) {
                    return Optional.<QueryInsights.Result>empty();
                }
                java.util.Map<String, BigDecimal> warehouseCost = new java.util.HashMap<>();
                String currency = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT resource_name, billing_currency, "
                        + "sum(billed_cost) FROM charge WHERE source_id = ? AND sku_id = 'WAREHOUSE_COMPUTE' AND "
                        + "charge_period_start >= ? AND charge_period_start < ? GROUP BY 1, 2 ORDER BY 3 DESC")) {
                    ps.setLong(1, sourceId);
                    ps.setTimestamp(2, Timestamp.from(from));
                    ps.setTimestamp(3, Timestamp.from(to));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            currency = currency == null ? rs.getString(2) : currency;
                            if (currency.equals(rs.getString(2)) && rs.getString(1) != null) {
                                warehouseCost.put(rs.getString(1), rs.getBigDecimal(3));
                            }
                        }
                    }
                }
                java.sql.Date firstMonth = java.sql.Date.valueOf(java.time.LocalDate.ofInstant(from,
                        java.time.ZoneOffset.UTC).withDayOfMonth(1));
                java.sql.Date lastMonth = java.sql.Date.valueOf(java.time.LocalDate.ofInstant(to,
                        java.time.ZoneOffset.UTC).withDayOfMonth(1));
                boolean allocated;
                try (PreparedStatement ps = c.prepareStatement("SELECT currency FROM query_cost WHERE source_id = ? "
                        + "AND month >= ? AND month <= ? LIMIT 1")) {
                    ps.setLong(1, sourceId);
                    ps.setDate(2, firstMonth);
                    ps.setDate(3, lastMonth);
                    try (ResultSet rs = ps.executeQuery()) {
                        allocated = rs.next();
                        if (allocated) {
                            currency = rs.getString(1);
                        }
                    }
                }
                if (currency == null) {
                    return Optional.<QueryInsights.Result>empty();
                }
                AnalysisPeriod period = new AnalysisPeriod(from, to);
                QueryInsights insights = new QueryInsights(QueryInsightSettings.defaults(), period);
                // each query's allocated cost, read apart: a join of the two fresh tables can get a nested-loop plan
                java.util.Map<String, BigDecimal> costs = new java.util.HashMap<>();
                if (allocated) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT query_id, sum(amount) FROM query_cost "
                            + "WHERE source_id = ? AND month >= ? AND month <= ? GROUP BY query_id")) {
                        ps.setFetchSize(10_000);
                        ps.setLong(1, sourceId);
                        ps.setDate(2, firstMonth);
                        ps.setDate(3, lastMonth);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                costs.put(rs.getString(1), rs.getBigDecimal(2));
                            }
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT q.query_hash, q.query_parameterized_hash, "
                        + "q.start_time, q.execution_time, q.bytes_scanned, q.partitions_scanned, q.partitions_total, "
                        + "q.bytes_spilled_to_local_storage, q.bytes_spilled_to_remote_storage, q.rows_produced, "
                        + "q.warehouse_name, q.user_name, q.database_name, left(q.query_text, 400), q.query_id "
                        + "FROM sf_query q WHERE q.source_id = ? AND q.start_time >= ? AND q.start_time < ?")) {
                    ps.setFetchSize(10_000);
                    ps.setLong(1, sourceId);
                    ps.setTimestamp(2, Timestamp.from(from));
                    ps.setTimestamp(3, Timestamp.from(to));
                try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            insights.add(new QueryObservation(rs.getString(1), rs.getString(2),
                                    rs.getTimestamp(3).toInstant(), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                                    rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getString(11),
                                    rs.getString(12), rs.getString(13), rs.getString(14), allocated
                                            ? costs.getOrDefault(rs.getString(15), BigDecimal.ZERO) : null));
                        }
                    }
                }
                return Optional.of(insights.result(allocated ? QueryInsights.CostBasis.allocated(currency)
                        : QueryInsights.CostBasis.estimated(warehouseCost, currency)));
            }
        });
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** Storage and query advice as stored: figures, assumptions and context in the evidence; money only. */
    RecommendationService.Advice advice(ObjectRecommendation r, String costMethod) {
        ObjectNode evidence = json.createObjectNode();
        evidence.put("from", r.evidence().period().from().toString());
        evidence.put("to", r.evidence().period().to().toString());
        evidence.put("days", Math.round(r.evidence().period().days() * 100) / 100.0);
        ArrayNode figures = evidence.putArray("figures");
        for (Recommendation.Figure f : r.evidence().figures()) {
            figures.addObject().put("name", f.name()).put("value", f.value()).put("unit", f.unit());
        }
        ArrayNode assumptions = evidence.putArray("assumptions");
        r.assumptions().forEach(assumptions::add);
        if (!r.context().isEmpty()) {
            ObjectNode context = evidence.putObject("context");
            r.context().forEach(context::put);
        }
        if (costMethod != null) {
            evidence.put("costMethod", costMethod);
        }
        if (r.monthlySavingsMoney() == null) {
            evidence.put("savings", "not estimated: " + r.performanceEffect());
        }
        return new RecommendationService.Advice(r.kind(), r.targetType(), r.target(), r.currentValue(),
                r.proposedValue(), null, r.monthlySavingsMoney(), r.currency(), r.performanceEffect(), evidence,
                r.confidence().level().name(), r.confidence().why(), r.sql(), null);
    }

    /** The auto-suspend curve of one warehouse: every candidate's cost and cold starts, current and chosen marked. */
    public record CurvePoint(int autoSuspendSeconds, String label, BigDecimal credits, BigDecimal money,
            BigDecimal monthlyCredits, BigDecimal monthlyMoney, long resumes, long clusterStarts, long coldQueries,
            double coldShare, boolean current, boolean recommended) {
    }

    public record Curve(String source, String warehouse, Instant from, Instant to, String size,
            int currentAutoSuspendSeconds, Integer recommendedAutoSuspendSeconds, String currency,
            BigDecimal pricePerCredit, BigDecimal meteredCredits, Double fidelityErrorPercent,
            double fidelityBoundPercent, String workloadClass, boolean classOverridden, List<String> classReasons,
            double coldBudget, String verdict, List<CurvePoint> curve) {
    }

    public Curve autoSuspendCurve(String sourceName, String warehouse) {
        Source source = source(sourceName);
        String name = warehouses(source.id).stream().filter(w -> w.equalsIgnoreCase(warehouse)).findFirst()
                .orElseThrow(() -> new NotFoundException("no warehouse '" + warehouse + "' in " + sourceName));
        Inputs i = inputs(source.id, name).orElseThrow(() -> new NotFoundException("no metered history of '"
                + warehouse + "' in " + sourceName + " to replay"));
        AutoSuspendStudy s = new AutoSuspendAdvisor(settings()).study(i.warehouse(), i.workload(), i.period(),
                i.meteredCredits(), i.pricePerCredit(), i.currency(), classOverride(name));
        double factor = i.period().monthlyFactor();
        List<CurvePoint> points = new ArrayList<>();
        for (ReplayedSetting r : s.curve()) {
            points.add(new CurvePoint(r.autoSuspendSeconds(), r.label(), r.credits(), r.money(),
                    r.credits().multiply(BigDecimal.valueOf(factor)).setScale(3, RoundingMode.HALF_UP),
                    r.money().multiply(BigDecimal.valueOf(factor)).setScale(2, RoundingMode.HALF_UP), r.resumes(),
                    r.clusterStarts(), r.coldQueries(), r.coldShare(), r.autoSuspendSeconds() == s.current()
                            .autoSuspendSeconds(), s.recommendation().isPresent() && s.chosen()
                            .map(c -> c.autoSuspendSeconds() == r.autoSuspendSeconds()).orElse(false)));
        }
        return new Curve(sourceName, name, i.period().from(), i.period().to(), i.warehouse().size().name(),
                i.warehouse().autoSuspendSeconds(), s.recommendation().isPresent()
                        ? s.chosen().map(ReplayedSetting::autoSuspendSeconds).orElse(null) : null,
                i.currency(), i.pricePerCredit(), s.meteredCredits(), s.fidelityErrorPercent(),
                config.fidelityBoundPercent(), s.workloadClass().workloadClass().name(),
                s.workloadClass().overridden(), s.workloadClass().reasons(), s.coldBudget(), s.verdict(), points);
    }

    /**
     * Measures every applied recommendation whose change is at least {@code verify-after-days} old: the warehouse's
     * metered credits since the change, per month, against the baseline and the prediction.
     */
    public int verifyApplied() {
        List<Object[]> due = QuarkusTransaction.requiringNew().call(() -> {
            List<Object[]> out = new ArrayList<>();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT r.id, "
                    + "r.source_id, r.target, r.applied_at, r.prediction::text, (SELECT max(m.end_time) FROM "
                    + "sf_warehouse_metering m WHERE m.source_id = r.source_id AND m.warehouse_name = r.target) "
                    + "FROM recommendation r WHERE r.status = 'APPLIED' AND r.target_type = 'warehouse' "
                    + "AND r.prediction IS NOT NULL")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3),
                                rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getTimestamp(6)});
                    }
                }
            }
            return out;
        });
        int verified = 0;
        for (Object[] d : due) {
            Instant applied = (Instant) d[3];
            Timestamp lastMetered = (Timestamp) d[5];
            if (lastMetered == null) {
                continue;
            }
            Instant end = lastMetered.toInstant();
            // measure from the first whole hour after the change
            Instant from = applied.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(Duration.ofHours(1));
            if (Duration.between(from, end).toDays() < config.verifyAfterDays()) {
                continue;
            }
            Instant to = end.isAfter(from.plus(Duration.ofDays(config.days()))) ? from.plus(Duration.ofDays(
                    config.days())) : end;
            BigDecimal credits = QuarkusTransaction.requiringNew().call(() -> {
                try (Connection c = dataSource.getConnection()) {
                    return metered(c, (Long) d[1], (String) d[2], from, to);
                }
            });
            try {
                JsonNode prediction = json.readTree((String) d[4]);
                AnalysisPeriod period = new AnalysisPeriod(from, to);
                BigDecimal measured = credits.multiply(BigDecimal.valueOf(period.monthlyFactor()))
                        .setScale(3, RoundingMode.HALF_UP);
                BigDecimal baseline = new BigDecimal(prediction.path("baselineMonthlyCredits").asText());
                BigDecimal predicted = new BigDecimal(prediction.path("predictedMonthlyCredits").asText());
                ObjectNode v = json.createObjectNode();
                v.put("from", from.toString());
                v.put("to", to.toString());
                v.put("measuredMonthlyCredits", measured);
                v.put("baselineMonthlyCredits", baseline);
                v.put("predictedMonthlyCredits", predicted);
                v.put("realisedMonthlySavingsCredits", baseline.subtract(measured));
                v.put("predictedMonthlySavingsCredits", baseline.subtract(predicted));
                if (predicted.signum() != 0) {
                    v.put("errorAgainstPredictionPercent", measured.subtract(predicted).multiply(BigDecimal
                            .valueOf(100)).divide(predicted, 2, RoundingMode.HALF_UP));
                }
                v.put("note", "metered credits after the change; the workload may have changed too");
                recommendations.verified((Long) d[0], v);
                verified++;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                Log.warnf("Recommendation %s has an unreadable prediction: %s", d[0], e.getMessage());
            }
        }
        return verified;
    }

    // ---- mapping

    private RecommendationService.Advice advice(Recommendation r, Inputs i, AutoSuspendStudy study) {
        ObjectNode evidence = json.createObjectNode();
        evidence.put("from", r.evidence().period().from().toString());
        evidence.put("to", r.evidence().period().to().toString());
        evidence.put("days", Math.round(r.evidence().period().days() * 100) / 100.0);
        ArrayNode figures = evidence.putArray("figures");
        for (Recommendation.Figure f : r.evidence().figures()) {
            figures.addObject().put("name", f.name()).put("value", f.value()).put("unit", f.unit());
        }
        if (study != null) {
            if (study.fidelityErrorPercent() != null) {
                evidence.put("fidelityErrorPercent", Math.round(study.fidelityErrorPercent() * 1000) / 1000.0);
            }
            evidence.put("workloadClass", study.workloadClass().workloadClass().name());
            evidence.put("verdict", study.verdict());
        }
        if (r.kind() == Recommendation.Kind.WAREHOUSE_SIZE) {
            evidence.put("scalingAssumption", SizeAdvisor.SCALING_ASSUMPTION);
        }
        BigDecimal baseline = i.meteredCredits().multiply(BigDecimal.valueOf(i.period().monthlyFactor()))
                .setScale(3, RoundingMode.HALF_UP);
        ObjectNode prediction = json.createObjectNode();
        prediction.put("baselineMonthlyCredits", baseline);
        prediction.put("predictedMonthlyCredits", baseline.subtract(r.monthlySavingsCredits()));
        return new RecommendationService.Advice(r.kind().name(), "warehouse", r.warehouse(), r.currentValue(),
                r.proposedValue(), r.monthlySavingsCredits(), r.monthlySavingsMoney(), r.currency(),
                r.performanceEffect(), evidence, r.confidence().level().name(), r.confidence().why(), r.sql(),
                prediction);
    }

    private WorkloadClass classOverride(String warehouse) {
        return config.warehouseClass().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(warehouse))
                .map(e -> WorkloadClass.valueOf(e.getValue().strip().toUpperCase(Locale.ROOT))).findFirst()
                .orElse(null);
    }

    // ---- store

    private Source source(String name) {
        Source s = QuarkusTransaction.requiringNew().call(() -> sources.findByName(name))
                .orElseThrow(() -> new NotFoundException("no source named '" + name + "'"));
        if (!"SNOWFLAKE".equals(s.kind)) {
            throw new NotFoundException("'" + name + "' is not a Snowflake account");
        }
        return s;
    }

    private List<String> warehouses(long sourceId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<String> out = new ArrayList<>();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                    + "warehouse_name FROM sf_warehouse_setting WHERE source_id = ? AND valid_to IS NULL "
                    + "ORDER BY warehouse_name")) {
                ps.setLong(1, sourceId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** Where the source's analysis period ends: the end of its last metered warehouse-hour (none before any). */
    private static Optional<Instant> lastMeteredHourEnd(Connection c, long sourceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max(end_time) FROM sf_warehouse_metering "
                + "WHERE source_id = ?")) {
            ps.setLong(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? Optional.empty() : Optional.of(t.toInstant());
            }
        }
    }

    /** The warehouse's settings, queries, metering and price over the last days, if it has metered history. */
    Optional<Inputs> inputs(long sourceId, String warehouse) {
        return QuarkusTransaction.requiringNew().timeout(1_800).call(() -> {
            try (Connection c = dataSource.getConnection()) {
                // inside the transaction the driver streams the queries with a cursor (fetch size below)
                Optional<Instant> last = lastMeteredHourEnd(c, sourceId);
                if (last.isEmpty()) {
                    return Optional.<Inputs>empty();
                }
                Instant to = last.get();
                Instant from = to.minus(Duration.ofDays(config.days()));
                BigDecimal metered = metered(c, sourceId, warehouse, from, to);
                WarehouseConfiguration settings = configuration(c, sourceId, warehouse);
                if (settings == null || metered.signum() == 0) {
                    return Optional.<Inputs>empty();
                }
                Object[] price = price(c, sourceId, from, to);
                if (price == null) {
                    return Optional.<Inputs>empty();
                }
                WarehouseWorkload.Builder workload = WarehouseWorkload.builder();
                try (PreparedStatement ps = c.prepareStatement("SELECT start_time, end_time, cluster_number, "
                        + "compilation_time, queued_provisioning_time, queued_repair_time, queued_overload_time, "
                        + "execution_time, bytes_scanned, partitions_scanned, bytes_spilled_to_local_storage, "
                        + "bytes_spilled_to_remote_storage, query_type, query_tag FROM sf_query WHERE source_id = ? "
                        + "AND warehouse_name = ? AND start_time >= ? AND start_time < ? AND end_time IS NOT NULL")) {
                    ps.setFetchSize(10_000);
                    ps.setLong(1, sourceId);
                    ps.setString(2, warehouse);
                    ps.setTimestamp(3, Timestamp.from(from.minus(Duration.ofDays(1))));
                    ps.setTimestamp(4, Timestamp.from(to));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            int cluster = rs.getInt(3);
                            workload.add(new QueryRun(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(),
                                    cluster < 1 ? 1 : cluster, rs.getLong(4), rs.getLong(5), rs.getLong(6),
                                    rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                                    rs.getLong(12), rs.getString(13), rs.getString(14)));
                        }
                    }
                }
                return Optional.of(new Inputs(settings, workload.build(), new AnalysisPeriod(from, to), metered,
                        (BigDecimal) price[0], (String) price[1]));
            }
        });
    }

    private static BigDecimal metered(Connection c, long sourceId, String warehouse, Instant from, Instant to)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(coalesce(credits_used_compute, "
                + "credits_used - coalesce(credits_used_cloud_services, 0))), 0) FROM sf_warehouse_metering "
                + "WHERE source_id = ? AND warehouse_name = ? AND start_time >= ? AND start_time < ?")) {
            ps.setLong(1, sourceId);
            ps.setString(2, warehouse);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }

    private static WarehouseConfiguration configuration(Connection c, long sourceId, String warehouse)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT size, type, resource_constraint, auto_suspend, "
                + "min_cluster_count, max_cluster_count, scaling_policy FROM sf_warehouse_setting WHERE source_id = ? "
                + "AND warehouse_name = ? AND valid_to IS NULL")) {
            ps.setLong(1, sourceId);
            ps.setString(2, warehouse);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return null;
                }
                int min = Math.max(1, rs.getInt(5));
                int max = Math.max(min, rs.getInt(6));
                ScalingPolicy policy = "ECONOMY".equalsIgnoreCase(rs.getString(7)) ? ScalingPolicy.ECONOMY
                        : ScalingPolicy.STANDARD;
                try {
                    return new WarehouseConfiguration(warehouse, WarehouseSize.parse(rs.getString(1)),
                            WarehouseKind.of(rs.getString(2), rs.getString(3)), WarehouseKind.Cloud.AWS,
                            Math.max(0, rs.getInt(4)), min, max, policy);
                } catch (IllegalArgumentException e) {
                    Log.debugf("Warehouse %s cannot be analysed: %s", warehouse, e.getMessage());
                    return null;
                }
            }
        }
    }

    /** The price paid per credit of warehouse compute over the period, and its currency. */
    private static Object[] price(Connection c, long sourceId, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT billing_currency, sum(billed_cost), "
                + "sum(pricing_quantity) FROM charge WHERE source_id = ? AND sku_id = 'WAREHOUSE_COMPUTE' "
                + "AND charge_period_start >= ? AND charge_period_start < ? GROUP BY 1 ORDER BY 2 DESC LIMIT 1")) {
            ps.setLong(1, sourceId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getBigDecimal(3) == null || rs.getBigDecimal(3).signum() == 0) {
                    return null;
                }
                return new Object[] {rs.getBigDecimal(2).divide(rs.getBigDecimal(3), 6, RoundingMode.HALF_UP),
                        rs.getString(1)};
            }
        }
    }
}
