package io.ledgerhouse.store;

import io.ledgerhouse.collect.bigquery.engine.BigQueryUsage.DatasetStorageDay;
import io.ledgerhouse.collect.bigquery.engine.BigQueryUsage.OnDemandDay;
import io.ledgerhouse.collect.bigquery.engine.BigQueryUsage.CommitmentChange;
import io.ledgerhouse.collect.bigquery.engine.BigQueryUsage.ReservationMinute;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** BigQuery usage in the store, summed the way charges are formed (see BigQueryCharges). */
public final class BigQueryStore {

    /** Jobs that carry an on-demand price: query jobs without reservation, not script parents, not cached, not failed. */
    public static final String ON_DEMAND_JOB = "j.reservation_id IS NULL AND j.job_type = 'QUERY' "
            + "AND coalesce(j.statement_type, '') <> 'SCRIPT' AND NOT coalesce(j.cache_hit, false) "
            + "AND j.error_reason IS NULL AND coalesce(j.total_bytes_billed, 0) > 0";

    private BigQueryStore() {
    }

    /** On-demand bytes billed per project, region, UTC day and user, from {@code day} on. */
    public static List<OnDemandDay> onDemandDaysSince(Connection c, long sourceId, LocalDate day) throws SQLException {
        List<OnDemandDay> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT j.project_id, j.region, "
                + "(j.creation_time AT TIME ZONE 'UTC')::date AS day, j.user_email, sum(j.total_bytes_billed), count(*) "
                + "FROM bq_job j WHERE j.source_id = ? AND j.creation_time >= ? AND " + ON_DEMAND_JOB
                + " GROUP BY 1, 2, 3, 4 ORDER BY 3, 1, 2, 4")) {
            ps.setLong(1, sourceId);
            ps.setObject(2, day.atStartOfDay().atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OnDemandDay(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                            rs.getString(4), rs.getLong(5), rs.getLong(6)));
                }
            }
        }
        return out;
    }

    /** Billed slot-seconds per reservation and minute, from {@code day} on. */
    public static List<ReservationMinute> reservationMinutesSince(Connection c, long sourceId, LocalDate day)
            throws SQLException {
        List<ReservationMinute> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT reservation_id, reservation_name, admin_project_id, "
                + "region, edition, period_start, coalesce(slots_assigned, 0) * 60 "
                + "+ coalesce(period_autoscale_slot_seconds, 0) FROM bq_reservation_minute WHERE source_id = ? "
                + "AND period_start >= ? ORDER BY period_start, reservation_id")) {
            ps.setFetchSize(10_000);
            ps.setLong(1, sourceId);
            ps.setObject(2, day.atStartOfDay().atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ReservationMinute(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getLong(7)));
                }
            }
        }
        return out;
    }

    /** Every collected capacity commitment change (a commitment's state before a window needs its earlier rows). */
    public static List<CommitmentChange> commitmentChanges(Connection c, long sourceId) throws SQLException {
        List<CommitmentChange> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT capacity_commitment_id, admin_project_id, region, "
                + "change_timestamp, action, commitment_plan, state, coalesce(slot_count, 0), edition "
                + "FROM bq_capacity_commitment_change WHERE source_id = ? ORDER BY change_timestamp")) {
            ps.setLong(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CommitmentChange(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getLong(8), rs.getString(9)));
                }
            }
        }
        return out;
    }

    /** Storage per dataset and snapshot day from {@code day} on, with the dataset's billing model that day. */
    public static List<DatasetStorageDay> storageDaysSince(Connection c, long sourceId, LocalDate day)
            throws SQLException {
        List<DatasetStorageDay> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.project_id, max(t.region), t.dataset, t.snapshot_date, "
                + "coalesce(max(o.storage_billing_model), 'LOGICAL'), sum(coalesce(t.active_logical_bytes, 0)), "
                + "sum(coalesce(t.long_term_logical_bytes, 0)), sum(coalesce(t.active_physical_bytes, 0)), "
                + "sum(coalesce(t.long_term_physical_bytes, 0)), sum(coalesce(t.fail_safe_physical_bytes, 0)) "
                + "FROM bq_table_storage t LEFT JOIN bq_dataset_option o ON o.source_id = t.source_id "
                + "AND o.project_id = t.project_id AND o.snapshot_date = t.snapshot_date AND o.dataset = t.dataset "
                + "WHERE t.source_id = ? AND t.snapshot_date >= ? GROUP BY t.project_id, t.dataset, t.snapshot_date "
                + "ORDER BY t.snapshot_date, t.project_id, t.dataset")) {
            ps.setLong(1, sourceId);
            ps.setObject(2, day);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DatasetStorageDay(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, LocalDate.class), rs.getString(5), rs.getLong(6), rs.getLong(7),
                            rs.getLong(8), rs.getLong(9), rs.getLong(10)));
                }
            }
        }
        return out;
    }
}
