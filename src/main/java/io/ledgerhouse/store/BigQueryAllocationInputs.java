package io.ledgerhouse.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerhouse.allocate.engine.BigQueryJobUsage;
import io.ledgerhouse.allocate.engine.Subject;
import io.ledgerhouse.collect.bigquery.engine.BigQueryCharges;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What allocation needs of a BigQuery charge: its jobs and their weights, and a reservation-hour's capacity. */
public final class BigQueryAllocationInputs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB_COLUMNS = "j.job_id, j.creation_time, j.query_hash, j.project_id, j.user_email, "
            + "j.labels::text";

    private BigQueryAllocationInputs() {
    }

    /** The on-demand jobs of a job-day charge (same project, region, day and user), weighted by bytes billed. */
    public static List<BigQueryJobUsage> onDemandJobs(Connection c, long sourceId, String sourceName, long chargeId,
            Instant chargeStart) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS + ", j.total_bytes_billed, NULL "
                + "FROM charge ch JOIN bq_job j ON j.source_id = ch.source_id AND j.project_id = ch.sub_account_id "
                + "AND j.region = ch.region_id AND j.creation_time >= ch.charge_period_start "
                + "AND j.creation_time < ch.charge_period_end AND j.user_email IS NOT DISTINCT FROM "
                + "(ch.extra->>'user_email') WHERE ch.source_id = ? AND ch.id = ? AND ch.charge_period_start = ? AND "
                + BigQueryStore.ON_DEMAND_JOB)) {
            ps.setLong(1, sourceId);
            ps.setLong(2, chargeId);
            ps.setTimestamp(3, Timestamp.from(chargeStart));
            return read(ps, sourceName);
        }
    }

    /** The jobs that used a reservation in [from, to), weighted by their slot-milliseconds in it. */
    public static List<BigQueryJobUsage> reservationJobs(Connection c, long sourceId, String sourceName,
            String reservationId, String reservationName, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT m.job_id, coalesce(j.creation_time, min(m.minute)), "
                + "j.query_hash, m.project_id, j.user_email, j.labels::text, sum(m.slot_ms), ? "
                + "FROM bq_job_minute m LEFT JOIN bq_job j ON j.source_id = m.source_id AND j.project_id = m.project_id "
                + "AND j.job_id = m.job_id AND j.creation_time >= ? AND j.creation_time < ? "
                + "WHERE m.source_id = ? AND m.reservation_id = ? AND m.minute >= ? AND m.minute < ? "
                + "GROUP BY m.job_id, m.project_id, j.creation_time, j.query_hash, j.user_email, j.labels::text")) {
            ps.setString(1, reservationName);
            ps.setTimestamp(2, Timestamp.from(from.minusSeconds(7 * 86_400)));
            ps.setTimestamp(3, Timestamp.from(to));
            ps.setLong(4, sourceId);
            ps.setString(5, reservationId);
            ps.setTimestamp(6, Timestamp.from(from));
            ps.setTimestamp(7, Timestamp.from(to));
            return read(ps, sourceName);
        }
    }

    /** Billed slot-milliseconds of a reservation in [from, to): baseline every minute plus autoscaled slot-seconds. */
    public static long capacitySlotMs(Connection c, long sourceId, String reservationId, Instant from, Instant to)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum((coalesce(slots_assigned, 0) * 60 "
                + "+ coalesce(period_autoscale_slot_seconds, 0)) * 1000), 0) FROM bq_reservation_minute "
                + "WHERE source_id = ? AND reservation_id = ? AND period_start >= ? AND period_start < ?")) {
            ps.setLong(1, sourceId);
            ps.setString(2, reservationId);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<BigQueryJobUsage> read(PreparedStatement ps, String sourceName) throws SQLException {
        List<BigQueryJobUsage> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Subject subject = new Subject(BigQueryCharges.PROVIDER, sourceName, rs.getString(4), rs.getString(8),
                        null, null, rs.getString(5), null, BigQueryCharges.SERVICE, rs.getString(1), null,
                        labels(rs.getString(6)));
                out.add(new BigQueryJobUsage(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getLong(7),
                        rs.getString(3), subject));
            }
        }
        return out;
    }

    /** Labels with keys normalised as rules see tags (trimmed, lower case). */
    private static Map<String, String> labels(String json) {
        Map<String, String> out = new HashMap<>();
        if (json == null) {
            return out;
        }
        try {
            JsonNode node = JSON.readTree(json);
            node.fields().forEachRemaining(e -> out.put(e.getKey().strip().toLowerCase(Locale.ROOT),
                    e.getValue().isNull() ? "" : e.getValue().asText()));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable labels " + json, e);
        }
        return out;
    }
}
