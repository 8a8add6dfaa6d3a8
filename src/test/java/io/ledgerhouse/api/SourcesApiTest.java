package io.ledgerhouse.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.collect.snowflake.fakes.AccountUsageFake;
import io.ledgerhouse.collect.snowflake.fakes.FakeSnowflakePort;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Sources API against the configured account {@code fake-acct} (test profile), served by the fake Snowflake on a free
 * port ({@link FakeSnowflakePort}) with its password in a secret file.
 */
@QuarkusTest
@QuarkusTestResource(FakeSnowflakePort.class)
class SourcesApiTest {

    private static final String PASSWORD = "fake-acct-Pa55!";

    @Inject
    AgroalDataSource dataSource;

    /** Every log record written while a test runs, as the text a log file would hold. */
    static final class CapturedLogs extends java.util.logging.Handler {
        final java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void publish(java.util.logging.LogRecord r) {
            StringBuilder sb = new StringBuilder(String.valueOf(r.getMessage()));
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    sb.append(' ').append(p);
                }
            }
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                sb.append(' ').append(t);
            }
            lines.add(sb.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aConfiguredAccountIsListedRunOnDemandAndReportsItsHealthWithoutSecrets() throws Exception {
        CapturedLogs logs = new CapturedLogs();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Level level = root.getLevel();
        root.addHandler(logs);
        try {
            runAndCheck();
        } finally {
            root.removeHandler(logs);
            root.setLevel(level);
        }
        assertThat(logs.lines).as("something was logged, so the check below is not vacuous")
                .anyMatch(l -> l.contains("fake-acct"));
        assertThat(logs.lines).noneMatch(l -> l.contains(PASSWORD));
        try (var c = dataSource.getConnection(); var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM collector_run r JOIN source s ON s.id = r.source_id "
                        + "WHERE s.name = 'fake-acct' AND (coalesce(r.error, '') || coalesce(r.rows_by_view::text, '') "
                        + "|| coalesce(r.unavailable::text, '')) LIKE '%" + PASSWORD + "%'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the password is stored nowhere").isZero();
        }
    }

    private void runAndCheck() throws Exception {
        Path secret = Path.of("target/test-secrets/fake-acct-password");
        Files.createDirectories(secret.getParent());
        Files.writeString(secret, PASSWORD + "\n");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        try (AccountUsageFake fake = new AccountUsageFake(dataSource, "fake_au_api", FakeSnowflakePort.port())) {
            fake.execute("INSERT INTO {schema}.warehouse_metering_history VALUES ('" + hour.minus(2, ChronoUnit.HOURS)
                    + "', '" + hour.minus(1, ChronoUnit.HOURS) + "', 7, 'ADHOC_WH', 1.000000000, 0.9, 0.1, 0.5)");

            String listing = given().when().get("/api/v1/sources").then().statusCode(200)
                    .body("name", hasItem("fake-acct"))
                    .extract().asString();
            assertThat(listing).doesNotContain(PASSWORD).contains("from file target/test-secrets/fake-acct-password");

            String run = given().when().post("/api/v1/sources/fake-acct/runs").then().statusCode(201)
                    .body("status", equalTo("SUCCEEDED"))
                    .body("rowsByView.WAREHOUSE_METERING_HISTORY", equalTo(1))
                    .extract().asString();
            assertThat(run).doesNotContain(PASSWORD);

            String health = given().when().get("/api/v1/sources/fake-acct").then().statusCode(200)
                    .body("kind", equalTo("SNOWFLAKE"))
                    .body("lastRun.status", equalTo("SUCCEEDED"))
                    .body("views.view", hasItem("WAREHOUSE_METERING_HISTORY"))
                    .body("views.view", hasItem("METERING_DAILY_HISTORY"))
                    .body("configuration.user", equalTo("LEDGERHOUSE"))
                    .extract().asString();
            assertThat(health).doesNotContain(PASSWORD);
            assertThat(fake.server().logins()).singleElement()
                    .satisfies(login -> assertThat(login.path("data").path("PASSWORD").asText()).isEqualTo(PASSWORD));
        }
        // with the fake gone the run fails, is recorded, and the source says so
        given().when().post("/api/v1/sources/fake-acct/runs").then().statusCode(201)
                .body("status", equalTo("FAILED"));
        given().when().get("/api/v1/sources/fake-acct").then().statusCode(200)
                .body("lastRun.status", equalTo("FAILED"));
    }

    @Test
    void unknownAndFileSourcesCannotBeRun() {
        given().when().post("/api/v1/sources/nope/runs").then().statusCode(404)
                .contentType("application/problem+json");
        given().contentType("text/csv").body("BilledCost\n1\n").post("/api/v1/imports/focus?source=file-src");
        given().when().post("/api/v1/sources/file-src/runs").then().statusCode(400)
                .contentType("application/problem+json");
        given().when().get("/api/v1/sources/nope").then().statusCode(404);
    }
}
