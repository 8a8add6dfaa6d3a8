package io.ledgerhouse.advise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.advise.engine.RecommendationStatus;
import io.ledgerhouse.domain.ConflictException;
import io.ledgerhouse.domain.NotFoundException;
import io.ledgerhouse.domain.ValidationException;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Recommendations in the store: refreshed from the advisor's findings (same source, kind and target keep their id,
 * status and history), listed and filtered, and moved through their status workflow by people. Every change is an
 * event in the recommendation's history.
 */
@ApplicationScoped
public class RecommendationService {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper json;

    /** One piece of advice as the advisor found it now. */
    public record Advice(String kind, String targetType, String target, String currentValue, String proposedValue,
            BigDecimal monthlySavingsCredits, BigDecimal monthlySavingsAmount, String currency,
            String performanceEffect, JsonNode evidence, String confidence, String confidenceReason, String sql,
            JsonNode prediction) {
    }

    public record Event(Instant at, String event, String fromStatus, String toStatus, String reason,
            JsonNode detail) {
    }

    /** {@code valueUnit}: the unit of the current and proposed values ("s", "clusters"), null when they are names. */
    public record RecommendationView(long id, String source, String kind, String targetType, String target,
            String currentValue, String proposedValue, String valueUnit, BigDecimal monthlySavingsCredits,
            BigDecimal monthlySavingsAmount, String currency, String performanceEffect, JsonNode evidence,
            String confidence, String confidenceReason, String sql, JsonNode prediction, String status,
            String statusReason, Instant appliedAt, JsonNode verification, Instant createdAt, Instant updatedAt,
            Instant refreshedAt, List<Event> history) {
    }

    /** What a refresh did. */
    public record Refresh(int created, int revised, int unchanged, int superseded, int reopened) {
    }

