package io.ledgerhouse.advise;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a warehouse did, read for people: its metered credits and the busy and idle parts of its allocated compute per
 * day, its settings over time, and the evidence about its size (queueing and spilling per day). Reads only.
 */
@ApplicationScoped
public class WarehouseFactsService {

    @Inject
    AgroalDataSource dataSource;

    /**
     * A warehouse over a period: metered credits, its compute cost split into busy (queries ran) and idle, in
     * {@code currency}; its size and auto-suspend in force now.
     */
    public record WarehouseSummary(String source, String warehouse, String size, Integer autoSuspendSeconds,
            BigDecimal meteredCredits, String currency, BigDecimal busy, BigDecimal idle, long queries) {
    }

    /** One day of a warehouse: busy and idle credits and money. */
    public record UseDay(LocalDate day, BigDecimal busyCredits, BigDecimal idleCredits, BigDecimal busyAmount,
            BigDecimal idleAmount) {
    }

    /** One version of a warehouse's settings. */
    public record SettingVersion(Instant from, Instant to, String size, String type, Integer autoSuspendSeconds,
            Integer minClusters, Integer maxClusters, String scalingPolicy, Boolean queryAcceleration) {
    }

    /** One day of size evidence: queries, how many waited in the queue and how long, bytes spilled. */
    public record SizeDay(LocalDate day, long queries, long queuedQueries, BigDecimal queuedSeconds,
            long spillingQueries, BigDecimal spilledLocalGb, BigDecimal spilledRemoteGb) {
    }

