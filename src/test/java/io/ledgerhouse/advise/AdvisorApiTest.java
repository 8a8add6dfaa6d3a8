package io.ledgerhouse.advise;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.ledgerhouse.trial.DemoSnowflakeLoader;
import io.ledgerhouse.trial.engine.SnowflakeAccountGenerator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The advisor on a generated account collected into the store (two weeks, six warehouses whose true settings the
 * generator knows): the replay of each warehouse's current setting reproduces the collected metering, the sparse
 * nightly REPORTING_WH (AUTO_SUSPEND 600) is advised a short suspend, and refreshing again keeps the ids.
 */
@QuarkusTest
class AdvisorApiTest {

    @Inject
    DemoSnowflakeLoader loader;

    @Test
    void aGeneratedAccountGetsAdviceBackedByAFaithfulReplay() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        SnowflakeAccountGenerator.Spec spec = new SnowflakeAccountGenerator.Spec(42, today.minusDays(14), 14, 6,
                14_000);
        assertThat(loader.load("advisor-sf", "advisor_sf", spec).status()).isEqualTo("SUCCEEDED");

        List<Map<String, Object>> refreshed = given().post("/api/v1/recommendations/refresh?source=advisor-sf").then()
                .statusCode(200).extract().jsonPath().getList("$");
        assertThat(refreshed).hasSize(1);
        JsonPath recs = given().queryParam("source", "advisor-sf").get("/api/v1/recommendations").then()
                .statusCode(200).extract().jsonPath();
        System.out.println("ADVICE " + recs.getList("collect { it.kind + ' ' + it.target + ' ' + it.currentValue "
                + "+ ' -> ' + it.proposedValue + ' saves ' + it.monthlySavingsAmount + ' ' + it.currency }"));
        Map<String, Object> reporting = recs.getMap("find { it.kind == 'AUTO_SUSPEND' && it.target == 'REPORTING_WH' }");
        assertThat(reporting).as("the sparse nightly warehouse is advised to suspend sooner").isNotNull();
        assertThat(Integer.parseInt((String) reporting.get("proposedValue"))).isLessThan(600);
        assertThat(reporting.get("valueUnit")).as("auto-suspend values are seconds").isEqualTo("s");
        assertThat(((Number) reporting.get("monthlySavingsAmount")).doubleValue()).isPositive();
        assertThat((String) reporting.get("sql")).isEqualTo("ALTER WAREHOUSE \"REPORTING_WH\" SET AUTO_SUSPEND = "
                + reporting.get("proposedValue"));
        assertThat(Math.abs(((Number) ((Map<?, ?>) reporting.get("evidence")).get("fidelityErrorPercent"))
                .doubleValue())).isLessThan(2.0);

        // the whole curve, with the replay's fidelity, for every warehouse
        for (String wh : List.of("REPORTING_WH", "BI_WH", "TRANSFORM_WH")) {
            JsonPath curve = given().get("/api/v1/warehouses/advisor-sf/" + wh + "/auto-suspend").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(curve.getList("curve.autoSuspendSeconds", Integer.class)).contains(30, 60, 120, 180, 300,
                    600, 900, 1800);
            assertThat(Math.abs(curve.getDouble("fidelityErrorPercent"))).as(wh + " replay vs metering")
                    .isLessThan(2.0);
            assertThat(curve.getList("curve.findAll { it.current }")).hasSize(1);
        }
        given().get("/api/v1/warehouses/advisor-sf/REPORTING_WH/auto-suspend").then()
                .body("recommendedAutoSuspendSeconds", equalTo(Integer.parseInt((String) reporting.get(
                        "proposedValue"))))
                .body("curve.find { it.recommended }.autoSuspendSeconds", equalTo(Integer.parseInt((String)
                        reporting.get("proposedValue"))));

        // unchanged advice keeps its id
        long id = ((Number) reporting.get("id")).longValue();
        given().post("/api/v1/recommendations/refresh?source=advisor-sf").then().statusCode(200)
                .body("[0].created", equalTo(0));
        given().get("/api/v1/recommendations/" + id).then().statusCode(200).body("status", equalTo("OPEN"));

        given().get("/api/v1/warehouses/advisor-sf/NOPE_WH/auto-suspend").then().statusCode(404)
                .contentType("application/problem+json");
        given().post("/api/v1/recommendations/refresh?source=nobody").then().statusCode(404);
    }
}
