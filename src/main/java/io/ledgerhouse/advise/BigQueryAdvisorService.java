package io.ledgerhouse.advise;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.advise.engine.AnalysisPeriod;
import io.ledgerhouse.advise.engine.BigQueryCapacityAdvisor;
import io.ledgerhouse.advise.engine.BigQueryStorageAdvisor;
import io.ledgerhouse.advise.engine.ObjectRecommendation;
import io.ledgerhouse.advise.engine.SlotCapacityReplay;
import io.ledgerhouse.collect.bigquery.BigQueryConfig;
import io.ledgerhouse.collect.bigquery.engine.BigQueryCharges;
import io.ledgerhouse.collect.bigquery.engine.PriceSheet;
import io.ledgerhouse.domain.NotFoundException;
import io.ledgerhouse.store.BigQueryStore;
import io.ledgerhouse.store.Source;
import io.ledgerhouse.store.SourceRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * BigQuery capacity advice of a source: each project's per-minute slot usage of the last {@code ledgerhouse.advisor
 * .days} replayed under every edition and baseline, against the on-demand cost of the same jobs and what the period
 * was billed; the cheapest setting becomes a recommendation when it saves enough.
 */
@ApplicationScoped
public class BigQueryAdvisorService {

    static final Set<String> KINDS = Set.of(BigQueryCapacityAdvisor.KIND);
    static final Set<String> STORAGE_KINDS = Set.of(BigQueryStorageAdvisor.BILLING_MODEL,
            BigQueryStorageAdvisor.TIME_TRAVEL, BigQueryStorageAdvisor.EXPIRATION);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SourceRepository sources;
    @Inject
    RecommendationService recommendations;
    @Inject
    AdvisorService advisor;
    @Inject
    AdvisorConfig config;
    @Inject
    BigQueryConfig bigquery;

    /** The studies of every project of {@code sourceName} (every candidate's replayed cost). */
    public List<BigQueryCapacityAdvisor.Study> capacity(String sourceName) {
        Source source = source(sourceName);
        return QuarkusTransaction.requiringNew().timeout(1_800).call(() -> {
            try (Connection c = dataSource.getConnection()) {
                List<BigQueryCapacityAdvisor.Study> out = new ArrayList<>();
                for (String project : projects(c, source.id)) {
                    study(c, source.id, project).ifPresent(out::add);
                }
                return out;
            }
        });
    }

    /** Refreshes the advice of every BigQuery source. */
    public List<RecommendationService.Refresh> refreshAll() {
        return EachSource.refresh(sources, "BIGQUERY", "BigQuery advice", this::refresh);
    }

    /** Refreshes the source's BigQuery capacity recommendations. */
    public RecommendationService.Refresh refresh(String sourceName) {
        Source source = source(sourceName);
        String currency = Optional.ofNullable(bigquery.projects().get(sourceName)).map(BigQueryConfig.Project::currency)
                .orElse("USD");
        List<RecommendationService.Advice> advice = new ArrayList<>();
        for (BigQueryCapacityAdvisor.Study s : capacity(sourceName)) {
            BigQueryCapacityAdvisor.advise(s, currency, editions(s.project())).ifPresent(r -> advice.add(
                    advisor.advice(r, "replay of JOBS_TIMELINE per minute")));
        }
        RecommendationService.Refresh capacity = recommendations.refresh(source.id, KINDS, advice);
        List<RecommendationService.Advice> storage = new ArrayList<>();
        storageAdvice(source.id, currency).forEach(r -> storage.add(advisor.advice(r, null)));
        RecommendationService.Refresh s = recommendations.refresh(source.id, STORAGE_KINDS, storage);
        return new RecommendationService.Refresh(capacity.created() + s.created(), capacity.revised() + s.revised(),
                capacity.unchanged() + s.unchanged(), capacity.superseded() + s.superseded(),
                capacity.reopened() + s.reopened());
    }

