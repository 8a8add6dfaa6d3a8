package io.ledgerhouse.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.collect.bigquery.fakes.FakeBigQueryPort;
import io.ledgerhouse.trial.SimulatedBigQueryServer;
import io.ledgerhouse.collect.bigquery.fakes.FixtureProject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A configured BigQuery project ({@code bq-api}, host from {@link FakeBigQueryPort}) run on demand through the API,
 * its health, its capacity replay and its advice.
 */
@QuarkusTest
@QuarkusTestResource(FakeBigQueryPort.class)
class BigQueryApiTest {

    @Test
    void aConfiguredProjectRunsOnDemandAndItsCapacityIsReplayed() {
        given().get("/api/v1/sources").then().statusCode(200);
        try (SimulatedBigQueryServer fake = new SimulatedBigQueryServer(FakeBigQueryPort.port())) {
            FixtureProject.generate(fake, Instant.now(), 5, 24);
            JsonPath run = given().post("/api/v1/sources/bq-api/runs").then().statusCode(201).extract().jsonPath();
            assertThat(run.getString("status")).as(run.getString("error")).isEqualTo("SUCCEEDED");
            assertThat(run.getMap("rowsByView")).containsKeys("us/JOBS_BY_PROJECT", "us/RESERVATIONS_TIMELINE");
        }
        JsonPath source = given().get("/api/v1/sources/bq-api").then().statusCode(200).extract().jsonPath();
        assertThat(source.getString("kind")).isEqualTo("BIGQUERY");
        assertThat(source.getString("lastRun.status")).isEqualTo("SUCCEEDED");
        assertThat(source.getString("configuration.credentials")).isEqualTo("none (local host)");

        JsonPath capacity = given().get("/api/v1/bigquery/bq-api/capacity").then().statusCode(200).extract()
                .jsonPath();
        assertThat(capacity.getList("project")).containsExactly(FixtureProject.PROJECT);
        List<Map<String, Object>> outcomes = capacity.getList("[0].outcomes");
        assertThat(outcomes).hasSizeGreaterThan(3);
        assertThat(capacity.getDouble("[0].onDemandCost")).isPositive();
        assertThat(capacity.getDouble("[0].actualCost")).isPositive();
        // the fixture's reservation bills a 100-slot baseline around the clock for bursts of a few minutes: the
        // replay finds cheaper settings, and the advice says so with its evidence
        List<Map<String, Object>> advice = given().get("/api/v1/recommendations?source=bq-api&kind=BIGQUERY_CAPACITY")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(advice).singleElement().satisfies(a -> {
            assertThat(a.get("targetType")).isEqualTo("project");
            assertThat(a.get("currentValue")).isEqualTo("reservation prod and on-demand");
        });
        // storage: dataset sales is billed logically; physically it would cost
        // (2 x 20 + 2 x 2 fail-safe) GiB x 0.04 + 180 GiB x 0.02 = 5.36 instead of 200 x 0.02 + 900 x 0.01 = 13.00
        List<Map<String, Object>> storage = given().get("/api/v1/recommendations?source=bq-api"
                + "&kind=BIGQUERY_STORAGE_BILLING_MODEL").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(storage).anySatisfy(a -> {
            assertThat(a.get("target")).isEqualTo("fx-proj.sales");
            assertThat(a.get("proposedValue")).isEqualTo("PHYSICAL");
            assertThat(new java.math.BigDecimal(a.get("monthlySavingsAmount").toString())).isEqualByComparingTo("7.64");
        });
        // the reservation on its own: its jobs' usage against its own charges, advised with the statements for it
        JsonPath reservations = given().get("/api/v1/bigquery/bq-api/capacity?by=reservation").then().statusCode(200)
                .extract().jsonPath();
        assertThat(reservations.getList("reservation")).containsExactly(FixtureProject.RESERVATION);
        assertThat(reservations.getDouble("[0].actualCost")).isPositive();
        List<Map<String, Object>> perReservation = given().get("/api/v1/recommendations?source=bq-api"
                + "&kind=BIGQUERY_RESERVATION_CAPACITY").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(perReservation).singleElement().satisfies(a -> {
            assertThat(a.get("targetType")).isEqualTo("reservation");
            assertThat(a.get("target")).isEqualTo(FixtureProject.RESERVATION);
            assertThat(a.get("currentValue")).isEqualTo("ENTERPRISE, baseline 100 slots, autoscale up to 200 more");
        });
        given().get("/api/v1/bigquery/bq-api/capacity?by=dataset").then().statusCode(400);
        given().get("/api/v1/bigquery/no-such-source/capacity").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
