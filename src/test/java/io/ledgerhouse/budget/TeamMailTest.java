package io.ledgerhouse.budget;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Messages to team owners: the monthly statement and an anomaly notice, each sent once. Team "mail-team" gets
 * 40 USD a day in August 2026 and 50 in September (a rule gives it everything of source "mail-cloud").
 */
@QuarkusTest
@QuarkusTestResource(SmtpPort.class)
class TeamMailTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    TeamMailService teamMail;
    @Inject
    AlertDispatcher dispatcher;

    @Test
    void ownersGetTheirStatementAndAnomalyNoticesOnce() throws Exception {
        given().contentType(ContentType.JSON).body(Map.of("name", "mail-team", "owners",
                List.of("lead@example.com", "fin@example.com"), "costCenter", "CC-9")).post("/api/v1/teams").then()
                .statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("match", Map.of("source", "mail-cloud"), "team",
                "mail-team", "workload", "pipelines", "effectiveFrom", "2026-08-01")).post("/api/v1/rules").then()
                .statusCode(201);
        charges(YearMonth.of(2026, 8), "40");
        charges(YearMonth.of(2026, 9), "50");
        for (String month : List.of("2026-08", "2026-09")) {
            given().contentType(ContentType.JSON).body(Map.of("month", month, "source", "mail-cloud"))
                    .post("/api/v1/allocations/runs").then().statusCode(201);
        }
        assertThat(teamMail.queueStatements(YearMonth.of(2026, 9))).isEqualTo(1);
        assertThat(teamMail.queueStatements(YearMonth.of(2026, 9))).as("once a month").isZero();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO anomaly VALUES ('team:mail-team', 'cost', 'USD', '2026-09-15', 450, 50, 20, 80, "
                    + "now()) ON CONFLICT DO NOTHING");
        }
        assertThat(teamMail.queueAnomalies(LocalDate.of(2026, 9, 1), LocalDate.of(2026, 10, 1))).isEqualTo(1);
        assertThat(teamMail.queueAnomalies(LocalDate.of(2026, 9, 1), LocalDate.of(2026, 10, 1))).isZero();

        GreenMail smtp = new GreenMail(new ServerSetup(SmtpPort.port(), "127.0.0.1", "smtp"));
        smtp.start();
        try {
            // the pass delivers whatever is due, other tests' alerts included: this test counts its own messages
            AlertDispatcher.Pass pass = dispatcher.dispatchDue(Instant.now().plus(1, ChronoUnit.DAYS));
            MimeMessage[] received = List.of(smtp.getReceivedMessages()).stream()
                    .filter(m -> subject(m).contains("mail-team")).toArray(MimeMessage[]::new);
            assertThat(received).as("two messages to each of two owners; the pass's errors: %s", pass.errors())
                    .hasSize(4);
            MimeMessage statement = List.of(received).stream().filter(m -> subject(m).contains("statement"))
                    .findFirst().orElseThrow();
            assertThat(subject(statement)).isEqualTo("[Ledgerhouse] mail-team: chargeback statement for 2026-09");
            // September: 30 days x 50 = 1,500 USD; August 31 x 40 = 1,240 USD: +21.0%
            assertThat(GreenMailUtil.getBody(statement)).contains("1,500.00 USD", "+21.0% vs 1,240.00 USD");
            MimeMessage anomaly = List.of(received).stream().filter(m -> subject(m).contains("unusual"))
                    .findFirst().orElseThrow();
            assertThat(subject(anomaly)).isEqualTo("[Ledgerhouse] mail-team: unusual cost on 2026-09-15");
            assertThat(GreenMailUtil.getBody(anomaly)).contains("450.00 USD", "9.0", "20.00 USD", "80.00 USD");
        } finally {
            smtp.stop();
        }
        given().queryParam("month", "2026-09").get("/api/v1/alerts").then().statusCode(200)
                .body("kind", org.hamcrest.Matchers.hasItems("STATEMENT", "ANOMALY"))
                .body("status", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("SENT")));
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void charges(YearMonth month, String perDay) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO source (name, kind, created_at) VALUES ('mail-cloud', 'FOCUS_FILE', now()) "
                    + "ON CONFLICT (name) DO NOTHING");
            s.execute("SELECT ensure_charge_partition('" + month.atDay(1) + "T00:00:00Z')");
            s.execute("INSERT INTO charge (source_id, billed_cost, effective_cost, billing_account_id, "
                    + "billing_currency, billing_period_start, billing_period_end, charge_period_start, "
                    + "charge_period_end, provider_name, service_name, charge_category) SELECT so.id, " + perDay
                    + ", " + perDay + ", 'mail-1', 'USD', '" + month.atDay(1) + "T00:00:00Z', '" + month.plusMonths(1)
                    .atDay(1) + "T00:00:00Z', d, d + interval '1 day', 'MailCloud', 'Pipelines', 'Usage' FROM source "
                    + "so, generate_series('" + month.atDay(1) + "T00:00:00Z'::timestamptz, '" + month.atEndOfMonth()
                    + "T00:00:00Z'::timestamptz, interval '1 day') d WHERE so.name = 'mail-cloud'");
        }
    }
}
