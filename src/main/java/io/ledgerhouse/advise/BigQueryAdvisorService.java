package io.ledgerhouse.advise;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.advise.engine.AnalysisPeriod;
import io.ledgerhouse.advise.engine.BigQueryCapacityAdvisor;
import io.ledgerhouse.advise.engine.BigQueryQueryAdvisor;
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
 * BigQuery advice of a source: each project's and each reservation's per-minute slot usage of the last
 * {@code ledgerhouse.advisor.days} replayed under every edition and baseline, against the on-demand cost of the same
 * jobs and what the period was billed (the cheapest setting becomes a recommendation when it saves enough); storage
 * advice from the latest TABLE_STORAGE snapshot; query-pattern and full-scan advice from the period's jobs.
 */
@ApplicationScoped
public class BigQueryAdvisorService {

    static final Set<String> KINDS = Set.of(BigQueryCapacityAdvisor.KIND, BigQueryCapacityAdvisor.RESERVATION_KIND);
    static final Set<String> STORAGE_KINDS = Set.of(BigQueryStorageAdvisor.BILLING_MODEL,
            BigQueryStorageAdvisor.TIME_TRAVEL, BigQueryStorageAdvisor.EXPIRATION);
    static final Set<String> QUERY_KINDS = Set.of(BigQueryQueryAdvisor.REPEATED, BigQueryQueryAdvisor.SELECT_STAR,
            BigQueryQueryAdvisor.FULL_SCAN);

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