    /**
     * Replaces what the advisor says about {@code kinds} on source {@code sourceId} with {@code advice}: new advice is
     * created OPEN; advice found again keeps its row (REVISED in the history when its proposal or figures moved);
     * open or accepted advice not found again becomes SUPERSEDED; superseded advice found again is OPEN again.
     * Dismissed advice stays dismissed (its figures are kept current).
     */
    public Refresh refresh(long sourceId, Set<String> kinds, List<Advice> advice) {
        return call(c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, "ledgerhouse.advise".hashCode());
                lock.setInt(2, Math.toIntExact(sourceId));
                lock.execute();
            }
            Instant now = clock.instant();
            int created = 0;
            int revised = 0;
            int unchanged = 0;
            int reopened = 0;
            Set<Long> seen = new HashSet<>();
            for (Advice a : advice) {
                Existing e = existing(c, sourceId, a);
                if (e == null) {
                    long id = insert(c, sourceId, a, now);
                    event(c, id, now, "CREATED", null, "OPEN", null, null);
                    seen.add(id);
                    created++;
                    continue;
                }
                seen.add(e.id());
                boolean moved = !Objects.equals(e.proposed(), a.proposedValue())
                        || !Objects.equals(e.current(), a.currentValue())
                        || compare(e.savings(), a.monthlySavingsAmount()) != 0;
                update(c, e.id(), a, now);
                if (moved) {
                    event(c, e.id(), now, "REVISED", null, null, null, json.createObjectNode()
                            .put("proposedBefore", e.proposed()).put("proposedNow", a.proposedValue())
                            .put("savingsBefore", e.savings()).put("savingsNow", a.monthlySavingsAmount()));
                    revised++;
                } else {
                    unchanged++;
                }
                if (e.status().equals("SUPERSEDED")) {
                    status(c, e.id(), "OPEN", "the advice is given again", now);
                    event(c, e.id(), now, "STATUS", "SUPERSEDED", "OPEN", "the advice is given again", null);
                    reopened++;
                }
            }
            int superseded = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, status FROM recommendation WHERE source_id = ? "
                    + "AND kind = ANY (?) AND status IN ('OPEN', 'ACCEPTED') FOR UPDATE")) {
                ps.setLong(1, sourceId);
                ps.setArray(2, c.createArrayOf("text", kinds.toArray()));
                List<Object[]> gone = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!seen.contains(rs.getLong(1))) {
                            gone.add(new Object[] {rs.getLong(1), rs.getString(2)});
                        }
                    }
                }
                for (Object[] g : gone) {
                    String why = "the latest analysis no longer gives this advice";
                    status(c, (Long) g[0], "SUPERSEDED", why, now);
                    event(c, (Long) g[0], now, "STATUS", (String) g[1], "SUPERSEDED", why, null);
                    superseded++;
                }
            }
            return new Refresh(created, revised, unchanged, superseded, reopened);
        });
    }

    /** Recommendations matching the filters (any when null), largest savings first. */
    public List<RecommendationView> list(String kind, String status, String target, String source) {
        return call(c -> {
            StringBuilder sql = new StringBuilder(SELECT + " WHERE true");
            List<String> args = new ArrayList<>();
            if (kind != null) {
                sql.append(" AND r.kind = ?");
                args.add(kind.strip().toUpperCase(Locale.ROOT));
            }
            if (status != null) {
                sql.append(" AND r.status = ?");
                args.add(status.strip().toUpperCase(Locale.ROOT));
            }
            if (target != null) {
                sql.append(" AND (r.target = ? OR r.target_type || ':' || r.target = ?)");
                args.add(target.strip());
                args.add(target.strip());
            }
            if (source != null) {
                sql.append(" AND so.name = ?");
                args.add(source.strip());
            }
            sql.append(" ORDER BY r.monthly_savings_amount DESC NULLS LAST, r.id");
            List<RecommendationView> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs, List.of()));
                    }
                }
            }
            return out;
        });
    }

    public RecommendationView get(long id) {
        return call(c -> find(c, id, true));
    }

    /** A person moves recommendation {@code id} to {@code to}, with a reason (required to dismiss). */
    public RecommendationView changeStatus(long id, String to, String reason) {
        RecommendationStatus target;
        try {
            target = RecommendationStatus.valueOf(to == null ? "" : to.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("Unknown status", List.of("status: '" + to + "' is not one of "
                    + java.util.Arrays.toString(RecommendationStatus.values())));
        }
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (RecommendationStatus.needsReason(target) && why == null) {
            throw new ValidationException("A reason is required", List.of("reason: required to set " + target));
        }
        return call(c -> {
            RecommendationView current = find(c, id, false);
            RecommendationStatus from = RecommendationStatus.valueOf(current.status());
            String refusal = from.refusal(target);
            if (refusal != null) {
                throw new ConflictException("Recommendation " + id + ": " + refusal + ".");
            }
            Instant now = clock.instant();
            status(c, id, target.name(), why, now);
            if (target == RecommendationStatus.APPLIED) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE recommendation SET applied_at = ? "
                        + "WHERE id = ?")) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
            }
            event(c, id, now, "STATUS", from.name(), target.name(), why, null);
            return find(c, id, true);
        });
    }

    /** Ledgerhouse records the measured outcome of an applied recommendation. */
    public void verified(long id, JsonNode verification) {
        call(c -> {
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement("UPDATE recommendation SET status = 'VERIFIED', "
                    + "verification = ?::jsonb, updated_at = ? WHERE id = ? AND status = 'APPLIED'")) {
                ps.setString(1, json.writeValueAsString(verification));
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setLong(3, id);
                if (ps.executeUpdate() == 1) {
                    event(c, id, now, "STATUS", "APPLIED", "VERIFIED", "measured after the change", verification);
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
    }

    // ---- store

    private record Existing(long id, String status, String current, String proposed, BigDecimal savings) {
    }

    private static Existing existing(Connection c, long sourceId, Advice a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, status, current_value, proposed_value, "
                + "monthly_savings_amount FROM recommendation WHERE source_id = ? AND kind = ? AND target_type = ? "
                + "AND target = ? AND status IN ('OPEN', 'ACCEPTED', 'DISMISSED', 'SUPERSEDED') FOR UPDATE")) {
            ps.setLong(1, sourceId);
            ps.setString(2, a.kind());
            ps.setString(3, a.targetType());
            ps.setString(4, a.target());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Existing(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBigDecimal(5)) : null;
            }
        }
    }

    private static final String COLUMNS = "current_value = ?, proposed_value = ?, monthly_savings_credits = ?, "
            + "monthly_savings_amount = ?, currency = ?, performance_effect = ?, evidence = ?::jsonb, confidence = ?, "
            + "confidence_reason = ?, sql = ?, prediction = ?::jsonb";

    private long insert(Connection c, long sourceId, Advice a, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO recommendation (current_value, proposed_value, "
                + "monthly_savings_credits, monthly_savings_amount, currency, performance_effect, evidence, "
                + "confidence, confidence_reason, sql, prediction, source_id, kind, target_type, target, created_at, "
                + "updated_at, refreshed_at) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, "
                + "?) RETURNING id")) {
            int i = bind(ps, a);
            ps.setLong(i++, sourceId);
            ps.setString(i++, a.kind());
            ps.setString(i++, a.targetType());
            ps.setString(i++, a.target());
            ps.setTimestamp(i++, Timestamp.from(now));
            ps.setTimestamp(i++, Timestamp.from(now));
            ps.setTimestamp(i, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void update(Connection c, long id, Advice a, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE recommendation SET " + COLUMNS
                + ", updated_at = ?, refreshed_at = ? WHERE id = ?")) {
            int i = bind(ps, a);
            ps.setTimestamp(i++, Timestamp.from(now));
            ps.setTimestamp(i++, Timestamp.from(now));
            ps.setLong(i, id);
            ps.executeUpdate();
        }
    }

    private int bind(PreparedStatement ps, Advice a) throws SQLException {
        int i = 1;
        ps.setString(i++, a.currentValue());
        ps.setString(i++, a.proposedValue());
        ps.setBigDecimal(i++, a.monthlySavingsCredits());
        ps.setBigDecimal(i++, a.monthlySavingsAmount());
        ps.setString(i++, a.currency());
        ps.setString(i++, a.performanceEffect());
        ps.setString(i++, a.evidence() == null ? "{}" : a.evidence().toString());
        ps.setString(i++, a.confidence());
        ps.setString(i++, a.confidenceReason());
        ps.setString(i++, a.sql());
        ps.setString(i++, a.prediction() == null ? null : a.prediction().toString());
        return i;
    }

    private static void status(Connection c, long id, String status, String reason, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE recommendation SET status = ?, status_reason = ?, "
                + "updated_at = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setString(2, reason);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    private static void event(Connection c, long id, Instant at, String event, String from, String to,
            String reason, JsonNode detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO recommendation_event (recommendation_id, at, "
                + "event, from_status, to_status, reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            ps.setLong(1, id);
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, event);
            ps.setString(4, from);
            ps.setString(5, to);
            ps.setString(6, reason);
            ps.setString(7, detail == null ? null : detail.toString());
            ps.executeUpdate();
        }
    }

    private static final String SELECT = "SELECT r.id, so.name, r.kind, r.target_type, r.target, r.current_value, "
            + "r.proposed_value, r.monthly_savings_credits, r.monthly_savings_amount, r.currency, "
            + "r.performance_effect, r.evidence::text, r.confidence, r.confidence_reason, r.sql, r.prediction::text, "
            + "r.status, r.status_reason, r.applied_at, r.verification::text, r.created_at, r.updated_at, "
            + "r.refreshed_at FROM recommendation r JOIN source so ON so.id = r.source_id";

    private RecommendationView find(Connection c, long id, boolean history) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE r.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("no recommendation " + id);
                }
                return read(rs, history ? history(c, id) : List.of());
            }
        }
    }

    private List<Event> history(Connection c, long id) throws SQLException {
        List<Event> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT at, event, from_status, to_status, reason, "
                + "detail::text FROM recommendation_event WHERE recommendation_id = ? ORDER BY id")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Event(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), tree(rs.getString(6))));
                }
            }
        }
        return out;
    }

    private RecommendationView read(ResultSet rs, List<Event> history) throws SQLException {
        return new RecommendationView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7),
                io.ledgerhouse.advise.engine.Recommendation.valueUnit(rs.getString(3)), rs.getBigDecimal(8),
                rs.getBigDecimal(9),
                rs.getString(10), rs.getString(11), tree(rs.getString(12)), rs.getString(13), rs.getString(14),
                rs.getString(15), tree(rs.getString(16)), rs.getString(17), rs.getString(18), instant(rs, 19),
                tree(rs.getString(20)), instant(rs, 21), instant(rs, 22), instant(rs, 23), history);
    }

    private JsonNode tree(String s) {
        try {
            return s == null ? null : json.readTree(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(ResultSet rs, int i) throws SQLException {
        Timestamp t = rs.getTimestamp(i);
        return t == null ? null : t.toInstant();
    }

    private static int compare(BigDecimal a, BigDecimal b) {
        return a == null ? (b == null ? 0 : -1) : b == null ? 1 : a.compareTo(b);
    }

    private <T> T call(io.ledgerhouse.store.Jdbc.Work<T> work) {
        return io.ledgerhouse.store.Jdbc.inNewTransaction(dataSource, work);
    }
}
