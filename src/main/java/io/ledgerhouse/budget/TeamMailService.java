package io.ledgerhouse.budget;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.advise.RecommendationService;
import io.ledgerhouse.allocate.ChargebackService;
import io.ledgerhouse.store.AlertOutbox;
import io.ledgerhouse.store.Team;
import io.ledgerhouse.store.TeamRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Messages to teams' owners, through the same outbox as budget alerts (so each goes out once): the monthly chargeback
 * statement (last month's lines of the team, the change against the month before, open recommendations on the
 * warehouses it used) and a notice when a day of the team's cost is flagged as an anomaly.
 */
@ApplicationScoped
public class TeamMailService {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    TeamRepository teams;
    @Inject
    ChargebackService chargeback;
    @Inject
    RecommendationService recommendations;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;

    /** Queues {@code month}'s statement for every registered team with owners; returns how many were new. */
    public int queueStatements(YearMonth month) {
        ChargebackService.Statement now = chargeback.statement(month);
        ChargebackService.Statement before = chargeback.statement(month.minusMonths(1));
        List<Team> registered = QuarkusTransaction.requiringNew().call(() -> teams.listAll());
        List<RecommendationService.RecommendationView> open = recommendations.list(null, "OPEN", null, null);
        int queued = 0;
        for (Team t : registered) {
            if (t.owners.isEmpty()) {
                continue;
            }
            ObjectNode facts = json.createObjectNode();
            facts.put("team", t.name);
            facts.put("month", month.toString());
            facts.put("costCenter", t.costCenter);
            ArrayNode lines = facts.putArray("lines");
            for (ChargebackService.Line l : now.lines()) {
                if (!t.name.equals(l.team()) || !"team".equals(l.kind())) {
                    continue;
                }
                BigDecimal previous = before.lines().stream().filter(p -> t.name.equals(p.team())
                        && "team".equals(p.kind()) && p.currency().equals(l.currency())).map(
                                ChargebackService.Line::total).findFirst().orElse(BigDecimal.ZERO);
                ObjectNode line = lines.addObject();
                line.put("currency", l.currency());
                line.put("compute", l.compute());
                line.put("idle", l.idle());
                line.put("cloudServices", l.cloudServices());
                line.put("queryAcceleration", l.queryAcceleration());
                line.put("storage", l.storage());
                line.put("serverless", l.serverless());
                line.put("other", l.other());
                line.put("sharedIn", l.sharedIn());
                line.put("total", l.total());
                line.put("previousTotal", previous);
            }
            Set<String> warehouses = warehouses(t.name, month);
            ArrayNode recs = facts.putArray("recommendations");
            for (RecommendationService.RecommendationView r : open) {
                if ("warehouse".equals(r.targetType()) && warehouses.contains(r.target())) {
                    recs.addObject().put("id", r.id()).put("kind", r.kind()).put("target", r.target())
                            .put("current", r.currentValue()).put("proposed", r.proposedValue())
                            .put("unit", r.valueUnit())
                            .put("monthlySavings", r.monthlySavingsAmount()).put("currency", r.currency());
                }
            }
            if (lines.isEmpty() && recs.isEmpty()) {
                continue; // nothing to say to this team this month
            }
            if (queue("statement:" + t.name + ":" + month + ":EMAIL", t, month, "STATEMENT", facts)) {
                queued++;
            }
        }
        return queued;
    }

    /**
     * Queues a notice for each anomaly of a registered team's cost found on a day in [from, to); returns how many
     * were new.
     */
    public int queueAnomalies(LocalDate from, LocalDate to) {
        Map<String, Team> byName = new java.util.HashMap<>();
        QuarkusTransaction.requiringNew().call(() -> teams.listAll()).forEach(t -> byName.put(t.name, t));
        List<Object[]> anomalies = QuarkusTransaction.requiringNew().call(() -> {
            List<Object[]> out = new ArrayList<>();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                    + "substring(scope from 6), currency, day, actual, expected, lo99, hi99 FROM anomaly "
                    + "WHERE scope LIKE 'team:%' AND measure = 'cost' AND day >= ? AND day < ? ORDER BY day")) {
                ps.setObject(1, from);
                ps.setObject(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Object[] {rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                                rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7)});
                    }
                }
            }
            return out;
        });
        int queued = 0;
        for (Object[] a : anomalies) {
            Team t = byName.get((String) a[0]);
            if (t == null || t.owners.isEmpty()) {
                continue;
            }
            LocalDate day = (LocalDate) a[2];
            ObjectNode facts = json.createObjectNode();
            facts.put("team", t.name);
            facts.put("currency", (String) a[1]);
            facts.put("day", day.toString());
            facts.put("actual", (BigDecimal) a[3]);
            facts.put("expected", (BigDecimal) a[4]);
            facts.put("lo99", (BigDecimal) a[5]);
            facts.put("hi99", (BigDecimal) a[6]);
            if (queue("anomaly:" + t.name + ":" + day + ":EMAIL", t, YearMonth.from(day), "ANOMALY", facts)) {
                queued++;
            }
        }
        return queued;
    }

    private boolean queue(String key, Team t, YearMonth month, String kind, ObjectNode facts) {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return AlertOutbox.insert(c, key, null, t.name, month.atDay(1), kind, null, "EMAIL",
                        json.writeValueAsString(t.owners), json.writeValueAsString(facts), now);
            }
        });
    }

    /** Warehouses whose cost went (partly) to the team in the month. */
    private Set<String> warehouses(String team, YearMonth month) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Set<String> out = new HashSet<>();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT DISTINCT "
                    + "warehouse FROM allocation WHERE month = ? AND team = ? AND warehouse IS NOT NULL")) {
                ps.setObject(1, month.atDay(1));
                ps.setString(2, team);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return out;
        });
    }
}
