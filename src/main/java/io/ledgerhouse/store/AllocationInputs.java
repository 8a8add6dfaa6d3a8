package io.ledgerhouse.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerhouse.allocate.engine.Charge;
import io.ledgerhouse.allocate.engine.QueryUsage;
import io.ledgerhouse.allocate.engine.Subject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what an allocation run needs from the store: a source's charges of a month (with what rules see of each) and
 * the Snowflake queries of a warehouse or a day.
 */
public final class AllocationInputs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AllocationInputs() {
    }

    /** A charge with the store's identity of its source. */
    public record StoredCharge(Charge charge, String provider, String serviceCategory, String chargeCategory) {
    }

    /**
     * The source's charges whose period starts in [from, to). Serverless Snowflake charges carry the database and
     * schema METERING_HISTORY names for them; storage charges their database, so ownership rules can match.
     */
    public static List<StoredCharge> charges(Connection c, long sourceId, String sourceName, Instant from, Instant to)
            throws SQLException {
        return load(c, sourceName, "ch.source_id = ? AND ch.charge_period_start >= ? AND ch.charge_period_start < ?",
                ps -> {
                    ps.setLong(1, sourceId);
                    ps.setTimestamp(2, Timestamp.from(from));
                    ps.setTimestamp(3, Timestamp.from(to));
                });
    }

    /** The charges with these ids, of one source, in [from, to). */
    public static List<StoredCharge> chargesById(Connection c, long sourceId, String sourceName, Instant from,
            Instant to, long[] ids) throws SQLException {
        return load(c, sourceName, "ch.source_id = ? AND ch.charge_period_start >= ? AND ch.charge_period_start < ? "
                + "AND ch.id = ANY (?)", ps -> {
                    ps.setLong(1, sourceId);
                    ps.setTimestamp(2, Timestamp.from(from));
                    ps.setTimestamp(3, Timestamp.from(to));
                    ps.setArray(4, c.createArrayOf("bigint", java.util.Arrays.stream(ids).boxed().toArray()));
                });
    }

    /**
     * How a month's charges fall into the groups allocation works in, without loading them: Snowflake warehouse
     * charges (compute, cloud services, query acceleration) per warehouse and day, the cloud-services adjustment per
     * day, and every other charge on its own (kind "other"), in batches of at most {@code batch}.
     */
    public record ChargeGroup(String kind, String key, long[] ids) {
    }

    public static List<ChargeGroup> chargeGroups(Connection c, long sourceId, Instant from, Instant to, int batch)
            throws SQLException {
        List<ChargeGroup> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ch.id, CASE "
                + "WHEN ch.provider_name = 'Snowflake' AND ch.sku_id IN ('WAREHOUSE_COMPUTE', "
                + "'WAREHOUSE_CLOUD_SERVICES', 'QUERY_ACCELERATION') AND lower(ch.resource_type) = 'warehouse' "
                + "THEN 'warehouse' WHEN ch.provider_name = 'Snowflake' AND ch.sku_id = 'CLOUD_SERVICES_ADJUSTMENT' "
                + "THEN 'adjustment' WHEN ch.provider_name = 'Google Cloud' AND ch.sku_id = 'ON_DEMAND_QUERY' "
                + "THEN 'bq_on_demand' WHEN ch.provider_name = 'Google Cloud' AND ch.sku_id = 'RESERVATION_SLOTS' "
                + "THEN 'bq_reservation' WHEN ch.provider_name = 'Google Cloud' AND ch.sku_id = 'COMMITMENT_UNUSED' "
                + "THEN 'bq_commitment' ELSE 'other' END AS kind, "
                + "coalesce(ch.resource_id, '') || '/' || to_char(ch.charge_period_start AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD') AS key FROM charge ch WHERE ch.source_id = ? AND ch.charge_period_start >= ? "
                + "AND ch.charge_period_start < ? ORDER BY 2 DESC, 3, ch.charge_period_start, ch.id")) {
            ps.setLong(1, sourceId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            ps.setFetchSize(50_000);
            try (ResultSet rs = ps.executeQuery()) {
                String kind = null;
                String key = null;
                java.util.List<Long> ids = new ArrayList<>();
                while (rs.next()) {
                    String k = rs.getString(2);
                    String g = k.equals("other") ? "" : rs.getString(3);
                    if (kind != null && (!k.equals(kind) || !g.equals(key) || ids.size() >= batch)) {
                        out.add(new ChargeGroup(kind, key, ids.stream().mapToLong(Long::longValue).toArray()));
                        ids.clear();
                    }
                    kind = k;
                    key = g;
                    ids.add(rs.getLong(1));
                }
                if (kind != null) {
                    out.add(new ChargeGroup(kind, key, ids.stream().mapToLong(Long::longValue).toArray()));
                }
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static List<StoredCharge> load(Connection c, String sourceName, String where, Binder binder)
            throws SQLException {
        List<StoredCharge> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ch.id, ch.sku_id, ch.charge_period_start, "
                + "ch.charge_period_end, ch.pricing_quantity, ch.billed_cost, ch.billing_currency, ch.resource_id, "
                + "ch.resource_name, ch.resource_type, ch.provider_name, ch.service_name, ch.service_category, "
                + "ch.charge_category, coalesce(ch.sub_account_id, ch.billing_account_id), ch.tags_norm, "
                + "m.database_name, m.schema_name, ch.pricing_unit "
                + "FROM charge ch LEFT JOIN sf_metering m ON m.source_id = ch.source_id AND m.service_type = ch.sku_id "
                + "AND m.entity_id::text = ch.resource_id AND m.start_time = ch.charge_period_start "
                + "WHERE " + where + " ORDER BY ch.charge_period_start, ch.id")) {
            binder.bind(ps);
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String provider = rs.getString(11);
                    boolean snowflake = "Snowflake".equalsIgnoreCase(provider);
                    String resourceType = rs.getString(10);
                    String database = rs.getString(17);
                    String warehouse = null;
                    if (snowflake && "Warehouse".equalsIgnoreCase(resourceType)) {
                        warehouse = rs.getString(9);
                    }
                    if (snowflake && "Database".equalsIgnoreCase(resourceType)) {
                        database = rs.getString(9);
                    }
                    boolean bigquery = "Google Cloud".equalsIgnoreCase(provider)
                            && "BigQuery".equalsIgnoreCase(rs.getString(12));
                    if (bigquery && "Dataset".equalsIgnoreCase(resourceType)) {
                        database = rs.getString(9); // storage: dataset ownership rules match on database
                    }
                    if (bigquery && "Reservation".equalsIgnoreCase(resourceType)) {
                        warehouse = rs.getString(9); // a reservation's idle time goes to its owner, like a warehouse's
                    }
                    Map<String, String> tags = tags(rs.getString(16));
                    String unit = rs.getString(19);
                    // Snowflake charges count credits in PricingQuantity; other providers' quantities are not credits
                    BigDecimal credits = snowflake && unit != null && unit.toLowerCase().contains("credit")
                            ? rs.getBigDecimal(5) : null;
                    Subject subject = new Subject(provider, sourceName, rs.getString(15), warehouse, database,
                            rs.getString(18), null, null, rs.getString(12), rs.getString(8), null, tags);
                    Charge charge = new Charge(rs.getLong(1), rs.getString(2),
                            rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(), credits,
                            rs.getBigDecimal(6), rs.getString(7), rs.getString(8), subject);
                    out.add(new StoredCharge(charge, provider, rs.getString(13), rs.getString(14)));
                }
            }
        }
        return out;
    }

    private static Map<String, String> tags(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            JsonNode node = JSON.readTree(json);
            Map<String, String> out = new HashMap<>();
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? ""
                    : e.getValue().asText()));
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable tags " + json, e);
        }
    }

    private static final String QUERY_COLUMNS = "q.query_id, q.start_time, q.end_time, q.execution_time, "
            + "q.warehouse_id, q.warehouse_name, q.warehouse_size, q.warehouse_type, q.cluster_number, "
            + "q.credits_used_cloud_services, q.query_acceleration_bytes_scanned, a.credits_attributed_compute, "
            + "q.query_parameterized_hash, q.database_name, q.schema_name, q.user_name, q.role_name, q.query_tag";

    /** Queries of one warehouse whose execution overlaps [from, to) (queries may run up to two days). */
    public static List<QueryUsage> warehouseQueries(Connection c, long sourceId, String sourceName, String account,
            long warehouseId, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + QUERY_COLUMNS + " FROM sf_query q "
                + "LEFT JOIN sf_query_attribution a ON a.source_id = q.source_id AND a.query_id = q.query_id "
                + "WHERE q.source_id = ? AND q.warehouse_id = ? AND q.start_time >= ? AND q.start_time < ? "
                + "AND q.end_time > ?")) {
            ps.setLong(1, sourceId);
            ps.setLong(2, warehouseId);
            ps.setTimestamp(3, Timestamp.from(from.minusSeconds(2 * 86_400)));
            ps.setTimestamp(4, Timestamp.from(to));
            ps.setTimestamp(5, Timestamp.from(from));
            return read(ps, sourceName, account);
        }
    }

    /**
     * The account's queries that started in [from, to) with cloud-services credits, cut into chunks of at most
     * {@code size} in query-id order: each chunk's last query id and its cloud-services credits. A day's cloud-services
     * adjustment is split over the chunks first and then over each chunk's queries, so a day of hundreds of thousands
     * of queries is never in memory at once.
     */
    public record Chunk(String lastQueryId, java.math.BigDecimal credits) {
    }

    public static List<Chunk> cloudServicesChunks(Connection c, long sourceId, Instant from, Instant to, int size)
            throws SQLException {
        List<Chunk> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT max(query_id), sum(credits) FROM (SELECT q.query_id, "
                + "q.credits_used_cloud_services AS credits, (row_number() OVER (ORDER BY q.query_id) - 1) / ? AS chunk "
                + "FROM sf_query q WHERE q.source_id = ? AND q.start_time >= ? AND q.start_time < ? "
                + "AND q.credits_used_cloud_services > 0) x GROUP BY chunk ORDER BY chunk")) {
            ps.setInt(1, size);
            ps.setLong(2, sourceId);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Chunk(rs.getString(1), rs.getBigDecimal(2)));
                }
            }
        }
        return out;
    }

    /**
     * Queries of the account that started in [from, to) with cloud-services credits and a query id in
     * ({@code afterQueryId}, {@code lastQueryId}] (no lower bound when {@code afterQueryId} is null).
     */
    public static List<QueryUsage> cloudServicesQueries(Connection c, long sourceId, String sourceName,
            String account, Instant from, Instant to, String afterQueryId, String lastQueryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + QUERY_COLUMNS + " FROM sf_query q "
                + "LEFT JOIN sf_query_attribution a ON a.source_id = q.source_id AND a.query_id = q.query_id "
                + "WHERE q.source_id = ? AND q.start_time >= ? AND q.start_time < ? "
                + "AND q.credits_used_cloud_services > 0 AND q.query_id <= ?"
                + (afterQueryId == null ? "" : " AND q.query_id > ?"))) {
            ps.setLong(1, sourceId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            ps.setString(4, lastQueryId);
            if (afterQueryId != null) {
                ps.setString(5, afterQueryId);
            }
            return read(ps, sourceName, account);
        }
    }

    /** Most queries repeat a few subjects (and sizes and patterns); more distinct ones than this are not shared. */
    private static final int SHARED_LIMIT = 50_000;

    private static List<QueryUsage> read(PreparedStatement ps, String sourceName, String account)
            throws SQLException {
        List<QueryUsage> out = new ArrayList<>();
        // equal subjects and strings are shared between the rows: a day's queries fit in far less memory, and a
        // query tag is parsed once per distinct tag rather than once per query
        Map<List<String>, Subject> subjects = new HashMap<>();
        Map<String, String> strings = new HashMap<>();
        ps.setFetchSize(20_000);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant start = rs.getTimestamp(2).toInstant();
                Timestamp endTs = rs.getTimestamp(3);
                Instant end = endTs == null ? start : endTs.toInstant();
                long executionMs = rs.getLong(4);
                Instant executionStart = end.minusMillis(executionMs).isBefore(start) ? start
                        : end.minusMillis(executionMs);
                List<String> who = Arrays.asList(rs.getString(6), rs.getString(14), rs.getString(15),
                        rs.getString(16), rs.getString(17), rs.getString(18));
                Subject subject = subjects.get(who);
                if (subject == null) {
                    subject = Subject.query(sourceName, account, who.get(0), who.get(1), who.get(2), who.get(3),
                            who.get(4), who.get(5));
                    if (subjects.size() < SHARED_LIMIT) {
                        subjects.put(who, subject);
                    }
                }
                out.add(new QueryUsage(rs.getString(1), start, executionStart, end, rs.getLong(5),
                        shared(strings, rs.getString(7)), shared(strings, rs.getString(8)), rs.getInt(9),
                        rs.getBigDecimal(10), rs.getLong(11), rs.getBigDecimal(12), shared(strings, rs.getString(13)),
                        subject));
            }
        }
        return out;
    }

    private static String shared(Map<String, String> strings, String s) {
        if (s == null) {
            return null;
        }
        String seen = strings.get(s);
        if (seen != null) {
            return seen;
        }
        if (strings.size() < SHARED_LIMIT) {
            strings.put(s, s);
        }
        return s;
    }
}
