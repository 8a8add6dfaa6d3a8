package io.ledgerhouse.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.store.AlertOutbox;
import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Delivers due alerts from the outbox. Each alert is claimed with {@code FOR UPDATE SKIP LOCKED} in its own
 * transaction, delivered, and marked SENT before the transaction commits, so two instances never send the same alert;
 * a delivery that fails stays PENDING with its error and is retried with exponential backoff, so an SMTP or webhook
 * outage only delays it. The one window for a duplicate is a crash after the mail server accepted the message and
 * before the commit; every message carries a stable Message-ID ({@code <alert-ID@ledgerhouse>}) for receivers to
 * de-duplicate on.
 */
@ApplicationScoped
public class AlertDispatcher {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Mailer mailer;
    @Inject
    ObjectMapper json;
    @Inject
    AlertConfig config;
    @Inject
    java.time.Clock clock;
    @Inject
    @Location("alerts/budget.html")
    Template html;
    @Inject
    @Location("alerts/budget.txt")
    Template text;
    @Inject
    @Location("alerts/statement.html")
    Template statementHtml;
    @Inject
    @Location("alerts/statement.txt")
    Template statementText;
    @Inject
    @Location("alerts/anomaly.html")
    Template anomalyHtml;
    @Inject
    @Location("alerts/anomaly.txt")
    Template anomalyText;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** What one pass did. */
    public record Pass(int sent, int failed, List<String> errors) {
    }

    /** Delivers every alert due at {@code now}; each at most once per pass. */
    public Pass dispatchDue(Instant now) {
        int sent = 0;
        int failed = 0;
        List<String> errors = new ArrayList<>();
        java.util.Set<Long> tried = new java.util.HashSet<>();
        while (true) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    Optional<AlertOutbox.Entry> due = AlertOutbox.claimDue(c, now);
                    if (due.isEmpty() || !tried.add(due.get().id())) {
                        c.rollback();
                        break;
                    }
                    AlertOutbox.Entry e = due.get();
                    try {
                        deliver(e);
                        AlertOutbox.sent(c, e.id(), clock.instant());
                        sent++;
                    } catch (RuntimeException | java.io.IOException ex) {
                        String error = describe(ex);
                        Duration wait = backoff(e.attempts() + 1);
                        AlertOutbox.failed(c, e.id(), error, now.plus(wait));
                        failed++;
                        errors.add("alert " + e.id() + ": " + error);
                        Log.warnf("Alert %d (%s to %s) not delivered, retry in %s: %s", e.id(), e.channel(),
                                e.channel().equals("EMAIL") ? e.recipients() : "webhook", wait, error);
                    }
                    c.commit();
                } catch (SQLException | RuntimeException ex) {
                    c.rollback();
                    throw ex;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException ex) {
                throw new IllegalStateException("The alert outbox could not be read: " + ex.getMessage(), ex);
            }
        }
        return new Pass(sent, failed, errors);
    }

    Duration backoff(int attempts) {
        Duration d = config.firstBackoff();
        for (int i = 1; i < attempts && d.compareTo(config.maxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : d;
    }

    private void deliver(AlertOutbox.Entry e) throws java.io.IOException {
        JsonNode facts = json.readTree(e.facts());
        List<String> to = new ArrayList<>();
        json.readTree(e.recipients()).forEach(r -> to.add(r.asText()));
        String dashboard = config.dashboardUrl().orElse(null);
        if (e.kind().equals("STATEMENT") || e.kind().equals("ANOMALY")) {
            Mail mail;
            if (e.kind().equals("STATEMENT")) {
                TeamMessage.Statement s = TeamMessage.statement(facts, dashboard);
                mail = new Mail().setSubject(s.subject()).setHtml(statementHtml.data("s", s).render())
                        .setText(statementText.data("s", s).render());
            } else {
                TeamMessage.Anomaly a = TeamMessage.anomaly(facts, dashboard);
                mail = new Mail().setSubject(a.subject()).setHtml(anomalyHtml.data("a", a).render())
                        .setText(anomalyText.data("a", a).render());
            }
            mail.setFrom(config.from()).addHeader("Message-ID", "<alert-" + e.id() + "@ledgerhouse>").setTo(to);
            mailer.send(mail);
            return;
        }
        AlertMessage m = AlertMessage.of(facts, dashboard);
        if (e.channel().equals("WEBHOOK")) {
            webhook(to.get(0), m);
            return;
        }
        JsonNode p = facts.path("projection");
        byte[] chart = MonthChart.png(AlertMessage.month(facts), AlertMessage.daily(facts),
                new java.math.BigDecimal(facts.path("amount").asText()),
                p.isObject() ? new java.math.BigDecimal(p.path("point").asText()) : null,
                p.isObject() ? new java.math.BigDecimal(p.path("lo80").asText()) : null,
                p.isObject() ? new java.math.BigDecimal(p.path("hi80").asText()) : null);
        Mail mail = new Mail().setSubject(m.subject()).setFrom(config.from())
                .setHtml(html.data("m", m).render()).setText(text.data("m", m).render())
                .addInlineAttachment("month.png", chart, "image/png", "<month-chart>")
                .addHeader("Message-ID", "<alert-" + e.id() + "@ledgerhouse>");
        mail.setTo(to);
        mailer.send(mail);
    }

    private void webhook(String url, AlertMessage m) throws java.io.IOException {
        String body = json.writeValueAsString(java.util.Map.of("text", m.plainText()));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) {
                throw new java.io.IOException("webhook answered HTTP " + r.statusCode());
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new java.io.IOException("interrupted", ie);
        }
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return m.length() > 500 ? m.substring(0, 500) : m;
    }
}
