package io.ledgerhouse.allocate;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.domain.InvalidParameterException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * A team's month taken apart, one level at a time: workloads and warehouses from the allocation rows (all of the
 * team's cost), users, query patterns and single queries from the per-query costs (the part of it that queries
 * caused). And the month's unallocated cost by what it carried (query tags, users, resource tags), so a reader sees
 * which rule to write next. Every figure is an exact sum, per currency.
 */
@ApplicationScoped
public class ChargebackDrillService {

    /** Stands for "no value" (a cost with no workload, or not on a warehouse) in a drill filter. */
    public static final String NONE = "~";

    @Inject
    AgroalDataSource dataSource;

    /** Where a drill stands: the team and the values chosen so far (null: not chosen yet; {@link #NONE}: none). */
    public record Path(String team, String workload, String warehouse, String user, String pattern) {
    }

    /** One group at one level: its key (null: none), how many charges or queries, credits and money. */
    public record Slice(String key, String currency, long items, BigDecimal credits, BigDecimal amount) {
    }

    /** One query of the drill's last level. */
    public record QueryLine(String queryId, String source, Instant start, String warehouse, String user,
            String workload, String text, String currency, BigDecimal credits, BigDecimal amount) {
    }

    /** The team's cost by {@code level} (workload or warehouse: every category; user or pattern: queries only). */
    public List<Slice> slices(YearMonth month, Path path, String level) {
        String column;
        boolean perQuery;
        switch (level) {
            case "workload" -> { column = "workload"; perQuery = false; }
            case "warehouse" -> { column = "warehouse"; perQuery = false; }
            case "user" -> { column = "user_name"; perQuery = true; }
            case "pattern" -> { column = "query_parameterized_hash"; perQuery = true; }
            default -> throw new InvalidParameterException("level", "'" + level + "' is not a level; use workload, "
                    + "warehouse, user or pattern");
        }
        List<Object> args = new ArrayList<>();
        String where = where(month, path, perQuery, args);
        String sql = "SELECT " + column + ", currency, " + (perQuery ? "count(DISTINCT query_id)"
                : "count(DISTINCT charge_id)") + ", sum(credits), sum(amount) FROM "
                + (perQuery ? "query_cost" : "allocation") + where + " GROUP BY 1, 2 ORDER BY sum(amount) DESC, 1 "
                + "LIMIT 200";
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                List<Slice> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Slice(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBigDecimal(4),
                                rs.getBigDecimal(5)));
                    }
                }
                return out;
            }
        });
    }

    /** The team's costliest single queries on the path, with the start of their text. */
    public List<QueryLine> queries(YearMonth month, Path path, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(month, path, true, args).replace(" WHERE ", " WHERE qc.")
                .replace(" AND ", " AND qc.");
        String sql = "WITH top AS (SELECT source_id, query_id, min(start_time) AS start_time, max(warehouse) AS "
                + "warehouse, max(user_name) AS user_name, max(workload) AS workload, currency, sum(credits) AS "
                + "credits, sum(amount) AS amount FROM query_cost qc" + where + " GROUP BY source_id, query_id, "
                + "currency ORDER BY sum(amount) DESC, query_id LIMIT ?) "
                + "SELECT t.query_id, s.name, t.start_time, t.warehouse, t.user_name, t.workload, "
                + "left(q.query_text, 160), t.currency, t.credits, t.amount FROM top t JOIN source s ON s.id = "
                + "t.source_id LEFT JOIN sf_query q ON q.source_id = t.source_id AND q.query_id = t.query_id "
                + "AND q.start_time = t.start_time ORDER BY t.amount DESC, t.query_id";
        args.add(limit);
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                List<QueryLine> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp start = rs.getTimestamp(3);
                        out.add(new QueryLine(rs.getString(1), rs.getString(2), start == null ? null
                                : start.toInstant(), rs.getString(4), rs.getString(5), rs.getString(6),
                                rs.getString(7), rs.getString(8), rs.getBigDecimal(9), rs.getBigDecimal(10)));
                    }
                }
                return out;
            }
        });
    }

    /** A value the unallocated cost carried, and how much cost carried it. */
    public record Unmatched(String kind, String key, String value, String currency, long items, BigDecimal amount) {
    }

    /**
     * The month's unallocated cost by what it carried: the query tags and users of unallocated queries, and the
     * resource tags (or, untagged, the service) of unallocated charges; the largest first, {@code limit} of each.
     */
    public List<Unmatched> unmatched(YearMonth month, int limit) {
        String queryTags = "SELECT 'queryTag', NULL, coalesce(nullif(q.query_tag, ''), '(no query tag)'), "
                + "qc.currency, count(DISTINCT qc.query_id), sum(qc.amount) FROM query_cost qc LEFT JOIN sf_query q "
                + "ON q.source_id = qc.source_id AND q.query_id = qc.query_id AND q.start_time = qc.start_time "
                + "WHERE qc.month = ? AND qc.team IS NULL GROUP BY 3, 4 ORDER BY 6 DESC LIMIT ?";
        String users = "SELECT 'user', NULL, coalesce(qc.user_name, '(unknown)'), qc.currency, "
                + "count(DISTINCT qc.query_id), sum(qc.amount) FROM query_cost qc WHERE qc.month = ? "
                + "AND qc.team IS NULL GROUP BY 3, 4 ORDER BY 6 DESC LIMIT ?";
        String tags = "SELECT 'tag', kv.key, kv.value, a.currency, count(DISTINCT a.charge_id), sum(a.amount) "
                + "FROM allocation a JOIN charge c ON c.id = a.charge_id AND c.charge_period_start = "
                + "a.charge_period_start CROSS JOIN LATERAL jsonb_each_text(coalesce(c.tags_norm, '{}'::jsonb)) kv "
                + "WHERE a.month = ? AND a.team IS NULL AND a.category <> 'IDLE' GROUP BY 2, 3, 4 ORDER BY 6 DESC "
                + "LIMIT ?";
        String untagged = "SELECT 'service', NULL, coalesce(c.service_name, '(no service)'), a.currency, "
                + "count(DISTINCT a.charge_id), sum(a.amount) FROM allocation a JOIN charge c ON c.id = a.charge_id "
                + "AND c.charge_period_start = a.charge_period_start WHERE a.month = ? AND a.team IS NULL "
                + "AND a.category <> 'IDLE' AND (c.tags_norm IS NULL OR c.tags_norm = '{}'::jsonb) "
                + "GROUP BY 3, 4 ORDER BY 6 DESC LIMIT ?";
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Unmatched> out = new ArrayList<>();
            try (Connection c = dataSource.getConnection()) {
                for (String sql : List.of(queryTags, users, tags, untagged)) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setObject(1, month.atDay(1));
                        ps.setInt(2, limit);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                out.add(new Unmatched(rs.getString(1), rs.getString(2), rs.getString(3),
                                        rs.getString(4), rs.getLong(5), rs.getBigDecimal(6)));
                            }
                        }
                    }
                }
            }
            return out;
        });
    }

    private static String where(YearMonth month, Path path, boolean perQuery, List<Object> args) {
        if (path.team() == null || path.team().isBlank()) {
            throw new InvalidParameterException("team", "a drill starts from a team");
        }
        StringBuilder w = new StringBuilder(" WHERE month = ? AND team = ?");
        args.add(month.atDay(1));
        args.add(path.team());
        filter(w, args, "workload", path.workload());
        filter(w, args, "warehouse", path.warehouse());
        if (perQuery) {
            filter(w, args, "user_name", path.user());
            filter(w, args, "query_parameterized_hash", path.pattern());
        }
        return w.toString();
    }

    private static void filter(StringBuilder w, List<Object> args, String column, String value) {
        if (value == null) {
            return;
        }
        if (value.equals(NONE)) {
            w.append(" AND ").append(column).append(" IS NULL");
        } else {
            w.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws java.sql.SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }
}