    /**
     * The studies of every reservation of {@code sourceName}: its jobs' per-minute slot usage replayed under every
     * candidate, against what its own reservation-hours were charged and the on-demand cost of its jobs.
     */
    public List<BigQueryCapacityAdvisor.Study> reservationCapacity(String sourceName) {
        Source source = source(sourceName);
        return QuarkusTransaction.requiringNew().timeout(1_800).call(() -> {
            try (Connection c = dataSource.getConnection()) {
                List<BigQueryCapacityAdvisor.Study> out = new ArrayList<>();
                List<String> reservations = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT reservation_id FROM "
                        + "bq_reservation_minute WHERE source_id = ? ORDER BY 1")) {
                    ps.setLong(1, source.id);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            reservations.add(rs.getString(1));
                        }
                    }
                }
                for (String reservation : reservations) {
                    reservationStudy(c, source.id, reservation).ifPresent(out::add);
                }
                return out;
            }
        });
    }

    /** A reservation's study over its last {@code days} of collected minutes (from its first when shorter). */
    private Optional<BigQueryCapacityAdvisor.Study> reservationStudy(Connection c, long sourceId, String reservation)
            throws SQLException {
        Instant first;
        Instant last;
        String name;
        String admin;
        String region;
        String edition;
        String current;
        try (PreparedStatement ps = c.prepareStatement("SELECT min(period_start) OVER (), max(period_start) OVER (), "
                + "reservation_name, admin_project_id, region, edition, slots_assigned, autoscale_max_slots "
                + "FROM bq_reservation_minute WHERE source_id = ? AND reservation_id = ? "
                + "ORDER BY period_start DESC LIMIT 1")) {
            ps.setLong(1, sourceId);
            ps.setString(2, reservation);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                first = rs.getTimestamp(1).toInstant().truncatedTo(ChronoUnit.HOURS);
                last = rs.getTimestamp(2).toInstant();
                name = rs.getString(3);
                admin = rs.getString(4);
                region = rs.getString(5);
                edition = rs.getString(6);
                current = (edition == null ? "edition unknown" : edition) + ", baseline " + rs.getLong(7)
                        + " slots, autoscale up to " + rs.getLong(8) + " more";
            }
        }
        AnalysisPeriod period = lastDays(first, last);
        Instant from = period.from();
        Instant to = period.to();
        List<SlotCapacityReplay.Minute> usage = slotUsage(c, sourceId, Scope.RESERVATION, reservation, from, to);
        // the reservation's jobs on demand: their bytes billed at their region's price (cache hits, failures and
        // script parents left out, as on-demand billing would)
        BigDecimal onDemand = onDemandCost(c, sourceId, Scope.RESERVATION, reservation, from, to).cost();
        BigDecimal actual;
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(billed_cost), 0) FROM charge "
                + "WHERE source_id = ? AND sku_id = 'RESERVATION_SLOTS' AND resource_id = ? "
                + "AND charge_period_start >= ? AND charge_period_start < ?")) {
            ps.setLong(1, sourceId);
            ps.setString(2, reservation);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                actual = rs.getBigDecimal(1);
            }
        }
        return Optional.of(BigQueryCapacityAdvisor.study(admin, region, reservation, name, edition,
                new AnalysisPeriod(from, to), usage, onDemand, actual, current, editions(region)));
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
        List<BigQueryCapacityAdvisor.Study> studies = new ArrayList<>(capacity(sourceName));
        studies.addAll(reservationCapacity(sourceName));
        for (BigQueryCapacityAdvisor.Study s : studies) {
            BigQueryCapacityAdvisor.advise(s, currency, editions(s.region())).ifPresent(r -> advice.add(
                    advisor.advice(r, "replay of JOBS_TIMELINE per minute")));
        }
        RecommendationService.Refresh capacity = recommendations.refresh(source.id, KINDS, advice);
        List<RecommendationService.Advice> storage = new ArrayList<>();
        storageAdvice(source.id, currency).forEach(r -> storage.add(advisor.advice(r, null)));
        RecommendationService.Refresh s = recommendations.refresh(source.id, STORAGE_KINDS, storage);
        List<RecommendationService.Advice> queries = new ArrayList<>();
        queryAdvice(source.id, currency).ifPresent(r -> r.recommendations().forEach(o -> queries.add(
                advisor.advice(o, COST_METHOD))));
        RecommendationService.Refresh q = recommendations.refresh(source.id, QUERY_KINDS, queries);
        return sum(sum(capacity, s), q);
    }

    private static RecommendationService.Refresh sum(RecommendationService.Refresh a,
            RecommendationService.Refresh b) {
        return new RecommendationService.Refresh(a.created() + b.created(), a.revised() + b.revised(),
                a.unchanged() + b.unchanged(), a.superseded() + b.superseded(), a.reopened() + b.reopened());
    }

    static final String COST_METHOD = "on-demand jobs: bytes billed at the region's price per TiB (free tier left "
            + "out); reservation jobs: their slot-ms share of the reservation-hours' charges (idle slots left out)";

    /** The source's query patterns ranked by cost and its full scans of large unpartitioned tables. */
    public Optional<BigQueryQueryAdvisor.Result> queries(String sourceName) {
        Source source = source(sourceName);
        return queryAdvice(source.id, Optional.ofNullable(bigquery.projects().get(sourceName))
                .map(BigQueryConfig.Project::currency).orElse("USD"));
    }

    /**
     * Query advice over the last {@code days} of collected jobs (from the first one when the history is shorter):
     * each job's cost (on-demand bytes at its region's price, or its slot-ms share of the reservation-hours it ran
     * in, as allocation splits them), the latest TABLE_STORAGE snapshot and the tables' layout from COLUMNS.
     */
    Optional<BigQueryQueryAdvisor.Result> queryAdvice(long sourceId, String currency) {
        return QuarkusTransaction.requiringNew().timeout(1_800).call(() -> {
            try (Connection c = dataSource.getConnection()) {
                Instant first;
                Instant last;
                try (PreparedStatement ps = c.prepareStatement("SELECT min(creation_time), max(creation_time) "
                        + "FROM bq_job WHERE source_id = ?")) {
                    ps.setLong(1, sourceId);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getTimestamp(1) == null) {
                            return Optional.<BigQueryQueryAdvisor.Result>empty();
                        }
                        first = rs.getTimestamp(1).toInstant().truncatedTo(ChronoUnit.HOURS);
                        last = rs.getTimestamp(2).toInstant();
                    }
                }
                AnalysisPeriod period = lastDays(first, last);
                Instant from = period.from();
                Instant to = period.to();
                BigQueryQueryAdvisor advisor = new BigQueryQueryAdvisor(config.bigquery(), period, currency,
                        tables(c, sourceId));
                java.util.Map<String, BigDecimal> reservationCost = reservationCosts(c, sourceId, from, to);
                java.util.Map<String, BigDecimal> prices = new java.util.HashMap<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT j.job_id, j.creation_time, j.project_id, "
                        + "j.region, j.user_email, j.labels::text, j.query_hash, j.query_text, "
                        + "coalesce(j.cache_hit, false), coalesce(j.total_bytes_processed, 0), "
                        + "CASE WHEN " + BigQueryStore.ON_DEMAND_JOB + " THEN j.total_bytes_billed ELSE 0 END, "
                        + "coalesce(j.total_slot_ms, 0), j.referenced_tables::text FROM bq_job j "
                        + "WHERE j.source_id = ? AND j.creation_time >= ? AND j.creation_time < ? "
                        + "AND j.job_type = 'QUERY' AND coalesce(j.statement_type, '') <> 'SCRIPT'")) {
                    ps.setFetchSize(10_000);
                    ps.setLong(1, sourceId);
                    ps.setTimestamp(2, Timestamp.from(from));
                    ps.setTimestamp(3, Timestamp.from(to));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String region = rs.getString(4);
                            BigDecimal price = prices.computeIfAbsent(region == null ? "us" : region,
                                    r -> bigquery.priceSheet(r).onDemandPerTib());
                            advisor.add(new BigQueryQueryAdvisor.Job(rs.getString(1), rs.getTimestamp(2).toInstant(),
                                    rs.getString(3), rs.getString(5), stringMap(rs.getString(6)), rs.getString(7),
                                    rs.getString(8), rs.getBoolean(9), rs.getLong(10), rs.getLong(11), price,
                                    rs.getLong(12), reservationCost.get(rs.getString(3) + "/" + rs.getString(1)),
                                    stringList(rs.getString(13))));
                        }
                    }
                }
                return Optional.of(advisor.result());
            }
        });
    }

    /**
     * Each reservation job's cost in [from, to): per reservation-hour, the hour's charge x the job's slot-ms / the
     * hour's billed slot-ms (or the jobs' slot-ms when they used more, as BigQuery lends idle slots), as allocation
     * splits it. Keyed "project/job".
     */
    private static java.util.Map<String, BigDecimal> reservationCosts(Connection c, long sourceId, Instant from,
            Instant to) throws SQLException {
        java.util.Map<String, BigDecimal> out = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("WITH used AS (SELECT project_id, job_id, reservation_id, "
                + "date_trunc('hour', minute) AS hour, sum(slot_ms) AS slot_ms FROM bq_job_minute WHERE source_id = ? "
                + "AND minute >= ? AND minute < ? AND reservation_id IS NOT NULL GROUP BY 1, 2, 3, 4), "
                + "hours AS (SELECT reservation_id, hour, sum(slot_ms) AS slot_ms FROM used GROUP BY 1, 2), "
                + "capacity AS (SELECT reservation_id, date_trunc('hour', period_start) AS hour, "
                + "sum((coalesce(slots_assigned, 0) * 60 + coalesce(period_autoscale_slot_seconds, 0)) * 1000) AS "
                + "slot_ms FROM bq_reservation_minute WHERE source_id = ? AND period_start >= ? AND period_start < ? "
                + "GROUP BY 1, 2) "
                + "SELECT u.project_id, u.job_id, sum(ch.billed_cost * u.slot_ms / greatest(coalesce(cap.slot_ms, 0), "
                + "h.slot_ms)) FROM used u JOIN hours h ON h.reservation_id = u.reservation_id AND h.hour = u.hour "
                + "LEFT JOIN capacity cap ON cap.reservation_id = u.reservation_id AND cap.hour = u.hour "
                + "JOIN charge ch ON ch.source_id = ? AND ch.sku_id = 'RESERVATION_SLOTS' "
                + "AND ch.resource_id = u.reservation_id AND ch.charge_period_start = u.hour GROUP BY 1, 2")) {
            ps.setLong(1, sourceId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            ps.setLong(4, sourceId);
            ps.setTimestamp(5, Timestamp.from(from));
            ps.setTimestamp(6, Timestamp.from(to));
            ps.setLong(7, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1) + "/" + rs.getString(2), rs.getBigDecimal(3));
                }
            }
        }
        return out;
    }

    /**
     * The latest TABLE_STORAGE snapshot's tables with their layout from COLUMNS. A project whose COLUMNS were never
     * read (the view denied, or not collected yet) is left out: its tables' partitioning is unknown, not absent.
     */
    private static List<BigQueryQueryAdvisor.Table> tables(Connection c, long sourceId) throws SQLException {
        java.util.Map<String, boolean[]> partitioned = new java.util.HashMap<>();
        java.util.Map<String, List<String>> clustering = new java.util.HashMap<>();
        java.util.Map<String, java.util.TreeMap<Long, BigQueryQueryAdvisor.Column>> dates = new java.util.HashMap<>();
        java.util.Set<String> projectsWithColumns = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT project_id, dataset, table_name, column_name, "
                + "data_type, is_partitioning_column = 'YES', clustering_ordinal_position, ordinal_position "
                + "FROM bq_table_column WHERE source_id = ? ORDER BY 1, 2, 3, clustering_ordinal_position, "
                + "ordinal_position")) {
            ps.setLong(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String path = rs.getString(1) + "." + rs.getString(2) + "." + rs.getString(3);
                    projectsWithColumns.add(rs.getString(1));
                    if (rs.getBoolean(6)) {
                        partitioned.put(path, new boolean[] {true});
                    }
                    if (rs.getObject(7) != null) {
                        clustering.computeIfAbsent(path, k -> new ArrayList<>()).add(rs.getString(4));
                    }
                    String type = rs.getString(5);
                    if (rs.getObject(8) != null && type != null && List.of("DATE", "TIMESTAMP", "DATETIME")
                            .contains(type)) {
                        // in the table's column order
                        dates.computeIfAbsent(path, k -> new java.util.TreeMap<>()).put(rs.getLong(8),
                                new BigQueryQueryAdvisor.Column(rs.getString(4), type));
                    }
                }
            }
        }
        List<BigQueryQueryAdvisor.Table> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT project_id, dataset, table_name, "
                + "coalesce(total_logical_bytes, 0), creation_time FROM bq_table_storage WHERE source_id = ? "
                + "AND snapshot_date = (SELECT max(snapshot_date) FROM bq_table_storage WHERE source_id = ?)")) {
            ps.setLong(1, sourceId);
            ps.setLong(2, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!projectsWithColumns.contains(rs.getString(1))) {
                        continue;
                    }
                    String path = rs.getString(1) + "." + rs.getString(2) + "." + rs.getString(3);
                    out.add(new BigQueryQueryAdvisor.Table(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getLong(4), rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(),
                            partitioned.containsKey(path), clustering.getOrDefault(path, List.of()),
                            dates.containsKey(path) ? List.copyOf(dates.get(path).values()) : List.of()));
                }
            }
        }
        return out;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static java.util.Map<String, String> stringMap(String json) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        if (json == null) {
            return out;
        }
        try {
            JSON.readTree(json).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? ""
                    : e.getValue().asText()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable labels " + json, e);
        }
        return out;
    }

    private static List<String> stringList(String json) {
        List<String> out = new ArrayList<>();
        if (json == null) {
            return out;
        }
        try {
            JSON.readTree(json).forEach(n -> out.add(n.asText()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable referenced tables " + json, e);
        }
        return out;
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
        AnalysisPeriod period = lastDays(first, last);
        Instant from = period.from();
        Instant to = period.to();
        List<SlotCapacityReplay.Minute> usage = slotUsage(c, sourceId, Scope.PROJECT, project, from, to);
        // what the same jobs would cost on demand (reservation jobs included), per region's price
        OnDemand jobs = onDemandCost(c, sourceId, Scope.PROJECT, project, from, to);
        BigDecimal onDemand = jobs.cost();
        String region = jobs.region();
        // what the period was billed: on-demand, reservation and unused commitment charges (the free tier left out)
        BigDecimal actual;
        String current;
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(billed_cost), 0), "
                + "string_agg(DISTINCT CASE WHEN sku_id = 'RESERVATION_SLOTS' THEN resource_name END, ', '), "
                + "bool_or(sku_id = 'ON_DEMAND_QUERY') FROM charge WHERE source_id = ? AND charge_period_start >= ? "
                + "AND charge_period_start < ? AND sku_id IN ('ON_DEMAND_QUERY', 'RESERVATION_SLOTS', 'COMMITMENT_UNUSED')")) {
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
        return Optional.of(BigQueryCapacityAdvisor.study(project, region, null, null, null, period, usage, onDemand,
                actual, current, editions(region)));
    }

    /** What a capacity study is about: a project's jobs, or a reservation's. */
    private enum Scope {
        PROJECT("project_id"), RESERVATION("reservation_id");

        final String column;

        Scope(String column) {
            this.column = column;
        }
    }

    /** The scope's jobs' slot-ms per minute in [from, to). */
    private static List<SlotCapacityReplay.Minute> slotUsage(Connection c, long sourceId, Scope scope, String id,
            Instant from, Instant to) throws SQLException {
        List<SlotCapacityReplay.Minute> usage = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT minute, sum(slot_ms) FROM bq_job_minute "
                + "WHERE source_id = ? AND " + scope.column + " = ? AND minute >= ? AND minute < ? GROUP BY minute")) {
            ps.setLong(1, sourceId);
            ps.setString(2, id);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    usage.add(new SlotCapacityReplay.Minute(rs.getTimestamp(1).toInstant(), rs.getLong(2)));
                }
            }
        }
        return usage;
    }

    /** What jobs would cost on demand, and the (last) region they ran in. */
    private record OnDemand(BigDecimal cost, String region) {
    }

    /**
     * The scope's jobs created in [from, to) priced on demand: their bytes billed at their region's price, reservation
     * jobs included (cache hits, failures and script parents left out, as on-demand billing would).
     */
    private OnDemand onDemandCost(Connection c, long sourceId, Scope scope, String id, Instant from, Instant to)
            throws SQLException {
        BigDecimal cost = BigDecimal.ZERO;
        String region = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT j.region, sum(j.total_bytes_billed) FROM bq_job j "
                + "WHERE j.source_id = ? AND j." + scope.column + " = ? AND j.creation_time >= ? "
                + "AND j.creation_time < ? AND " + BigQueryStore.ON_DEMAND_JOB.replace("j.reservation_id IS NULL AND ",
                        "") + " GROUP BY 1")) {
            ps.setLong(1, sourceId);
            ps.setString(2, id);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    region = rs.getString(1);
                    cost = cost.add(rs.getBigDecimal(2).multiply(bigquery.priceSheet(region).onDemandPerTib())
                            .divide(BigQueryCharges.BYTES_PER_TIB));
                }
            }
        }
        return new OnDemand(cost, region);
    }

    /**
     * The analysis period of data collected from {@code first} to {@code last}: the last {@code days} up to the hour
     * after {@code last}, from {@code first} when the history is shorter (so nothing is billed over days nothing was
     * collected).
     */
    private AnalysisPeriod lastDays(Instant first, Instant last) {
        Instant to = last.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Instant from = to.minus(config.days(), ChronoUnit.DAYS);
        return new AnalysisPeriod(from.isBefore(first) ? first : from, to);
    }
}