    /**
     * Storage advice from the latest TABLE_STORAGE snapshot, the datasets' options that day and the last time the
     * collected jobs referenced each table.
     */
    List<ObjectRecommendation> storageAdvice(long sourceId, String currency) {
        return QuarkusTransaction.requiringNew().timeout(1_800).call(() -> {
            try (Connection c = dataSource.getConnection()) {
                java.util.Map<String, Instant> lastReferenced = new java.util.HashMap<>();
                Instant referencesSince = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT t, max(j.creation_time) FROM bq_job j, "
                        + "jsonb_array_elements_text(coalesce(j.referenced_tables, '[]'::jsonb)) t "
                        + "WHERE j.source_id = ? GROUP BY t")) {
                    ps.setLong(1, sourceId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            lastReferenced.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT min(creation_time) FROM bq_job "
                        + "WHERE source_id = ?")) {
                    ps.setLong(1, sourceId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getTimestamp(1) != null) {
                            referencesSince = rs.getTimestamp(1).toInstant();
                        }
                    }
                }
                List<BigQueryStorageAdvisor.Table> tables = new ArrayList<>();
                List<BigQueryStorageAdvisor.Dataset> datasets = new ArrayList<>();
                Instant asOf = null;
                String region = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT t.project_id, t.dataset, t.table_name, "
                        + "coalesce(t.active_logical_bytes, 0), coalesce(t.long_term_logical_bytes, 0), "
                        + "coalesce(t.active_physical_bytes, 0), coalesce(t.long_term_physical_bytes, 0), "
                        + "coalesce(t.time_travel_physical_bytes, 0), coalesce(t.fail_safe_physical_bytes, 0), "
                        + "t.creation_time, t.collected_at, t.region, o.storage_billing_model, o.max_time_travel_hours "
                        + "FROM bq_table_storage t LEFT JOIN bq_dataset_option o ON o.source_id = t.source_id "
                        + "AND o.project_id = t.project_id AND o.snapshot_date = t.snapshot_date AND o.dataset = t.dataset "
                        + "WHERE t.source_id = ? AND t.snapshot_date = (SELECT max(snapshot_date) FROM bq_table_storage "
                        + "WHERE source_id = ?) ORDER BY 1, 2, 3")) {
                    ps.setLong(1, sourceId);
                    ps.setLong(2, sourceId);
                    try (ResultSet rs = ps.executeQuery()) {
                        java.util.Set<String> seen = new java.util.HashSet<>();
                        while (rs.next()) {
                            String project = rs.getString(1);
                            String dataset = rs.getString(2);
                            String name = project + "." + dataset + "." + rs.getString(3);
                            tables.add(new BigQueryStorageAdvisor.Table(project, dataset, rs.getString(3),
                                    rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                                    rs.getLong(9), rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant(),
                                    lastReferenced.get(name)));
                            if (seen.add(project + "." + dataset)) {
                                datasets.add(new BigQueryStorageAdvisor.Dataset(project, dataset, rs.getString(13),
                                        (Integer) rs.getObject(14)));
                            }
                            Instant collected = rs.getTimestamp(11).toInstant();
                            asOf = asOf == null || collected.isAfter(asOf) ? collected : asOf;
                            region = rs.getString(12);
                        }
                    }
                }
                if (tables.isEmpty()) {
                    return List.<ObjectRecommendation>of();
                }
                PriceSheet p = bigquery.priceSheet(region);
                return BigQueryStorageAdvisor.advise(datasets, tables, asOf, referencesSince,
                        new BigQueryStorageAdvisor.Prices(p.logicalActiveGibMonth(), p.logicalLongTermGibMonth(),
                                p.physicalActiveGibMonth(), p.physicalLongTermGibMonth()), currency);
            }
        });
    }

    private Source source(String name) {
        Source s = QuarkusTransaction.requiringNew().call(() -> sources.findByName(name))
                .orElseThrow(() -> new NotFoundException("no source named '" + name + "'"));
        if (!"BIGQUERY".equals(s.kind)) {
            throw new NotFoundException("'" + name + "' is not a BigQuery project");
        }
        return s;
    }

    private BigQueryCapacityAdvisor.Editions editions(String region) {
        PriceSheet p = bigquery.priceSheet(region == null ? "us" : region);
        return new BigQueryCapacityAdvisor.Editions(
                new SlotCapacityReplay.EditionPrices(p.standardSlotHour(), null, null),
                new SlotCapacityReplay.EditionPrices(p.enterpriseSlotHour(), p.enterprise1ySlotHour(),
                        p.enterprise3ySlotHour()),
                new SlotCapacityReplay.EditionPrices(p.enterprisePlusSlotHour(), p.enterprisePlus1ySlotHour(),
                        p.enterprisePlus3ySlotHour()));
    }

    private static List<String> projects(Connection c, long sourceId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT project_id FROM bq_job_minute "
                + "WHERE source_id = ? ORDER BY 1")) {
            ps.setLong(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * A project's study over its last {@code days} of collected minutes (from its first collected minute when the
     * history is shorter, so a baseline is not billed over days nothing was collected).
     */
    private Optional<BigQueryCapacityAdvisor.Study> study(Connection c, long sourceId, String project)
            throws SQLException {
        Instant first;
        Instant last;
        try (PreparedStatement ps = c.prepareStatement("SELECT min(minute), max(minute) FROM bq_job_minute "
                + "WHERE source_id = ? AND project_id = ?")) {
            ps.setLong(1, sourceId);
            ps.setString(2, project);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getTimestamp(1) == null) {
                    return Optional.empty();
                }
                first = rs.getTimestamp(1).toInstant().truncatedTo(ChronoUnit.HOURS);
                last = rs.getTimestamp(2).toInstant();
            }
        }
        Instant to = last.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Instant from = to.minus(config.days(), ChronoUnit.DAYS);
        if (from.isBefore(first)) {
            from = first;
        }
        AnalysisPeriod period = new AnalysisPeriod(from, to);
        List<SlotCapacityReplay.Minute> usage = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT minute, sum(slot_ms) FROM bq_job_minute "
                + "WHERE source_id = ? AND project_id = ? AND minute >= ? AND minute < ? GROUP BY minute")) {
            ps.setLong(1, sourceId);
            ps.setString(2, project);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    usage.add(new SlotCapacityReplay.Minute(rs.getTimestamp(1).toInstant(), rs.getLong(2)));
                }
            }
        }
        // what the same jobs would cost on demand (reservation jobs included), per region's price
        BigDecimal onDemand = BigDecimal.ZERO;
        String region = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT j.region, sum(j.total_bytes_billed) FROM bq_job j "
                + "WHERE j.source_id = ? AND j.project_id = ? AND j.creation_time >= ? AND j.creation_time < ? AND "
                + BigQueryStore.ON_DEMAND_JOB.replace("j.reservation_id IS NULL AND ", "") + " GROUP BY 1")) {
            ps.setLong(1, sourceId);
            ps.setString(2, project);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    region = rs.getString(1);
                    onDemand = onDemand.add(rs.getBigDecimal(2).multiply(bigquery.priceSheet(region)
                            .onDemandPerTib()).divide(BigQueryCharges.BYTES_PER_TIB));
                }
            }
        }
        // what the period was billed: on-demand and reservation charges (the free tier left out, as above)
        BigDecimal actual;
        String current;
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(billed_cost), 0), "
                + "string_agg(DISTINCT CASE WHEN sku_id = 'RESERVATION_SLOTS' THEN resource_name END, ', '), "
                + "bool_or(sku_id = 'ON_DEMAND_QUERY') FROM charge WHERE source_id = ? AND charge_period_start >= ? "
                + "AND charge_period_start < ? AND sku_id IN ('ON_DEMAND_QUERY', 'RESERVATION_SLOTS')")) {
            ps.setLong(1, sourceId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                actual = rs.getBigDecimal(1);
                String reservations = rs.getString(2);
                boolean onDemandToo = rs.getBoolean(3);
                current = reservations == null ? "on-demand" : "reservation " + reservations
                        + (onDemandToo ? " and on-demand" : "");
            }
        }
        return Optional.of(BigQueryCapacityAdvisor.study(project, period, usage, onDemand, actual, current,
                editions(region)));
    }
}
