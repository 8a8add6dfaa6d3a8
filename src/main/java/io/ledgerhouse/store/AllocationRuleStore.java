package io.ledgerhouse.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerhouse.allocate.engine.Match;
import io.ledgerhouse.allocate.engine.Rule;
import io.ledgerhouse.allocate.engine.SharedCostPolicy;
import io.ledgerhouse.allocate.engine.SnowflakeAllocator.IdlePolicy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Allocation rules (insert-only versions), shared-cost policies and idle policies. Rules are kept as versions with
 * effective dates: a change closes the open version and adds the next, so history is never rewritten.
 */
public final class AllocationRuleStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    private AllocationRuleStore() {
    }

    /** A rule version as stored, with its description and when it was written. */
    public record StoredRule(Rule rule, String description, Instant createdAt) {
    }

    /** Every version of every rule. */
    public static List<StoredRule> all(Connection c) throws SQLException {
        return query(c, "SELECT id, version, position, effective_from, effective_to, match, team, workload, "
                + "cost_center, description, created_at FROM allocation_rule ORDER BY position, id, version");
    }

    /** The versions of one rule, oldest first. */
    public static List<StoredRule> versions(Connection c, long id) throws SQLException {
        return query(c, "SELECT id, version, position, effective_from, effective_to, match, team, workload, "
                + "cost_center, description, created_at FROM allocation_rule WHERE id = " + id + " ORDER BY version");
    }

    private static List<StoredRule> query(Connection c, String sql) throws SQLException {
        List<StoredRule> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                LocalDate to = rs.getObject(5, LocalDate.class);
                out.add(new StoredRule(new Rule(rs.getLong(1), rs.getInt(2), rs.getInt(3),
                        rs.getObject(4, LocalDate.class), to, match(rs.getString(6)), rs.getString(7),
                        rs.getString(8), rs.getString(9)), rs.getString(10), rs.getTimestamp(11).toInstant()));
            }
        }
        return out;
    }

    public static long nextId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('allocation_rule_id_seq')");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static void insert(Connection c, Rule r, String description, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO allocation_rule (id, version, position, "
                + "effective_from, effective_to, match, team, workload, cost_center, description, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, r.id());
            ps.setInt(2, r.version());
            ps.setInt(3, r.position());
            ps.setObject(4, r.effectiveFrom());
            ps.setObject(5, r.effectiveTo());
            ps.setString(6, json(r.match()));
            ps.setString(7, r.team());
            ps.setString(8, r.workload());
            ps.setString(9, r.costCenter());
            ps.setString(10, description);
            ps.setTimestamp(11, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    /** Ends a version's validity at {@code to} (exclusive). */
    public static void close(Connection c, long id, int version, LocalDate to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE allocation_rule SET effective_to = ? WHERE id = ? "
                + "AND version = ?")) {
            ps.setObject(1, to);
            ps.setLong(2, id);
            ps.setInt(3, version);
            ps.executeUpdate();
        }
    }

    public static List<SharedCostPolicy> sharedPolicies(Connection c) throws SQLException {
        List<SharedCostPolicy> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, position, scope, kind, teams, weights "
                + "FROM shared_cost_policy ORDER BY position, id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    List<String> teams = List.of(JSON.readValue(rs.getString(6), String[].class));
                    Map<String, BigDecimal> weights = new HashMap<>();
                    JSON.readTree(rs.getString(7)).fields().forEachRemaining(e -> weights.put(e.getKey(),
                            e.getValue().decimalValue()));
                    out.add(new SharedCostPolicy(rs.getLong(1), rs.getString(2), rs.getInt(3), match(rs.getString(4)),
                            SharedCostPolicy.Kind.valueOf(rs.getString(5)), teams, weights));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    public static long insertSharedPolicy(Connection c, SharedCostPolicy p, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shared_cost_policy (name, position, scope, kind, "
                + "teams, weights, created_at) VALUES (?, ?, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?) RETURNING id")) {
            ps.setString(1, p.name());
            ps.setInt(2, p.position());
            ps.setString(3, json(p.scope()));
            ps.setString(4, p.kind().name());
            ps.setString(5, json(p.teams() == null ? List.of() : p.teams()));
            ps.setString(6, json(p.weights() == null ? Map.of() : p.weights()));
            ps.setTimestamp(7, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public static boolean deleteSharedPolicy(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM shared_cost_policy WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    /** Idle policies by warehouse name ({@code *}: the default). */
    public static Map<String, IdlePolicy> idlePolicies(Connection c) throws SQLException {
        Map<String, IdlePolicy> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT warehouse, policy FROM idle_policy");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1).toUpperCase(java.util.Locale.ROOT), IdlePolicy.valueOf(rs.getString(2)));
            }
        }
        return out;
    }

    public static void setIdlePolicy(Connection c, String warehouse, IdlePolicy policy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO idle_policy VALUES (?, ?) ON CONFLICT (warehouse) "
                + "DO UPDATE SET policy = excluded.policy")) {
            ps.setString(1, warehouse);
            ps.setString(2, policy.name());
            ps.executeUpdate();
        }
    }

    public static Optional<Integer> maxPosition(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max(position) FROM allocation_rule");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            int v = rs.getInt(1);
            return rs.wasNull() ? Optional.empty() : Optional.of(v);
        }
    }

    private static Match match(String json) {
        try {
            return JSON.readValue(json, Match.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable rule match " + json, e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
