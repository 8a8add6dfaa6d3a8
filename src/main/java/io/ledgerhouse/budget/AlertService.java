package io.ledgerhouse.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.store.AlertOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/** What was sent (or is waiting to be), to whom, when and why. */
@ApplicationScoped
public class AlertService {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper json;

    /** {@code budget}: the budget's name, or "team X" for statements and anomaly notices. */
    public record AlertView(long id, Long budgetId, String budget, String month, String kind, BigDecimal threshold,
            String channel, List<String> recipients, String status, int attempts, Instant createdAt,
            Instant sentAt, Instant nextAttemptAt, String lastError, String reason, JsonNode facts) {
    }

    @jakarta.inject.Inject
    BudgetService budgets;

    /**
     * The alerts of {@code teams} only (null: all): statements and anomaly notices of those teams, and the alerts
     * of their TEAM and WORKLOAD budgets.
     */
    public List<AlertView> list(YearMonth month, java.util.Set<String> teams) {
        if (teams == null) {
            return list(month);
        }
        java.util.Set<Long> own = new java.util.HashSet<>();
        budgets.list(teams).forEach(b -> own.add(b.id()));
        return list(month).stream().filter(a -> a.budgetId() != null ? own.contains(a.budgetId())
                : teams.contains(a.facts().path("team").asText(""))).toList();
    }

    public List<AlertView> list(YearMonth month) {
        try (Connection c = dataSource.getConnection()) {
            List<AlertView> out = new ArrayList<>();
            for (AlertOutbox.Entry e : AlertOutbox.list(c, month == null ? null : month.atDay(1))) {
                JsonNode facts = json.readTree(e.facts());
                List<String> to = new ArrayList<>();
                json.readTree(e.recipients()).forEach(r -> to.add(e.channel().equals("WEBHOOK")
                        ? BudgetService.redact(r.asText()) : r.asText()));
                String subject;
                String reason;
                switch (e.kind()) {
                    case "STATEMENT" -> {
                        subject = "team " + facts.path("team").asText();
                        reason = "the monthly chargeback statement of " + facts.path("month").asText();
                    }
                    case "ANOMALY" -> {
                        subject = "team " + facts.path("team").asText();
                        reason = TeamMessage.anomaly(facts, null).subject().replace("[Ledgerhouse] ", "");
                    }
                    default -> {
                        subject = facts.path("budget").asText();
                        reason = AlertMessage.of(facts, null).reason();
                    }
                }
                out.add(new AlertView(e.id(), e.budgetId(), subject, e.month().toString().substring(0, 7),
                        e.kind(), e.threshold(), e.channel(), to, e.status(), e.attempts(), e.createdAt(),
                        e.sentAt(), e.status().equals("SENT") ? null : e.nextAttemptAt(), e.lastError(), reason,
                        facts));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("The alerts could not be read: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