    /**
     * Every Snowflake warehouse with metering in [from, to); with {@code teams}, only warehouses where those teams
     * had cost, and busy/idle are those teams' shares.
     */
    public List<WarehouseSummary> list(LocalDate from, LocalDate to, Collection<String> teams) {
        String sql = "WITH m AS (SELECT source_id, warehouse_name, sum(credits_used) AS credits "
                + "FROM sf_warehouse_metering WHERE start_time >= ? AND start_time < ? GROUP BY 1, 2), "
                + "a AS (SELECT source_id, warehouse, max(currency) AS currency, "
                + "coalesce(sum(amount) FILTER (WHERE category = 'COMPUTE'), 0) AS busy, "
                + "coalesce(sum(amount) FILTER (WHERE category = 'IDLE'), 0) AS idle FROM allocation "
                + "WHERE month >= ? AND month < ? AND charge_period_start >= ? AND charge_period_start < ? "
                + "AND warehouse IS NOT NULL" + (teams == null ? "" : " AND team = ANY (?)") + " GROUP BY 1, 2), "
                + "q AS (SELECT source_id, warehouse_name, count(*) AS queries FROM sf_query "
                + "WHERE start_time >= ? AND start_time < ? AND warehouse_name IS NOT NULL GROUP BY 1, 2), "
                + "st AS (SELECT DISTINCT ON (source_id, warehouse_name) source_id, warehouse_name, size, "
                + "auto_suspend FROM sf_warehouse_setting ORDER BY source_id, warehouse_name, valid_from DESC) "
                + "SELECT s.name, m.warehouse_name, st.size, st.auto_suspend, m.credits, a.currency, "
                + "coalesce(a.busy, 0), coalesce(a.idle, 0), coalesce(q.queries, 0) FROM m JOIN source s "
                + "ON s.id = m.source_id " + (teams == null ? "LEFT " : "") + "JOIN a ON a.source_id = m.source_id "
                + "AND a.warehouse = m.warehouse_name LEFT JOIN q ON q.source_id = m.source_id AND q.warehouse_name "
                + "= m.warehouse_name LEFT JOIN st ON st.source_id = m.source_id AND st.warehouse_name = "
                + "m.warehouse_name ORDER BY m.credits DESC, 1, 2";
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setTimestamp(i++, at(from));
                ps.setTimestamp(i++, at(to));
                ps.setObject(i++, from.withDayOfMonth(1));
                ps.setObject(i++, to.plusMonths(1).withDayOfMonth(1));
                ps.setTimestamp(i++, at(from));
                ps.setTimestamp(i++, at(to));
                if (teams != null) {
                    ps.setArray(i++, c.createArrayOf("text", teams.toArray()));
                }
                ps.setTimestamp(i++, at(from));
                ps.setTimestamp(i, at(to));
                List<WarehouseSummary> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int suspend = rs.getInt(4);
                        Integer autoSuspend = rs.wasNull() ? null : suspend;
                        out.add(new WarehouseSummary(rs.getString(1), rs.getString(2), rs.getString(3), autoSuspend,
                                rs.getBigDecimal(5), rs.getString(6), rs.getBigDecimal(7), rs.getBigDecimal(8),
                                rs.getLong(9)));
                    }
                }
                return out;
            }
        });
    }

    /** The warehouse's busy and idle compute per UTC day in [from, to), from the allocation rows. */
    public List<UseDay> use(String source, String warehouse, LocalDate from, LocalDate to, Collection<String> teams) {
        String sql = "SELECT (a.charge_period_start AT TIME ZONE 'UTC')::date, "
                + "coalesce(sum(a.credits) FILTER (WHERE a.category = 'COMPUTE'), 0), "
                + "coalesce(sum(a.credits) FILTER (WHERE a.category = 'IDLE'), 0), "
                + "coalesce(sum(a.amount) FILTER (WHERE a.category = 'COMPUTE'), 0), "
                + "coalesce(sum(a.amount) FILTER (WHERE a.category = 'IDLE'), 0) FROM allocation a "
                + "JOIN source s ON s.id = a.source_id WHERE s.name = ? AND a.warehouse = ? AND a.month >= ? "
                + "AND a.month < ? AND a.charge_period_start >= ? AND a.charge_period_start < ?"
                + (teams == null ? "" : " AND a.team = ANY (?)") + " GROUP BY 1 ORDER BY 1";
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, source);
                ps.setString(2, warehouse);
                ps.setObject(3, from.withDayOfMonth(1));
                ps.setObject(4, to.plusMonths(1).withDayOfMonth(1));
                ps.setTimestamp(5, at(from));
                ps.setTimestamp(6, at(to));
                if (teams != null) {
                    ps.setArray(7, c.createArrayOf("text", teams.toArray()));
                }
                List<UseDay> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new UseDay(rs.getObject(1, LocalDate.class), rs.getBigDecimal(2),
                                rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5)));
                    }
                }
                return out;
            }
        });
    }

    /** Every version of the warehouse's settings, newest first. */
    public List<SettingVersion> settings(String source, String warehouse) {
        String sql = "SELECT w.valid_from, w.valid_to, w.size, w.type, w.auto_suspend, w.min_cluster_count, "
                + "w.max_cluster_count, w.scaling_policy, w.enable_query_acceleration FROM sf_warehouse_setting w "
                + "JOIN source s ON s.id = w.source_id WHERE s.name = ? AND w.warehouse_name = ? "
                + "ORDER BY w.valid_from DESC LIMIT 100";
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, source);
                ps.setString(2, warehouse);
                List<SettingVersion> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp to = rs.getTimestamp(2);
                        out.add(new SettingVersion(rs.getTimestamp(1).toInstant(), to == null ? null : to.toInstant(),
                                rs.getString(3), rs.getString(4), (Integer) rs.getObject(5),
                                (Integer) rs.getObject(6), (Integer) rs.getObject(7), rs.getString(8),
                                (Boolean) rs.getObject(9)));
                    }
                }
                return out;
            }
        });
    }

    /** Per UTC day in [from, to): the warehouse's queries, those that queued (and for how long), those that spilled. */
    public List<SizeDay> sizeEvidence(String source, String warehouse, LocalDate from, LocalDate to) {
        String sql = "SELECT (q.start_time AT TIME ZONE 'UTC')::date, count(*), "
                + "count(*) FILTER (WHERE coalesce(q.queued_overload_time, 0) > 0), "
                + "coalesce(sum(q.queued_overload_time), 0) / 1000.0, "
                + "count(*) FILTER (WHERE coalesce(q.bytes_spilled_to_local_storage, 0) "
                + "+ coalesce(q.bytes_spilled_to_remote_storage, 0) > 0), "
                + "coalesce(sum(q.bytes_spilled_to_local_storage), 0) / 1e9, "
                + "coalesce(sum(q.bytes_spilled_to_remote_storage), 0) / 1e9 FROM sf_query q JOIN source s "
                + "ON s.id = q.source_id WHERE s.name = ? AND q.warehouse_name = ? AND q.start_time >= ? "
                + "AND q.start_time < ? GROUP BY 1 ORDER BY 1";
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, source);
                ps.setString(2, warehouse);
                ps.setTimestamp(3, at(from));
                ps.setTimestamp(4, at(to));
                List<SizeDay> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SizeDay(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3),
                                rs.getBigDecimal(4).setScale(1, java.math.RoundingMode.HALF_UP), rs.getLong(5),
                                rs.getBigDecimal(6).setScale(2, java.math.RoundingMode.HALF_UP),
                                rs.getBigDecimal(7).setScale(2, java.math.RoundingMode.HALF_UP)));
                    }
                }
                return out;
            }
        });
    }

    private static Timestamp at(LocalDate day) {
        return Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
